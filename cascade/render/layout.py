"""Layout that depends on the rendered text: title lines, keeps, 署名/日期, 标志 size, ledger, sections.

docxtpl fills only text; these adjustments need the text's length, so they run afterwards on
the rendered document, keyed on the template's style ids (see gbt9704.STYLE_*).
"""

from __future__ import annotations

from ..chinese import display_width
from . import gbt9704 as G
from . import ooxml as X
from . import ooxml_read as R
from .fit import estimate_width, fit_notice


def text_width(text: str) -> float:
    """Width in body characters: full-width characters count 1, half-width ones 0.5."""
    return display_width(text, ambiguous=False)


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
    paragraphs = R.paragraphs(body)
    signers = [p for p in paragraphs if R.style_id(p) == G.STYLE_SIGNER]
    dates = [p for p in paragraphs if R.style_id(p) == G.STYLE_DATE]
    owner = R.section_of(body)
    for signer, date in zip(signers, dates):
        name, day = estimate_width(R.text_of(signer)), estimate_width(R.text_of(date))
        s_right, d_right = signer_indents(name, day)
        X.set_indent(X.paragraph_properties(signer), right=round(s_right * G.CHAR_TWIPS))
        date_ppr = X.paragraph_properties(date)
        if s_right == 2.0 and date in owner:
            # The usual case: the date's first character two right of the name's, placed from
            # the left, as the width of a date mixing digits and 年月日 is only an estimate.
            area = R.text_area(owner[date])[0]
            X.set_indent(date_ppr, left=round(area - (s_right + name - 2) * G.CHAR_TWIPS))
            X.set_attrs(X.child(date_ppr, "w:jc"), val="left")
        else:
            X.set_indent(date_ppr, right=round(d_right * G.CHAR_TWIPS))
        X.keep_with_next(signer)
        last = R.previous_text_paragraph(signer)
        if last is not None:
            X.keep_with_next(last)


def _attachment_notes(body) -> None:
    """附件说明: a long name wraps under its first character (GB/T 9704 7.3.4), and the note
    keeps with the body's last line above it."""
    for p in R.paragraphs(body):
        if R.style_id(p) != G.STYLE_ATTACHMENT_NOTE:
            continue
        text = R.text_of(p)
        label = text[: text.index("：") + 1] if "：" in text else ""
        hang = round(text_width(label) * G.CHAR_TWIPS)
        if hang:
            X.set_indent(X.paragraph_properties(p), left=G.FIRST_LINE_INDENT + hang, hanging=hang)
        last = R.previous_text_paragraph(p)
        if last is not None:
            X.keep_with_next(last)


def _keep_headings(body) -> None:
    """A paragraph that is only a heading run (`1.标题` with its items below) keeps with next."""
    for p in R.paragraphs(body, nested=False):
        runs = [r for r in R.text_runs(p) if R.text_of(r).strip()]
        styles = {R.run_style(r) for r in runs}
        if runs and styles <= set(G.HEADING_RUN_STYLES):
            X.keep_with_next(p)


def _char_pitch(document, style_id: str) -> float:
    """Advance of one full-width character in a paragraph style: its size plus its spacing."""
    style = next((s for s in document.styles if s.style_id == style_id), None)
    chain = []
    while style is not None:
        chain.append(style.element)
        style = style.base_style
    size = R.inherited(chain, "w:rPr/w:sz", "val")
    spacing = R.inherited(chain, "w:rPr/w:spacing", "val")
    return (int(size) / 2 if size else G.BODY_SIZE) + (int(spacing) / 20 if spacing else 0)


def _break_titles(document) -> None:
    """Break long titles into balanced lines (GB/T 9704 7.3.1) with `w:br` in one paragraph.

    The breaks are line breaks, not paragraphs, so a reader of `w:t` text (the parser)
    gets the title back whole.
    """
    from .titles import break_title

    body = document.element.body
    owner = R.section_of(body)
    for p in R.paragraphs(body, nested=False):
        style = R.style_id(p)
        if style not in G.TITLE_STYLES or p not in owner or R.has_tab(p):
            continue  # a title holding a typed tab is left as written
        max_chars = int(R.text_area(owner[p])[0] / 20 / _char_pitch(document, style))
        lines = break_title(R.text_of(p), max_chars)
        if len(lines) > 1:
            X.set_text_lines(p, lines)


def _fit_mark(document) -> None:
    """Shrink the red 发文机关标志 only when it would not fit the text area's width."""
    try:
        style = next(s for s in document.styles if s.style_id == G.STYLE_MARK)
    except StopIteration:
        return
    size = style.font.size.pt if style.font.size else 36
    width_pt = (G.PAGE_WIDTH - G.MARGIN_LEFT - G.MARGIN_RIGHT) / 20
    for p in R.paragraphs(document.element.body):
        if R.style_id(p) != G.STYLE_MARK:
            continue
        chars = text_width(R.text_of(p))
        if chars and chars * size > width_pt:
            fitted = int(width_pt / chars * 2) / 2
            for run in R.text_runs(p, nested=True):
                X.set_size(X.run_properties(run), fitted)


def _ledger_table(body, rows: list[dict]):
    """The table with a repeated header row whose data rows match the ledger rows."""
    for tbl in R.tables(body):
        trs = R.rows(tbl)
        head = [tr for tr in trs if R.is_header_row(tr)]
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


def _cell_lines(tc, char_twips: int) -> int:
    """Lines a cell's text needs at the 版记 size (an upper bound: indents narrow every line)."""
    width = R.cell_width(tc)
    usable = width - 2 * char_twips if width else 0
    lines = 0
    for p in R.paragraphs(tc, nested=False):
        per_line = max(1, (usable - R.left_indent(p)) // char_twips)
        lines += max(1, -(-int(text_width(R.text_of(p)) + 0.99) // per_line))
    return lines


def _pin_record_to_bottom(body) -> None:
    """Give bottom-floating tables (版记) an absolute offset too.

    Word honours `tblpYSpec="bottom"`; LibreOffice ignores it and reads `tblpY`, so the offset
    is computed from the rows' line counts (版记 lines have an exact height).
    """
    text_height = G.PAGE_HEIGHT - G.MARGIN_TOP - G.MARGIN_BOTTOM
    char = round(G.SIZES["四号"] * 20)
    for tbl, pos in R.floating_at_bottom(body):
        rows = R.rows(tbl)
        lines = sum(max(_cell_lines(tc, char) for tc in R.cells(tr)) for tr in rows)
        height = lines * G.LINE_PITCH + 40 * len(rows)
        X.set_attrs(pos, tblpY=max(0, text_height - height))


def _anchor_record(body) -> None:
    """Give a 版记 that opens its section a paragraph to anchor to.

    A floating table with no paragraph before it in its section (a plan with an attachment
    ledger and no 公开方式 line) is anchored by LibreOffice on the previous section's last page,
    over the ledger table; an empty paragraph keeps it on its own page.
    """
    for tbl, _ in R.floating_at_bottom(body):
        before = tbl.getprevious()
        opens_section = before is None or (
            R.is_paragraph(before) and R.section_break(before) is not None
        )
        if opens_section:
            X.insert_empty_paragraph_before(tbl)


def finish_document(document, context: dict) -> None:
    """Apply every text-dependent layout rule (the XML writers keep schema order)."""
    body = document.element.body
    _place_signature(body)
    _break_titles(document)
    _keep_headings(body)
    _attachment_notes(body)
    fit_notice(document)
    _fit_mark(document)
    _merge_ledger(body, context)
    X.drop_empty_last_section(body)
    _pin_record_to_bottom(body)
    _anchor_record(body)
