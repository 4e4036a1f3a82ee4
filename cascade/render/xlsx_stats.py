"""The ledger's 统计 sheet: counts by status, unit and month, overdue included, every one a
formula on the ledger and its as-of cell, so the counts always agree with the row colours."""

from __future__ import annotations

import datetime as _dt

from ..ledger_due import due_on
from ..ledger_layout import (
    CLOSED_STATUSES,
    DONE_STATUS,
    DUE_SOON_DAYS,
    FIRST_ROW,
    FONT_NAME,
    FONT_SIZE,
    HEAD_FONT,
    HEADER_FILL,
    HEADERS,
    KEY_HEADER,
    OVERDUE_STATUS,
    STATS_SHEET,
    STATUSES,
    as_of_ref,
)
from ..measures import measure_deadlines, measure_units
from .xlsx_cells import column_letter, print_setup, set_text, thin_border

TITLE = "任务台账统计（公式随台账和统计截至日期自动更新）"
OTHER_STATUS = "其他"
BLANK_STATUS = "未填写"
OVERDUE_ROW = "逾期（按统计截至日期）"
SOON_ROW = f"{DUE_SOON_DAYS}天内到期"
NO_DATE = "无具体日期"
OTHER_MONTH = "其他月份"
MONTH_FORMAT = 'yyyy"年"m"月"'
WIDTHS = {"A": 34, "B": 10, "C": 10, "D": 10, "E": 10}
COUNT_HEADERS = ("措施数", "已完成", "未完成", "逾期")


class Areas:
    """Absolute references to the ledger's columns over its measure rows, and the row rules."""

    def __init__(self, ledger_title: str, last: int, as_of: str):
        """The ledger sheet's name, its last row and the as-of cell reference."""
        self.sheet = "'" + ledger_title.replace("'", "''") + "'"
        self.last = last
        self.as_of = as_of

    def area(self, header: str) -> str:
        """One ledger column over the measure rows."""
        col = column_letter([*HEADERS, KEY_HEADER], header)
        return f"{self.sheet}!${col}${FIRST_ROW}:${col}${self.last}"

    @property
    def measure(self) -> str:
        """1 for a measure row (rows people inserted have no key)."""
        return f"(LEN({self.area(KEY_HEADER)})>0)"

    @property
    def done(self) -> str:
        return f'({self.area("完成状态")}="{DONE_STATUS}")'

    @property
    def overdue(self) -> str:
        """1 where the row is red: typed 已逾期, or dated before the as-of day and still open."""
        s, d = self.area("完成状态"), self.area("截止日期")
        open_ = "".join(f'*({s}<>"{c}")' for c in CLOSED_STATUSES)
        return f'((({s}="{OVERDUE_STATUS}")+ISNUMBER({d})*({d}<{self.as_of}){open_})>0)'

    @property
    def soon(self) -> str:
        s, d = self.area("完成状态"), self.area("截止日期")
        open_ = "".join(f'*({s}<>"{c}")' for c in CLOSED_STATUSES)
        return (f'ISNUMBER({d})*({d}>={self.as_of})*({d}<={self.as_of}+{DUE_SOON_DAYS})'
                f'{open_}*({s}<>"{OVERDUE_STATUS}")')

    def count(self, *terms: str) -> str:
        """A SUMPRODUCT over measure rows of the product of `terms`."""
        return "=SUMPRODUCT(" + "*".join([self.measure, *terms]) + ")"


def write_stats_sheet(wb, ledger_ws, entries, last: int, sep: str, as_of: _dt.date):
    """Add the 统计 sheet and return it; every count is a formula over the ledger."""
    ws = wb.create_sheet(STATS_SHEET)
    a = Areas(ledger_ws.title, last, as_of_ref(ledger_ws.title))
    status, units, due = a.area("完成状态"), a.area("责任单位"), a.area("截止日期")
    set_text(ws.cell(1, 1), TITLE)
    ws.merge_cells("A1:E1")
    ws.cell(2, 1).value = f'="统计截至："&TEXT({a.as_of},"yyyy-mm-dd")'

    by_status = [[name, a.count(f'({status}="{name}")')] for name in STATUSES]
    by_status.append([BLANK_STATUS, a.count(f'({status}="")')])
    by_status.append([OTHER_STATUS, "=B{total}-SUM(B{first}:B{prev})"])
    by_status.append(["合计", a.count()])
    by_status.append([OVERDUE_ROW, a.count(a.overdue)])
    by_status.append([SOON_ROW, a.count(a.soon)])
    first = 4
    end = _table(ws, 3, ("完成状态", "措施数"), by_status, total=first + len(STATUSES) + 2)
    _chart(ws, first, first + len(STATUSES))  # the statuses and 未填写

    def counts(term: str) -> list[str]:
        return [a.count(term), a.count(term, a.done), "=B{row}-C{row}", a.count(term, a.overdue)]

    by_unit = []
    for unit in _units(entries):
        has = f'ISNUMBER(FIND("{sep}"&$A{{row}}&"{sep}","{sep}"&{units}&"{sep}"))'
        by_unit.append([unit, *counts(has)])
    end = _table(ws, end + 2, ("责任单位", *COUNT_HEADERS), by_unit)

    by_month = []
    for month in _months(entries, as_of):
        span = f'ISNUMBER({due})*({due}>=$A{{row}})*({due}<DATE(YEAR($A{{row}}),MONTH($A{{row}})+1,1))'
        by_month.append([month, *counts(span)])
    top = end + 2
    months = len(by_month)
    dated = f"ISNUMBER({due})"
    by_month.append([OTHER_MONTH, *[
        f"={c[1:]}-SUM({col}{top + 1}:{col}{top + months})" if months and col != "D" else c
        for col, c in zip("BCDE", counts(dated))]])
    by_month.append([NO_DATE, *counts(f"(1-ISNUMBER({due}))")])
    _table(ws, top, ("截止月份", *COUNT_HEADERS), by_month)
    _page(ws)
    return ws


def _table(ws, top: int, headers, rows, total: int = 0) -> int:
    """A bordered table: header at `top`, then rows (labels as text, `{row}` formulas filled in).

    Returns the last row written.
    """
    from openpyxl.styles import Alignment, Font, PatternFill

    border = thin_border()
    for col, name in enumerate(headers, 1):
        cell = ws.cell(top, col)
        set_text(cell, name)
        cell.font = Font(name=HEAD_FONT, size=11)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
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
                cell.value = value.format(row=row, first=top + 1, prev=row - 1, total=total)
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE)
            cell.alignment = Alignment(horizontal="left" if col == 1 else "right",
                                       vertical="center", wrap_text=col == 1)
            cell.border = border
    return top + len(rows)


def _page(ws) -> None:
    """Title font, column widths and the same print setup as the ledger."""
    from openpyxl.styles import Font

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
    ws.add_chart(chart, "G3")


def _units(entries) -> list[str]:
    """Every responsible unit, in order of first appearance."""
    seen: dict[str, None] = {}
    for entry in entries:
        for unit in measure_units(entry):
            seen.setdefault(unit, None)
    return list(seen)


def _months(entries, as_of: _dt.date) -> list[_dt.date]:
    """First days of the months holding a measure's 截止日期 as of `as_of`, in order."""
    months = set()
    for entry in entries:
        due = due_on(measure_deadlines(entry), as_of)
        if isinstance(due, _dt.date):
            months.add(due.replace(day=1))
    return sorted(months)
