"""Sheets that keep people's content: 已移除 (rows whose measure left the plan) and their own sheets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .xlsx_cells import CopiedSheet, Typed, line_count, row_height, set_text, set_typed

NOTE = ("以下各行的措施已不在当前方案中（或是自行插入、对不上任何措施的行），"
        "原样保留其中填写的全部内容，供核对。")
DEFAULT_WIDTH = 16


def write_removed_sheet(wb, columns: Sequence[str], rows: Sequence[Mapping[str, Typed]]) -> None:
    """Add the 已移除 sheet: a note, a header row of `columns`, then one row per archived row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .xlsx import (
        COLUMNS,
        FONT_NAME,
        FONT_SIZE,
        HEAD_FONT,
        REMOVED_SHEET,
        print_setup,
        thin_border,
    )

    ws = wb.create_sheet(REMOVED_SHEET)
    widths = dict(COLUMNS)
    set_text(ws.cell(1, 1), NOTE)
    ws.cell(1, 1).font = Font(name=HEAD_FONT, size=11)
    border = thin_border()
    fill = PatternFill("solid", fgColor="EDEDED")
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
            if name in values:
                set_typed(cell, values[name])
                width = widths.get(name, DEFAULT_WIDTH)
                lines = max(lines, line_count(str(values[name].value), width, FONT_SIZE))
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
