"""PDF reader: the text layer page by page, in reading order, without page furniture.

A PDF made from Word/WPS keeps its text as drawn lines; pypdf extracts them in the order they
are drawn, which for office output is reading order. What repeats at the top or bottom of the
pages (a running header, `— 3 —` page numbers) is dropped here; pages are joined with a form
feed so the parser can still tell a page break. A scanned PDF has no text layer: it is
refused with one sentence (no OCR is attempted).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from . import SourceText

PDF_MAGIC = b"%PDF-"
# A page with fewer characters than this (after furniture) counts as having no text.
MIN_PAGE_CHARS = 8
# Lines looked at, at each end of a page, for furniture.
EDGE_LINES = 3
_PAGE_MARK = re.compile(
    r"^\s*(?:[—\-－–_·•]*\s*\d{1,3}\s*[—\-－–_·•]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_DIGITS = re.compile(r"\d+")


def is_pdf(head: bytes) -> bool:
    """True when a file's first bytes say it is a PDF."""
    return head.lstrip()[:5] == PDF_MAGIC


def _open(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF 文件设置了打开密码，无法读取；请取消密码后再试。", path=path)
        pages = list(reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError("PDF 文件已损坏，无法读取；请重新导出 PDF 或改用 Word/WPS 原文件。", path=path) from exc
    return pages


def _page_lines(page) -> list[str]:
    try:
        text = page.extract_text() or ""
    except Exception:  # pypdf raises many kinds for a broken content stream
        text = ""
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _furniture_key(line: str) -> str:
    """A line as it repeats from page to page: digits (the page number) made alike."""
    return _DIGITS.sub("#", line.strip().replace(" ", ""))


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and the lines that repeat at the edges of most pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i]) for i in _edges(lines)})
    repeated = {key for key, n in counts.items() if key and len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for lines in pages:
        edges = set(_edges(lines))
        out.append([
            line for i, line in enumerate(lines)
            if not (i in edges and (_PAGE_MARK.match(line) or _furniture_key(line) in repeated))
        ])
    return out


def read_pdf(path: str | Path) -> SourceText:
    """Read a PDF's text layer into lines; refuse a PDF without pages or without text."""
    path = Path(path)
    pages = _open(path)
    if not pages:
        raise InputError("PDF 文件没有任何页面。", path=path)
    texts = strip_furniture([_page_lines(page) for page in pages])
    chars = sum(len("".join(lines).strip()) for lines in texts)
    if chars < MIN_PAGE_CHARS:
        raise InputError(
            "这是扫描版 PDF（只有图片，没有文字层），无法读取文字；请改用 Word/WPS 原文件，"
            "或先做文字识别后另存为 .docx 再试。",
            path=path,
        )
    lines: list[str] = []
    for k, page in enumerate(texts):
        if k:
            lines.append("\f")
        lines += page
    return SourceText(path=str(path), lines=lines, kind="pdf", encoding="pdf")
