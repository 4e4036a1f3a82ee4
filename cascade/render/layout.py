"""Layout that depends on the rendered text: title lines, keeps, 署名/日期, 标志 size, ledger, sections.

docxtpl fills only text; these adjustments need the text's length, so they run afterwards on
the rendered document, keyed on the template's style ids (see gbt9704.STYLE_*).
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from ..chinese import display_width
from . import gbt9704 as G
from . import ooxml as X
from .fit import estimate_width, fit_notice
from .ooxml import qn


def text_width(text: str) -> float:
    """Width in body characters: full-width characters count 1, half-width ones 0.5."""
    return display_width(text, ambiguous=False)


def _style_id(p) -> str:
    """The paragraph's style id, or '' for Normal."""
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _text(el) -> str:
    """All text below an element."""
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def signer_indents(signer_width: float, date_width: float) -> tuple[float, float]:
    """Right indents (in characters) of an unsealed 署名 and 成文日期 (GB/T 9704 7.3.5.2).

    The name ends two characters from the right; the date starts two characters right of the
    name's first character. A date longer than that moves the name left and keeps the date
    two characters from the right edge.
    """
    if signer_width - date_width >= 2:
        return 2.0, signer_width - date_width
    return 4 + date_width - signer_width, 2.0


def _place_signature(body) -> None:
    """Set the 署名 and 成文日期 right indents; keep them with each other and the body's end.

    GB/T 9704 7.3.5: the 成文日期 never parts from the 署名, and the signature never stands
    on a page without body text, so the last body paragraph (its last line, widow control
    being off on the 22-line grid) keeps with the 署名, which keeps with the date.
    """
    paragraphs = list(body.iter(qn("w:p")))
    signers = [p for p in paragraphs if _style_id(p) == G.STYLE_SIGNER]
    dates = [p for p in paragraphs if _style_id(p) == G.STYLE_DATE]
    owner = _sections_of(body)
    for signer, date in zip(signers, dates):
        name, day = estimate_width(_text(signer)), estimate_width(_text(date))
        s_right, d_right = signer_indents(name, day)
        X.set_indent(X.child(signer, "w:pPr", first=True), right=round(s_right * G.CHAR_TWIPS))
        date_ppr = X.child(date, "w:pPr", first=True)
        if s_right == 2.0 and date in owner:
            # The usual case: the date's first character two right of the name's, placed from
            # the left, as the width of a date mixing digits and 年月日 is only an estimate.
            area = _text_area_pt(owner[date]) * 20
            X.set_indent(date_ppr, left=round(area - (s_right + name - 2) * G.CHAR_TWIPS))
            X.set_attrs(X.child(date_ppr, "w:jc"), val="left")
        else:
            X.set_indent(date_ppr, right=round(d_right * G.CHAR_TWIPS))
        X.child(X.child(signer, "w:pPr", first=True), "w:keepNext")
        last = next((p for p in signer.itersiblings(qn("w:p"), preceding=True) if _text(p)), None)
        if last is not None:
            X.child(X.child(last, "w:pPr", first=True), "w:keepNext")


def _attachment_notes(body) -> None:
    """附件说明: a long name wraps under its first character (GB/T 9704 7.3.4), and the note
    keeps with the body's last line above it."""
    for p in body.iter(qn("w:p")):
        if _style_id(p) != G.STYLE_ATTACHMENT_NOTE:
            continue
        text = _text(p)
        label = text[: text.index("：") + 1] if "：" in text else ""
        hang = round(text_width(label) * G.CHAR_TWIPS)
        if hang:
            ppr = X.child(p, "w:pPr", first=True)
            X.set_indent(ppr, left=G.FIRST_LINE_INDENT + hang, hanging=hang)
        last = next((q for q in p.itersiblings(qn("w:p"), preceding=True) if _text(q)), None)
        if last is not None:
            X.child(X.child(last, "w:pPr", first=True), "w:keepNext")


def _run_style(run) -> str:
    """The run's character style id, or ''."""
    style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


