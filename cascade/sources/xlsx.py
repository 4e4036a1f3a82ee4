"""Excel reader: a ledger workbook's first sheet as tab-separated lines (merged cells blank)."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError
from . import SourceText
from .office import check_office
from .sheet_cells import text_lines


def read_xlsx(path: str | Path) -> SourceText:
    """Read the ledger sheet of an .xlsx: one tab-joined line per row, values as text."""
    path = Path(path)
    check_office(path, "xlsx")
    from ..heavy import openpyxl as _openpyxl

    openpyxl = _openpyxl()
    from ..fsutil import read_bytes

    data = read_bytes(path)
    try:
        # From bytes: openpyxl refuses a file by its extension, the content was checked above.
        # Normal mode (cells and merges bounded by check_office): read-only mode pads every row
        # to the declared <dimension>, which a file may set to XFD1048576.
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise InputError(
            "Excel 表格内部结构有误，无法打开；请在 Excel/WPS 中打开后另存为 .xlsx 再试。", path=path
        ) from exc
    ws = wb["任务台账"] if "任务台账" in wb.sheetnames else wb.worksheets[0]
    lines = text_lines(ws)
    wb.close()
    if not any(line.strip() for line in lines):
        raise InputError("Excel 表格里没有任何内容。", path=path)
    return SourceText(path=str(path), lines=lines, kind="xlsx", encoding="xlsx")
