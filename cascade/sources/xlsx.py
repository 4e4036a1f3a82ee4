"""Excel reader: a ledger workbook's first sheet as tab-separated lines (merged cells blank)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from . import SourceText
from .docx import check_zip


def read_xlsx(path: str | Path) -> SourceText:
    """Read the ledger sheet of an .xlsx: one tab-joined line per row, values as text."""
    path = Path(path)
    check_zip(path, what="Excel 表格")
    import openpyxl

    try:
        wb = openpyxl.load_workbook(str(path), data_only=True, read_only=True)
    except Exception as exc:
        raise InputError(f"Excel 表格无法打开：{exc}", path=path) from exc
    ws = wb["任务台账"] if "任务台账" in wb.sheetnames else wb.worksheets[0]
    lines: list[str] = []
    for row in ws.iter_rows(values_only=True):
        cells = ["" if v is None else str(v).replace("\t", " ").replace("\n", "") for v in row]
        while cells and not cells[-1]:
            cells.pop()
        lines.append("\t".join(cells))
    wb.close()
    if not any(line.strip() for line in lines):
        raise InputError("Excel 表格里没有任何内容。", path=path)
    return SourceText(path=str(path), lines=lines, kind="xlsx", encoding="xlsx")