def _keep_headings(body) -> None:
    """A paragraph that is only a heading run (`1.标题` with its items below) keeps with next."""
    for p in body.findall(qn("w:p")):
        runs = [r for r in p.findall(qn("w:r")) if _text(r).strip()]
        styles = {_run_style(r) for r in runs}
        if runs and styles <= set(G.HEADING_RUN_STYLES):
            X.child(X.child(p, "w:pPr", first=True), "w:keepNext")


def _sections_of(body) -> dict:
    """Each top-level paragraph → the `w:sectPr` of the section it belongs to."""
    owner, pending = {}, []
    for el in body:
        if el.tag == qn("w:p"):
            pending.append(el)
            sectpr = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        else:
            sectpr = el if el.tag == qn("w:sectPr") else None
        if sectpr is not None:
            owner.update((p, sectpr) for p in pending)
            pending = []
    return owner


def _text_area_pt(sectpr) -> float:
    """Width of a section's text area (版心) in points."""
    size, margins = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    width = (
        int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    )
    return width / 20


def _char_pitch(document, style_id: str) -> float:
    """Advance of one full-width character in a paragraph style: its size plus its spacing."""
    size = spacing = None
    style = next((s for s in document.styles if s.style_id == style_id), None)
    while style is not None and (size is None or spacing is None):
        rpr = style.element.find(qn("w:rPr"))
        sz = rpr.find(qn("w:sz")) if rpr is not None else None
        sp = rpr.find(qn("w:spacing")) if rpr is not None else None
        if size is None and sz is not None:
            size = int(sz.get(qn("w:val"))) / 2
        if spacing is None and sp is not None:
            spacing = int(sp.get(qn("w:val"))) / 20
        style = style.base_style
    return (size or G.BODY_SIZE) + (spacing or 0)


def _break_titles(document) -> None:
    """Break long titles into balanced lines (GB/T 9704 7.3.1) with `w:br` in one paragraph.

    The breaks are line breaks, not paragraphs, so a reader of `w:t` text (the parser)
    gets the title back whole.
    """
    from .titles import break_title

    body = document.element.body
    owner = _sections_of(body)
    for p in body.findall(qn("w:p")):
        style = _style_id(p)
        if style not in G.TITLE_STYLES or p not in owner or p.find(f".//{qn('w:tab')}") is not None:
            continue  # a title holding a typed tab is left as written
        max_chars = int(_text_area_pt(owner[p]) / _char_pitch(document, style))
        lines = break_title(_text(p), max_chars)
        if len(lines) > 1:
            _set_text_lines(p, lines)


