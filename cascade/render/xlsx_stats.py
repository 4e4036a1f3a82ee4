"""The ledger's 统计 sheet: counts by status, unit and deadline month as live formulas, and a chart."""

from __future__ import annotations

import datetime as _dt

from ..measures import earliest_due, measure_deadlines, measure_units
from .xlsx_cells import set_text

TITLE = "任务台账统计（公式随台账自动更新）"
OTHER_STATUS = "其他"
BLANK_STATUS = "未填写"
NO_DATE = "无具体日期"
MONTH_FORMAT = 'yyyy"年"m"月"'
WIDTHS = {"A": 34, "B": 10, "C": 10, "D": 10}


def write_stats_sheet(wb, ledger_ws, entries, last: int) -> None:
    """Add the 统计 sheet: every count is a formula over the ledger, so edits update it."""
    from .xlsx import (
        FIRST_ROW,
        HEADERS,
        KEY_HEADER,
        STATS_SHEET,
        STATUSES,
        column_letter,
        unit_separator,
    )

    ws = wb.create_sheet(STATS_SHEET)
    sheet = "'" + ledger_ws.title.replace("'", "''") + "'"

    def area(header: str) -> str:
        """An absolute reference to one ledger column over the measure rows."""
        col = column_letter([*HEADERS, KEY_HEADER], header)
        return f"{sheet}!${col}${FIRST_ROW}:${col}${last}"

    sep = unit_separator(entries)
    # Measures are counted by their key: rows people inserted (notes) have none.
    status, units, due, text = area("完成状态"), area("责任单位"), area("截止日期"), area(KEY_HEADER)
    set_text(ws.cell(1, 1), TITLE)
    ws.merge_cells("A1:D1")

    by_status = [[name, f"=COUNTIF({status},A{{row}})"] for name in STATUSES]
    by_status.append([BLANK_STATUS, f'=SUMPRODUCT(--(LEN({text})>0),--({status}=""))'])
    by_status.append([OTHER_STATUS, f"=COUNTA({text})-SUM(B{{first}}:B{{prev}})"])
    by_status.append(["合计", f"=COUNTA({text})"])
    first = 4
    end = _table(ws, 3, ("完成状态", "措施数"), by_status)
    _chart(ws, first, first + len(STATUSES))  # the statuses and 未填写

    by_unit = []
    for unit in _units(entries):
        has = f'ISNUMBER(FIND("{sep}"&$A{{row}}&"{sep}","{sep}"&{units}&"{sep}"))'
        by_unit.append([unit, f"=SUMPRODUCT(--{has})",
                        f'=SUMPRODUCT({has}*({status}="已完成"))', "=B{row}-C{row}"])
    end = _table(ws, end + 2, ("责任单位", "措施数", "已完成", "未完成"), by_unit)

    by_month = []
    for month in _months(entries):
        span = f'{due},">="&$A{{row}},{due},"<"&DATE(YEAR($A{{row}}),MONTH($A{{row}})+1,1)'
        by_month.append([month, f"=COUNTIFS({span})", f'=COUNTIFS({span},{status},"已完成")',
                         "=B{row}-C{row}"])
    by_month.append([NO_DATE, f"=SUMPRODUCT(--(LEN({text})>0),--NOT(ISNUMBER({due})))", None, None])
    _table(ws, end + 2, ("截止月份", "措施数", "已完成", "未完成"), by_month)
    _page(ws)


def _table(ws, top: int, headers, rows) -> int:
    """A bordered table: header at `top`, then rows (labels as text, `{row}` formulas filled in).

    Returns the last row written.
    """
    from openpyxl.styles import Alignment, Font, PatternFill

    from .xlsx import FONT_NAME, FONT_SIZE, HEAD_FONT, thin_border

    border = thin_border()
    for col, name in enumerate(headers, 1):
        cell = ws.cell(top, col)
        set_text(cell, name)
        cell.font = Font(name=HEAD_FONT, size=11)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    for i, values in enumerate(rows):
        row = top + 1 + i
        for col in range(1, len(headers) + 1):
            value = values[col - 1] if col <= len(values) else None
            cell = ws.cell(row, col)
            if col == 1 and isinstance(value, str):
                set_text(cell, value)
            elif col == 1 and value is not None:
                cell.value = value
                cell.number_format = MONTH_FORMAT
            elif value is not None:
                cell.value = value.format(row=row, first=top + 1, prev=row - 1)
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE)
            cell.alignment = Alignment(horizontal="left" if col == 1 else "right",
                                       vertical="center", wrap_text=col == 1)
            cell.border = border
    return top + len(rows)


def _page(ws) -> None:
    """Title font, column widths and the same print setup as the ledger."""
    from openpyxl.styles import Font

    from .xlsx import HEAD_FONT, print_setup

    ws.cell(1, 1).font = Font(name=HEAD_FONT, size=14)
    ws.row_dimensions[1].height = 28
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    print_setup(ws)


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
    chart.height, chart.width = 7.5, 14
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
