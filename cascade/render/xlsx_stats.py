"""The ledger's 统计 sheet: counts by status, unit and deadline month as live formulas, and a chart."""

from __future__ import annotations

import datetime as _dt

from ..measures import earliest_due, measure_deadlines, measure_units
from .xlsx_cells import set_text

OTHER_STATUS = "其他"
BLANK_STATUS = "未填写"
NO_DATE = "无具体日期"
MONTH_FORMAT = 'yyyy"年"m"月"'
WIDTHS = {"A": 34, "B": 10, "C": 10, "D": 10}


def write_stats_sheet(wb, ledger_ws, entries, last: int) -> None:
    """Add the 统计 sheet: every count is a formula over the ledger, so edits update it."""
    from openpyxl.styles import Alignment

    from .xlsx import FIRST_ROW, HEADERS, STATS_SHEET, STATUSES, column_letter, unit_separator

    ws = wb.create_sheet(STATS_SHEET)
    sheet = "'" + ledger_ws.title.replace("'", "''") + "'"

    def area(header: str) -> str:
        col = column_letter(HEADERS, header)
        return f"{sheet}!${col}${FIRST_ROW}:${col}${last}"

    sep = unit_separator(entries)
    status, units, due, text = area("完成状态"), area("责任单位"), area("截止日期"), area("主要措施")
    set_text(ws.cell(1, 1), "任务台账统计（公式随台账自动更新）")
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 28

    row = 3
    _head(ws, row, ("完成状态", "措施数"))
    first_status = row + 1
    for name in STATUSES:
        row += 1
        set_text(ws.cell(row, 1), name)
        ws.cell(row, 2).value = f'=COUNTIF({status},A{row})'
    last_status = row
    row += 1
    set_text(ws.cell(row, 1), BLANK_STATUS)
    ws.cell(row, 2).value = f"=SUMPRODUCT(--(LEN({text})>0),--({status}=\"\"))"
    row += 1
    set_text(ws.cell(row, 1), OTHER_STATUS)
    ws.cell(row, 2).value = f"=COUNTA({text})-SUM(B{first_status}:B{row - 1})"
    row += 1
    set_text(ws.cell(row, 1), "合计")
    ws.cell(row, 2).value = f"=COUNTA({text})"
    _chart(ws, first_status, last_status)

    row += 2
    _head(ws, row, ("责任单位", "措施数", "已完成", "未完成"))
    for unit in _units(entries):
        row += 1
        set_text(ws.cell(row, 1), unit)
        has = f'ISNUMBER(FIND("{sep}"&$A{row}&"{sep}","{sep}"&{units}&"{sep}"))'
        ws.cell(row, 2).value = f"=SUMPRODUCT(--{has})"
        ws.cell(row, 3).value = f'=SUMPRODUCT({has}*({status}="已完成"))'
        ws.cell(row, 4).value = f"=B{row}-C{row}"

    row += 2
    _head(ws, row, ("截止月份", "措施数", "已完成", "未完成"))
    for month in _months(entries):
        row += 1
        ws.cell(row, 1).value = month
        ws.cell(row, 1).number_format = MONTH_FORMAT
        span = f'{due},">="&$A{row},{due},"<"&DATE(YEAR($A{row}),MONTH($A{row})+1,1)'
        ws.cell(row, 2).value = f"=COUNTIFS({span})"
        ws.cell(row, 3).value = f'=COUNTIFS({span},{status},"已完成")'
        ws.cell(row, 4).value = f"=B{row}-C{row}"
    row += 1
    set_text(ws.cell(row, 1), NO_DATE)
    ws.cell(row, 2).value = f"=SUMPRODUCT(--(LEN({text})>0),--NOT(ISNUMBER({due})))"

    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    for cells in ws.iter_rows(min_row=3, max_row=row, max_col=4):
        for cell in cells:
            cell.alignment = Alignment(vertical="center", wrap_text=cell.column == 1)
    _style(ws, row)


def _head(ws, row: int, names) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, name in enumerate(names, 1):
        cell = ws.cell(row, col)
        set_text(cell, name)
        cell.font = Font(name="黑体", size=11)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")


def _style(ws, last: int) -> None:
    from openpyxl.styles import Font

    from .xlsx import MARGINS

    ws.cell(1, 1).font = Font(name="黑体", size=14)
    for cells in ws.iter_rows(min_row=3, max_row=last, max_col=4):
        for cell in cells:
            if cell.font.name != "黑体":
                cell.font = Font(name="宋体", size=10.5)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for name, value in MARGINS.items():
        setattr(ws.page_margins, name, value)


def _chart(ws, first: int, last: int) -> None:
    """A bar chart of the status counts, next to the table."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = "完成状态"
    chart.y_axis.title = "措施数"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 7.5, 13
    ws.add_chart(chart, "F3")


def _units(entries) -> list[str]:
    """Every responsible unit, in order of first appearance."""
    seen: dict[str, None] = {}
    for entry in entries:
        for unit in measure_units(entry):
            seen.setdefault(unit, None)
    return list(seen)


def _months(entries) -> list[_dt.date]:
    """First days of the months holding a measure's 截止日期, in order."""
    months = set()
    for entry in entries:
        due = earliest_due(measure_deadlines(entry))
        if due:
            months.add(due.replace(day=1))
    return sorted(months)
