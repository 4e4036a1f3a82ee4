"""The ledger's 排序筛选 sheet: the same rows with every row self-contained (task titles repeated,
no merged cells, no protection), so Excel, WPS and LibreOffice can sort it by any column."""

from __future__ import annotations

from ..ledger_due import due_cell, state_formulas
from ..ledger_layout import (
    DATE_FORMAT,
    FLAT_SHEET,
    HEAD_FONT,
    HEADERS,
    LEDGER_SHEET,
    OVERDUE_FILL,
    OVERDUE_FONT,
    SOON_FILL,
    SOON_FONT,
    as_of_ref,
)
from ..measures import measure_deadlines
from .xlsx_cells import (
    column_letter,
    font,
    print_setup,
    set_notes,
    set_text,
    set_typed,
    thin_border,
)

FLAT_NOTE = ("本表与“任务台账”表内容相同，每行自成一体（无合并单元格、不设保护），可按截止日期等任意列排序、筛选；"
             "在任一表中填写均可，更新台账时两处合并，同一措施两处填得不同会在更新时提示。")
FLAT_HEADER_ROW, FLAT_FIRST_ROW = 2, 3


def write_flat_sheet(wb, entries, headers, cells, typed):
    """Add the sortable sheet and return it (its header row, FLAT_HEADER_ROW, is the ledger's,
    written by the caller): `cells` are the plan's values by measure id, `typed` what people
    typed (the same values the ledger sheet holds)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(FLAT_SHEET)
    set_text(ws.cell(1, 1), FLAT_NOTE)
    ws.cell(1, 1).font = font(HEAD_FONT, 10.5)
    ws.cell(1, 1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.row_dimensions[1].height = 32
    border, body = thin_border(), font()
    wrap = Alignment(vertical="top", wrap_text=True)
    for i, entry in enumerate(entries):
        row = FLAT_FIRST_ROW + i
        mid = entry.measure.id
        values = dict(cells[mid])
        values["截止日期"] = due_cell(measure_deadlines(entry), as_of_ref(LEDGER_SHEET))
        own = typed.get(mid, {})
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row, col)
            cell.border, cell.font, cell.alignment = border, body, wrap
            value = values.get(header)
            if header in own and own[header].value is not None:
                set_typed(cell, own[header])
            elif isinstance(value, str) and not (header == "截止日期" and value.startswith("=")):
                set_text(cell, value)
            elif value is not None:
                cell.value = value
            if header == "截止日期":
                cell.number_format = DATE_FORMAT
            if header in own and own[header].value is None:
                set_notes(cell, own[header])
    last = FLAT_FIRST_ROW + max(0, len(entries) - 1)
    due = f"${column_letter(headers, '截止日期')}{FLAT_FIRST_ROW}"
    status = f"${column_letter(headers, '完成状态')}{FLAT_FIRST_ROW}"
    overdue, soon = state_formulas(due, status, as_of_ref(LEDGER_SHEET))
    area = f"A{FLAT_FIRST_ROW}:{column_letter(headers, HEADERS[-1])}{last}"
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[overdue], stopIfTrue=True,
        fill=PatternFill("solid", bgColor=OVERDUE_FILL), font=Font(color=OVERDUE_FONT)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[soon], fill=PatternFill("solid", bgColor=SOON_FILL), font=Font(color=SOON_FONT)))
    ws.freeze_panes = f"A{FLAT_FIRST_ROW}"
    ws.auto_filter.ref = f"A{FLAT_HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    print_setup(ws, f"{FLAT_HEADER_ROW}:{FLAT_HEADER_ROW}")
    return ws
