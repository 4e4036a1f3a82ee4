"""Low-level .xlsx helpers: safe cell values, text sizing, and byte-identical saving."""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import zipfile
from pathlib import Path

from ..chinese import is_wide
from ..fsutil import atomic_write_bytes
from ..ledger_layout import FONT_NAME, FONT_SIZE, MARGINS
from ..ledger_typed import Typed
from .ooxml import deterministic_zip

# Characters openpyxl refuses (and Excel cannot hold) in a cell: C0 controls, DEL, the XML
# non-characters U+FFFE/U+FFFF and lone surrogates.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# A text cell that Excel would read as a formula when someone edits it.
FORMULA_STARTS = ("=", "+", "-", "@")
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
MAX_CELL_CHARS = 32767
# What replaces the end of a text too long for one cell (Excel holds at most 32,767 characters).
TRUNCATED_NOTE = "……（原文超过 Excel 单元格 32767 字的上限，以下从略，全文见方案）"


def clean_text(text: str) -> str:
    """Document text fit for a cell: control characters stripped, CRLF unified, and a text over
    Excel's cell limit cut with a note saying so (Excel would refuse or truncate the file)."""
    text = CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED_NOTE)] + TRUNCATED_NOTE
    return text


def needs_text_guard(text: str) -> bool:
    """True when a string would be taken for a formula or an error code (after blanks, as a
    tab or space typed before `=` does not stop every spreadsheet from evaluating it)."""
    return text.lstrip().startswith(FORMULA_STARTS) or text.strip().upper() in ERROR_CODES


def set_text(cell, text: str) -> None:
    """Write document text into a cell so that it stays text (never a formula or an error)."""
    text = clean_text(text)
    cell.value = text
    if needs_text_guard(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def set_typed(cell, typed: Typed) -> None:
    """Put back a value somebody typed: formulas stay formulas, text stays text."""
    value = typed.value
    if isinstance(value, str) and not typed.formula:
        set_text(cell, value)
    else:
        cell.value = value
    if typed.number_format and typed.number_format != "General":
        cell.number_format = typed.number_format
    set_notes(cell, typed)


def set_notes(cell, typed: Typed) -> None:
    """Put back the comment (批注) and hyperlink somebody put on a cell."""
    if typed.comment:
        from openpyxl.comments import Comment

        cell.comment = Comment(typed.comment, typed.author or "")
    if typed.link:
        cell.hyperlink = typed.link


# -- styles and print shared by every sheet of a ledger workbook ------------------------------


def font(name: str = FONT_NAME, size: float = FONT_SIZE, bold: bool = False):
    """A font of the ledger (宋体 10.5 pt unless told)."""
    from openpyxl.styles import Font

    return Font(name=name, size=size, bold=bold)


def thin_border():
    """A thin black border on all four sides."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def column_letter(headers, header: str) -> str:
    """The column letter of a header in a row of headers."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(list(headers).index(header) + 1)


def print_setup(ws, title_rows: str | None = None) -> None:
    """Every ledger workbook sheet prints A4 landscape, one page wide, with the ledger margins.

    `title_rows` ("2:2") repeat on every printed page.
    """
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for name, value in MARGINS.items():
        setattr(ws.page_margins, name, value)


# -- sizing ----------------------------------------------------------------------------------


def text_units(text: str) -> float:
    """Width of a line in Excel column units: a CJK (wide) character counts about 2, others 1."""
    return sum(2.0 if is_wide(ch, ambiguous=False) else 1.1 for ch in text)


def line_count(text: str, width: float, size: float = 11.0) -> int:
    """How many lines wrapped text takes in a column `width` units wide at font `size` pt."""
    usable = max(2.0, width - 1.2) * 11.0 / size
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(text_units(paragraph) / usable))
    return lines


def row_height(lines: int, size: float = 11.0) -> float:
    """Row height in points for `lines` of text at `size` pt, with cell padding."""
    return round(lines * size * 1.45 + 6, 1)


# -- saving ----------------------------------------------------------------------------------


def save_deterministic(wb, path: str | Path, when: _dt.datetime) -> Path:
    """Save a workbook atomically, with core properties and every zip entry time set to `when`."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike save_workbook, leaves `modified` alone
    stamp = (max(1980, when.year), when.month, when.day, 0, 0, 0)
    data = deterministic_zip(buffer.getvalue(), stamp)
    path = Path(path)
    atomic_write_bytes(path, data)
    return path