def _set_text_lines(paragraph_el, lines: list[str]) -> None:
    """Replace a paragraph's text runs by `lines` joined with line breaks (`w:br`).

    The first run holding text lends its properties to every line; runs without text (a
    page break before a title) stay where they are, empty text runs go.
    """
    runs = [r for r in paragraph_el.findall(qn("w:r")) if r.find(qn("w:t")) is not None]
    filled = [r for r in runs if any(t.text for t in r.findall(qn("w:t")))]
    if not filled:
        return
    first = filled[0]
    for run in runs:
        if run is not first:
            paragraph_el.remove(run)
    for t in first.findall(qn("w:t"))[1:]:
        first.remove(t)
    anchor = first
    for i, line in enumerate(lines):
        run = first if i == 0 else deepcopy(first)
        t = run.find(qn("w:t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if i:
            t.addprevious(etree.Element(qn("w:br")))
            anchor.addnext(run)
            anchor = run


def _fit_mark(document) -> None:
    """Shrink the red 发文机关标志 only when it would not fit the text area's width."""
    try:
        style = next(s for s in document.styles if s.style_id == G.STYLE_MARK)
    except StopIteration:
        return
    size = style.font.size.pt if style.font.size else 36
    width_pt = (G.PAGE_WIDTH - G.MARGIN_LEFT - G.MARGIN_RIGHT) / 20
    for p in document.element.body.iter(qn("w:p")):
        if _style_id(p) != G.STYLE_MARK:
            continue
        chars = text_width(_text(p))
        if chars and chars * size > width_pt:
            fitted = int(width_pt / chars * 2) / 2
            for run in p.iter(qn("w:r")):
                X.set_size(X.child(run, "w:rPr", first=True), fitted)


def _ledger_table(body, rows: list[dict]):
    """The table with a repeated header row whose data rows match the ledger rows."""
    for tbl in body.iter(qn("w:tbl")):
        trs = tbl.findall(qn("w:tr"))
        head = [tr for tr in trs if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        if head and len(trs) - len(head) == len(rows):
            return trs[len(head) :]
    return None


def _merge_ledger(body, context: dict) -> None:
    """Merge 重点任务 and 具体任务 cells vertically over their measures."""
    attachment = context.get("attachment")
    if not attachment:
        return
    rows = attachment["rows"]
    trs = _ledger_table(body, rows)
    if trs is None:
        return
    X.merge_down(trs, 1, [f"{r['section_key']}/{r['task_key']}" for r in rows])
    X.merge_down(trs, 0, [r["section_key"] for r in rows])


def _drop_empty_last_section(body) -> None:
    """A last section with neither text nor table (no 版记) is removed with its page."""
    sect_paras = [
        p for p in body.findall(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    if not sect_paras:
        return
    last = sect_paras[-1]
    after = list(last.itersiblings())
    if any(el.tag == qn("w:tbl") or _text(el).strip() for el in after):
        return
    inner = last.find(qn("w:pPr")).find(qn("w:sectPr"))
    final = body.find(qn("w:sectPr"))
    body.replace(final, inner)
    body.remove(last)


def _cell_lines(tc, char_twips: int) -> int:
    """Lines a cell's text needs at the 版记 size (an upper bound: indents narrow every line)."""
    width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    usable = int(width.get(qn("w:w"))) - 2 * char_twips if width is not None else 0
    lines = 0
    for p in tc.findall(qn("w:p")):
        ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        left = int(ind.get(qn("w:left"), 0)) if ind is not None else 0
        per_line = max(1, (usable - left) // char_twips)
        lines += max(1, -(-int(text_width(_text(p)) + 0.99) // per_line))
    return lines


def _pin_record_to_bottom(body) -> None:
    """Give bottom-floating tables (版记) an absolute offset too.

    Word honours `tblpYSpec="bottom"`; LibreOffice ignores it and reads `tblpY`, so the offset
    is computed from the rows' line counts (版记 lines have an exact height).
    """
    text_height = G.PAGE_HEIGHT - G.MARGIN_TOP - G.MARGIN_BOTTOM
    char = round(G.SIZES["四号"] * 20)
    for tbl in body.iter(qn("w:tbl")):
        pos = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}")
        if pos is None or pos.get(qn("w:tblpYSpec")) != "bottom":
            continue
        rows = tbl.findall(qn("w:tr"))
        lines = sum(max(_cell_lines(tc, char) for tc in tr.findall(qn("w:tc"))) for tr in rows)
        height = lines * G.LINE_PITCH + 40 * len(rows)
        X.set_attrs(pos, tblpY=max(0, text_height - height))


def _anchor_record(body) -> None:
    """Give a 版记 that opens its section a paragraph to anchor to.

    A floating table with no paragraph before it in its section (a plan with an attachment
    ledger and no 公开方式 line) is anchored by LibreOffice on the previous section's last page,
    over the ledger table; an empty paragraph keeps it on its own page.
    """
    for tbl in list(body.iter(qn("w:tbl"))):
        pos = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}")
        if pos is None or pos.get(qn("w:tblpYSpec")) != "bottom":
            continue
        before = tbl.getprevious()
        opens_section = before is None or (
            before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        )
        if opens_section:
            tbl.addprevious(etree.Element(qn("w:p")))


def finish_document(document, context: dict) -> None:
    """Apply every text-dependent layout rule, then put properties into schema order."""
    body = document.element.body
    _place_signature(body)
    _break_titles(document)
    _keep_headings(body)
    _attachment_notes(body)
    fit_notice(document)
    _fit_mark(document)
    _merge_ledger(body, context)
    _drop_empty_last_section(body)
    _pin_record_to_bottom(body)
    _anchor_record(body)
    X.normalize_order(body)
