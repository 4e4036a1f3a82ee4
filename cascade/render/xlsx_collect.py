"""The roll-up workbook of `ledger collect`: 汇总 (one row per parent task, one column group per
lower level), one sheet per lower level with its rows as typed, and 统计 with a chart by region."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..ledger_layout import (
    DATE_FORMAT,
    FONT_SIZE,
    HEAD_FONT,
    HEADER_FILL,
    HEADERS,
    OVERDUE_FILL,
    REMOVED_FILL,
    STATUSES,
    TITLE_FONT,
)
from .xlsx_cells import (
    font,
    line_count,
    print_setup,
    row_height,
    save_deterministic,
    set_text,
    thin_border,
)

SUMMARY_SHEET = "汇总"
STATS_SHEET = "统计"
GROUP = ("措施数", "已完成", "推进中", "未完成", "逾期", "最新进展")
GROUP_WIDTHS = (7, 7, 7, 7, 6, 28)
TASK_WIDTHS = (5.5, 40)
LEVEL_EXTRA = ("截止日期（统计日）", "对应上级任务", "对应方式")
STATS_HEADERS = ("地区", "链接方式", "措施数", *STATUSES, "未填写", "逾期（统计日）", "缺失任务")
MAX_SHEET_NAME = 31


def render_rollup(rollup, path: str | Path) -> Path:
    """Write the roll-up workbook (byte-identical for the same ledgers and as-of date)."""
    from ..heavy import openpyxl

    wb = openpyxl().Workbook()
    _summary(wb.active, rollup)
    for child in rollup.children:
        _level_sheet(wb.create_sheet(_sheet_name(child.region, wb.sheetnames)), child, rollup)
    _stats(wb.create_sheet(STATS_SHEET), rollup)
    wb.properties.title = f"{rollup.parent.title}任务落实汇总"
    wb.properties.creator = "plan-cascade"
    when = _dt.datetime.combine(rollup.as_of, _dt.time())
    return save_deterministic(wb, path, when)


def _sheet_name(region: str, taken: list[str]) -> str:
    """A sheet name for a region: at most 31 characters, without []:*?/\\, unique."""
    name = "".join(ch for ch in region if ch not in "[]:*?/\\")[:MAX_SHEET_NAME] or "下级"
    base, n = name, 1
    while name in taken:
        n += 1
        name = f"{base[:MAX_SHEET_NAME - 3]}（{n}）"
    return name


def _head(cell, text: str) -> None:
    from openpyxl.styles import Alignment, PatternFill

    set_text(cell, text)
    cell.font = font(HEAD_FONT, 10.5)
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = thin_border()


def _body(cell, value, *, wrap: bool = True, centre: bool = False) -> None:
    from openpyxl.styles import Alignment

    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, (_dt.date, _dt.datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is not None:
        cell.value = value
    cell.font = font()
    cell.border = thin_border()
    cell.alignment = Alignment(horizontal="center" if centre else "left", vertical="top",
                               wrap_text=wrap)


def _title(ws, text: str, width: int) -> None:
    from openpyxl.styles import Alignment

    set_text(ws.cell(1, 1), text)
    ws.cell(1, 1).font = font(TITLE_FONT, 16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 36


def _summary(ws, rollup) -> None:
    """One row per parent task; per lower level its counts, overdue and latest note."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = SUMMARY_SHEET
    width = 2 + len(GROUP) * len(rollup.children)
    _title(ws, f"{rollup.parent.title}任务落实汇总（统计截至 {rollup.as_of.isoformat()}）", width)
    _head(ws.cell(2, 1), "序号")
    _head(ws.cell(2, 2), "上级任务")
    for col in (1, 2):
        ws.cell(3, col).border = thin_border()
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for k, child in enumerate(rollup.children):
        col = 3 + k * len(GROUP)
        _head(ws.cell(2, col), f"{child.region}（{child.link}）")
        for j, name in enumerate(GROUP):
            _head(ws.cell(3, col + j), name)
            ws.cell(2, col + j).border = thin_border()
            ws.column_dimensions[get_column_letter(col + j)].width = GROUP_WIDTHS[j]
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + len(GROUP) - 1)
    for j, w in enumerate(TASK_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    grey = PatternFill("solid", fgColor=REMOVED_FILL)
    red = PatternFill("solid", fgColor=OVERDUE_FILL)
    for i, (tid, label) in enumerate(rollup.tasks):
        row = 4 + i
        _body(ws.cell(row, 1), i + 1, centre=True)
        _body(ws.cell(row, 2), label)
        lines = line_count(label, TASK_WIDTHS[1], FONT_SIZE)
        for k, child in enumerate(rollup.children):
            col = 3 + k * len(GROUP)
            cell = rollup.cell(child, tid)
            if "dropped" in cell:
                _body(ws.cell(row, col), cell["dropped"], centre=True)
                for j in range(1, len(GROUP)):
                    _body(ws.cell(row, col + j), None)
                ws.cell(row, col).fill = grey
                ws.merge_cells(start_row=row, start_column=col, end_row=row,
                               end_column=col + len(GROUP) - 1)
                continue
            counts = cell["counts"]
            done = counts["已完成"]
            values = (cell["measures"], done, counts["推进中"], cell["measures"] - done,
                      cell["overdue"], cell["latest"])
            for j, value in enumerate(values):
                _body(ws.cell(row, col + j), value, centre=j < 5, wrap=j == 5)
            if cell["overdue"]:
                ws.cell(row, col + 4).fill = red
            lines = max(lines, line_count(cell["latest"], GROUP_WIDTHS[5], FONT_SIZE))
        ws.row_dimensions[row].height = row_height(lines, FONT_SIZE)
    ws.freeze_panes = "C4"
    print_setup(ws, "2:3")


def _level_sheet(ws, child, rollup) -> None:
    """A lower level's rows as typed (values only: a formula shows as its text, never runs),
    with the parent task each is linked to."""
    from openpyxl.utils import get_column_letter

    labels = dict(rollup.tasks)
    extra = [h for h in child.headers if h and h not in HEADERS and h != "措施编号"]
    headers = [*HEADERS, *extra, *LEVEL_EXTRA]
    _title(ws, f"{child.title or child.region}（{child.path.name}）", len(headers))
    widths = {"序号": 5.5, "重点任务": 12, "具体任务": 14, "主要措施": 44, "责任单位": 16,
              "完成时限": 14, "截止日期": 11, "完成状态": 9, "进度情况": 24, "备注": 12,
              "截止日期（统计日）": 11, "对应上级任务": 24, "对应方式": 9}
    for col, name in enumerate(headers, 1):
        _head(ws.cell(2, col), name)
        ws.column_dimensions[get_column_letter(col)].width = widths.get(name, 14)
    for i, r in enumerate(child.rows):
        row = 3 + i
        values = {**r.cells, "截止日期（统计日）": r.due,
                  "对应上级任务": labels.get(r.task, "") if r.task else "", "对应方式": r.link}
        lines = 1
        for col, name in enumerate(headers, 1):
            value = values.get(name)
            _body(ws.cell(row, col), value, centre=name in ("序号", "完成状态", "对应方式"))
            if isinstance(value, str):
                lines = max(lines, line_count(value, widths.get(name, 14), FONT_SIZE))
        ws.row_dimensions[row].height = min(row_height(lines, FONT_SIZE), 409)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(2, 2 + len(child.rows))}"
    print_setup(ws, "2:2")


def _stats(ws, rollup) -> None:
    """Per lower level: its measures by status, overdue and missing tasks, and a chart."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    _title(ws, f"各地任务落实统计（统计截至 {rollup.as_of.isoformat()}）", len(STATS_HEADERS))
    for col, name in enumerate(STATS_HEADERS, 1):
        _head(ws.cell(2, col), name)
        ws.column_dimensions[get_column_letter(col)].width = 14 if col <= 2 else 9
    for i, child in enumerate(rollup.children):
        row = 3 + i
        statuses = [sum(r.status == s for r in child.rows) for s in (*STATUSES, "未填写")]
        values = (child.region, child.link, len(child.rows), *statuses,
                  sum(r.state == "overdue" for r in child.rows), len(child.dropped))
        for col, value in enumerate(values, 1):
            _body(ws.cell(row, col), value, centre=col > 2)
    last = 2 + len(rollup.children)
    chart = BarChart()
    chart.type = "col"
    chart.title = "各地措施落实情况"
    chart.y_axis.title = "措施数"
    for col in (3, 2 + 1 + STATUSES.index("已完成") + 1, len(STATS_HEADERS) - 1):
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"A{last + 3}")
    print_setup(ws)
