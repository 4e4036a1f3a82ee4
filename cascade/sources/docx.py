"""Word reader: body paragraphs and table rows in document order, one line each."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from . import SourceText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Tracked changes are read accepted: deleted text (and a move's old place) is left out, inserted
# text kept; a paragraph whose mark is deleted runs on into the next one, as in Word.
_REMOVED = (f"{_W}del", f"{_W}moveFrom")

def _cell_text(tc) -> str:
    return "".join(
        "".join(t.text or "" for t in p.iter(f"{_W}t") if not _removed(t))
        for p in tc.iter(f"{_W}p")
    ).strip()


def _removed(el) -> bool:
    """True for text inside a tracked deletion (gone once the changes are accepted)."""
    return any(a.tag in _REMOVED for a in el.iterancestors())


def _mark_deleted(p) -> bool:
    """True when the paragraph's mark itself is a tracked deletion (it joins the next one)."""
    ppr = p.find(f"{_W}pPr")
    rpr = ppr.find(f"{_W}rPr") if ppr is not None else None
    return rpr is not None and any(rpr.find(tag) is not None for tag in _REMOVED)


def _paragraph_text(p) -> str:
    """A paragraph's text, with a tab typed in a run kept as a tab (not tab-stop definitions)."""
    parts = []
    for el in p.iter(f"{_W}t", f"{_W}tab"):
        if _removed(el):
            continue
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.getparent() is not None and el.getparent().tag == f"{_W}r":
            parts.append("\t")
    return "".join(parts)


def _row_line(tr) -> str:
    cells = []
    for tc in tr.iter(f"{_W}tc"):
        pr = tc.find(f"{_W}tcPr")
        vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
        # A continued vertical merge shows nothing of its own, as extracted text does.
        if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
            cells.append("")
        else:
            cells.append(_cell_text(tc).replace("\t", " "))
    return "\t".join(cells)


def read_docx(path: str | Path) -> SourceText:
    """Read a .docx file: each paragraph a line, each table row a tab-separated line."""
    from .office import check_office

    path = Path(path)
    check_office(path, "docx")
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for malformed parts
        raise InputError(
            "Word 文档内部结构有误，无法打开；请在 Word/WPS 中打开后另存为 .docx 再试。", path=path
        ) from exc
    body = document.element.find(f"{_W}body")
    if body is None:
        raise InputError("Word 文档没有正文部分（document.xml 中缺少 <w:body>），无法读取。", path=path)
    from .docx_numbering import read_numbering

    numbering = read_numbering(document)
    lines: list[str] = []
    carry = ""
    for block in body.iterchildren():
        if block.tag == f"{_W}p":
            # Word's automatic list numbers (1. （一）) are drawn, not stored: put them back.
            text = carry + numbering.label(block) + _paragraph_text(block)
            carry = text if _mark_deleted(block) else ""
            if not carry:
                lines.append(text)
        elif block.tag == f"{_W}tbl":
            for tr in block.iter(f"{_W}tr"):
                lines.append(_row_line(tr))
            lines.append("")
    if carry:
        lines.append(carry)
    if not any(line.strip() for line in lines):
        raise InputError("Word 文档里没有任何文字。", path=path)
    return SourceText(path=str(path), lines=lines, kind="docx", encoding="docx")
