"""Sheets that keep people's content: 已移除 (rows whose measure left the plan), the archive of
typed cells without a row, and the sheets people added."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..ledger_layout import (
    ARCHIVE_SHEET,
    COLUMNS,
    FONT_NAME,
    FONT_SIZE,
    HEAD_FONT,
    REMOVED_FILL,
    REMOVED_SHEET,
)
from ..ledger_typed import Archived, CopiedSheet, Typed
from .xlsx_cells import line_count, print_setup, row_height, set_text, set_typed, thin_border

NOTE = ("以下各行的措施已不在当前方案中（或是自行插入、对不上任何措施的行），"
        "原样保留其中填写的全部内容，供核对。")
DEFAULT_WIDTH = 16


def write_removed_sheet(wb, columns: Sequence[str], rows: Sequence[Mapping[str, Typed]]) -> None:
    """Add the 已移除 sheet: a note, a header row of `columns`, then one row per archived row."""
    _write_table(wb.create_sheet(REMOVED_SHEET), NOTE, columns, rows, dict(COLUMNS))


ARCHIVE_NOTE = ("以下是在台账各工作表中手工填写、但重新生成后没有原位置可放的内容（例如改动过的方案列、"
                "被公式占用的统计表单元格），每次更新在本表中续记，原样保留。")
ARCHIVE_COLUMNS = ("工作表", "位置", "列", "内容", "说明")
ARCHIVE_WIDTHS = {"工作表": 12, "位置": 14, "列": 12, "内容": 48, "说明": 30}


def write_archive_sheet(wb, archive: Sequence[Archived]) -> None:
    """Add the one archive sheet of typed cells that have no row to go back to."""
    rows = []
    for a in archive:
        rows.append({"工作表": Typed(a.sheet), "位置": Typed(a.where), "列": Typed(a.column),
                     "内容": a.typed, "说明": Typed(a.note)})
        rows[-1] = {k: v for k, v in rows[-1].items() if v.value not in (None, "")
                    or k == "内容"}
    _write_table(wb.create_sheet(ARCHIVE_SHEET), ARCHIVE_NOTE, ARCHIVE_COLUMNS, rows,
                 ARCHIVE_WIDTHS)


def _write_table(ws, note: str, columns: Sequence[str], rows: Sequence[Mapping[str, Typed]],
                 widths: Mapping[str, float]) -> None:
    """A note, a header row of `columns`, then one row per mapping of typed values."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    set_text(ws.cell(1, 1), note)
    ws.cell(1, 1).font = Font(name=HEAD_FONT, size=11)
    border = thin_border()
    fill = PatternFill("solid", fgColor=REMOVED_FILL)
    for col, name in enumerate(columns, 1):
        cell = ws.cell(2, col)
        set_text(cell, name)
        cell.font = Font(name=HEAD_FONT, size=11)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = widths.get(name, DEFAULT_WIDTH)
    for i, values in enumerate(rows):
        row = 3 + i
        lines = 1
        for col, name in enumerate(columns, 1):
            cell = ws.cell(row, col)
            cell.border = border
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if name in values and values[name].value is not None:
                set_typed(cell, values[name])
                width = widths.get(name, DEFAULT_WIDTH)
                lines = max(lines, line_count(str(values[name].value), width, FONT_SIZE))
            elif name in values:
                set_typed(cell, values[name])  # a comment or link on an empty cell
        ws.row_dimensions[row].height = row_height(lines, FONT_SIZE)
    ws.freeze_panes = "A3"
    print_setup(ws, "2:2")


def write_copied_sheet(wb, sheet: CopiedSheet) -> None:
    """Re-create a sheet people added to the ledger: its values, formats, merges and widths."""
    ws = wb.create_sheet(sheet.name)
    for (row, col), typed in sorted(sheet.cells.items()):
        set_typed(ws.cell(row, col), typed)
    for ref in sheet.merged:
        ws.merge_cells(ref)
    for letter, width in sorted(sheet.widths.items()):
        ws.column_dimensions[letter].width = width
