"""Raw WordprocessingML, read side: what the layout rules ask of a rendered document.

Style ids, text, a paragraph's section, a section's text area, properties inherited along a
paragraph's styles, the floating 版记 tables, the text once tracked changes are accepted or
rejected. Writers are in `ooxml`.
"""

from __future__ import annotations

from .ooxml import qn


def style_id(p) -> str:
    """A paragraph's style id, or '' for Normal."""
    found = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return found.get(qn("w:val")) if found is not None else ""


def run_style(run) -> str:
    """A run's character style id, or ''."""
    found = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
    return found.get(qn("w:val")) if found is not None else ""


def text_of(el) -> str:
    """All text below an element (`w:t`), as a reader of the document sees it."""
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def paragraphs(root, *, nested: bool = True) -> list:
    """The paragraphs below `root`: all of them, or only its own children (`nested=False`)."""
    return list(root.iter(qn("w:p"))) if nested else root.findall(qn("w:p"))


def text_runs(p, *, nested: bool = False) -> list:
    """A paragraph's own runs, or every run below it (in hyperlinks, fields) with `nested`."""
    return list(p.iter(qn("w:r"))) if nested else p.findall(qn("w:r"))


def tables(root) -> list:
    """Every table below `root`."""
    return list(root.iter(qn("w:tbl")))


def rows(tbl) -> list:
    """A table's rows."""
    return tbl.findall(qn("w:tr"))


def cells(tr) -> list:
    """A row's cells."""
    return tr.findall(qn("w:tc"))


def is_header_row(tr) -> bool:
    """True for a row repeated at the top of every page (`w:tblHeader`)."""
    return tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def has_tab(p) -> bool:
    """True when a paragraph holds a typed tab."""
    return p.find(f".//{qn('w:tab')}") is not None


def line_breaks(p) -> list:
    """A paragraph's plain line breaks (`w:br` without a page or column type)."""
    return [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) is None]


def section_break(p):
    """The `w:sectPr` a paragraph closes its section with, or None."""
    return p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")


def sections(body) -> list:
    """Every `w:sectPr` of the body, in order (the last is the body's own)."""
    return list(body.iter(qn("w:sectPr")))


def section_of(body) -> dict:
    """Each top-level paragraph → the `w:sectPr` of the section it belongs to."""
    owner, pending = {}, []
    for el in body:
        if el.tag == qn("w:p"):
            pending.append(el)
            sectpr = section_break(el)
        else:
            sectpr = el if el.tag == qn("w:sectPr") else None
        if sectpr is not None:
            owner.update((p, sectpr) for p in pending)
            pending = []
    return owner


def text_area(sectpr) -> tuple[int, int]:
    """(width, height) of a section's text area (版心) in twips: the page less its margins."""
    size, margins = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))

    def get(el, name: str) -> int:
        return int(el.get(qn(f"w:{name}")))

    return (get(size, "w") - get(margins, "left") - get(margins, "right"),
            get(size, "h") - get(margins, "top") - get(margins, "bottom"))


def doc_defaults(styles_el) -> list:
    """The document defaults' pPr and rPr holders (`w:pPrDefault`, `w:rPrDefault`)."""
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        return []
    return [el for el in (defaults.find(qn("w:pPrDefault")), defaults.find(qn("w:rPrDefault")))
            if el is not None]


def inherited(holders: list, path: str, attr: str) -> str | None:
    """The first value of `attr` on the element at `path` ('w:pPr/w:spacing') along `holders`:
    a paragraph, then its styles, then the document defaults."""
    steps = "/".join(qn(part) for part in path.split("/"))
    for holder in holders:
        el = holder.find(steps)
        if el is not None and el.get(qn(f"w:{attr}")) is not None:
            return el.get(qn(f"w:{attr}"))
    return None


def bottom_border(holders: list):
    """The first paragraph bottom border along `holders` (a paragraph and its styles), or None."""
    path = f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}"
    return next((b for h in holders if (b := h.find(path)) is not None), None)


def attr(el, name: str, default: str | None = None) -> str | None:
    """A `w:` attribute of an element."""
    return el.get(qn(f"w:{name}"), default)


def floating_at_bottom(body) -> list:
    """(table, its `w:tblpPr`) for every table floating at the page bottom (the 版记)."""
    out = []
    for tbl in tables(body):
        pos = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}")
        if pos is not None and pos.get(qn("w:tblpYSpec")) == "bottom":
            out.append((tbl, pos))
    return out


def cell_width(tc) -> int:
    """A cell's width in twips (0 when it states none)."""
    width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    return int(width.get(qn("w:w"))) if width is not None else 0


def left_indent(p) -> int:
    """A paragraph's own left indent in twips."""
    ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return int(ind.get(qn("w:left"), 0)) if ind is not None else 0


def previous_text_paragraph(p):
    """The nearest paragraph before `p` (a sibling) that holds text, or None."""
    return next((q for q in p.itersiblings(qn("w:p"), preceding=True) if text_of(q)), None)


def is_paragraph(el) -> bool:
    """True for a `w:p` element."""
    return el.tag == qn("w:p")


def is_table(el) -> bool:
    """True for a `w:tbl` element."""
    return el.tag == qn("w:tbl")


def revised_text(body, *, accept: bool) -> list[str]:
    """The text of each paragraph below `body` once every revision is accepted (or rejected).

    Accepting drops `w:del` content and keeps `w:ins`; rejecting does the reverse. A paragraph
    whose mark is deleted (accept) or inserted (reject) joins the next one, as Word does.
    """
    drop = qn("w:del") if accept else qn("w:ins")
    out: list[str] = []
    carry = ""
    for p in body.iter(qn("w:p")):
        parts = []
        for el in p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
            if any(a.tag == drop for a in el.iterancestors()):
                continue
            parts.append("\t" if el.tag == qn("w:tab") else el.text or "")
        text = carry + "".join(parts)
        ppr = p.find(qn("w:pPr"))
        mark = ppr.find(qn("w:rPr")) if ppr is not None else None
        if mark is not None and mark.find(drop) is not None:
            carry = text
            continue
        carry = ""
        out.append(text)
    if carry:
        out.append(carry)
    return out
