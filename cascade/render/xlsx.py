"""The task ledger (任务台账) .xlsx: one row per measure, laid out the way offices keep it."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from ..measures import LedgerEntry, earliest_due, ledger_entries, measure_deadlines, measure_units
from ..model import Plan
from .xlsx_cells import Kept, line_count, row_height, save_deterministic, set_text, set_typed

LEDGER_SHEET = "任务台账"
STATS_SHEET = "统计"
REMOVED_SHEET = "已移除"
TITLE_SUFFIX = "任务台账"
# (header, column width in Excel units); the order is the ledger's column order.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5.5),
    ("重点任务", 11),
    ("具体任务", 13),
    ("主要措施", 52),
    ("责任单位", 20),
    ("完成时限", 16),
    ("截止日期", 11.5),
    ("完成状态", 9.5),
    ("进度情况", 26),
    ("备注", 12),
)
HEADERS = tuple(h for h, _ in COLUMNS)
KEY_HEADER = "措施编号"  # the hidden, protected column right after the visible ones
TYPED_HEADERS = ("完成状态", "进度情况", "备注")  # what people fill in; everything else is the plan's
STATUSES = ("未启动", "推进中", "已完成", "长期推进", "已逾期")
EXTRA_WIDTH = 16
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
DATE_FORMAT = "yyyy-mm-dd"
FONT_NAME, FONT_SIZE = "宋体", 10.5
HEAD_FONT = "黑体"
TITLE_FONT, TITLE_SIZE = "方正小标宋简体", 18
CENTRED = ("序号", "截止日期", "完成状态")
MERGED = ("重点任务", "具体任务")
# Print: A4 landscape, one page wide; margins (inches) leave room for the footer.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.8, "bottom": 0.8, "header": 0.3, "footer": 0.3}
FOOTER = "第 &P 页，共 &N 页"
DEFAULT_TIME = _dt.datetime(2000, 1, 1)


def render_ledger(plan: Plan, path: str | Path) -> Path:
    """Write the plan's task ledger .xlsx (byte-identical for the same plan)."""
    from .output import check_output

    check_output(path, "xlsx")
    return save_deterministic(build_ledger(plan), path, plan_time(plan))


def plan_time(plan: Plan) -> _dt.datetime:
    """The timestamp written into the file: the plan's date, never the clock."""
    day = plan.date or (plan.notice.date if plan.notice else None)
    return _dt.datetime.combine(day, _dt.time()) if day else DEFAULT_TIME


def build_ledger(plan: Plan, kept: Kept | None = None):
    """The ledger workbook: 任务台账, 统计 and, when regenerating, 已移除 and people's own sheets.

    `kept` holds what an old ledger had that people typed (see `cascade.ledger`).
    """
    from ..heavy import openpyxl
    from .xlsx_removed import write_copied_sheet, write_removed_sheet
    from .xlsx_sheet import add_due_colours, add_status_list, page_setup, protect_key
    from .xlsx_stats import write_stats_sheet

    Workbook = openpyxl().Workbook

    kept = kept or Kept()
    entries = ledger_entries(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    headers = [*HEADERS, KEY_HEADER, *kept.extra_columns]
    _write_title(ws, plan, len(headers))
    _write_header(ws, headers)
    rows, own_rows = _layout(entries, kept.inserted)
    _write_rows(ws, entries, headers, kept.typed, rows, own_rows)
    _merge_groups(ws, entries, rows)
    last = max(FIRST_ROW, *rows, *own_rows)
    _size_rows(ws, entries, headers, rows, last)
    add_status_list(ws, last)
    add_due_colours(ws, last)
    protect_key(ws, headers)
    page_setup(ws, len(headers), last)
    write_stats_sheet(wb, ws, entries, last)
    if kept.removed_rows:
        write_removed_sheet(wb, kept.removed_columns, kept.removed_rows)
    for sheet in kept.sheets:
        write_copied_sheet(wb, sheet)
    wb.properties.title = f"{plan.title}{TITLE_SUFFIX}"
    wb.properties.creator = plan.issuer or "plan-cascade"
    wb.properties.lastModifiedBy = "plan-cascade"
    wb.calculation.fullCalcOnLoad = True
    return wb


def column_letter(headers: Sequence[str], header: str) -> str:
    """The column letter of a header in the ledger sheet."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(list(headers).index(header) + 1)


def unit_separator(entries: Sequence[LedgerEntry]) -> str:
    """How a row joins its units: 、 as offices write, ； when a unit name itself holds 、."""
    names = (u for e in entries for u in measure_units(e))
    return "；" if any("、" in u for u in names) else "、"


def entry_cells(number: int, entry: LedgerEntry, sep: str = "、") -> dict[str, object]:
    """The plan's values for one ledger row, by header."""
    m = entry.measure
    deadlines = measure_deadlines(entry)
    deadline_text = m.deadline_text or "；".join(d.text for d in deadlines)
    return {
        "序号": number,
        "重点任务": f"{entry.section.number}{entry.section.title}",
        "具体任务": "\n".join(f"{t.number}{t.title}" for t in entry.tasks),
        "主要措施": f"{m.label}{m.text}",
        "责任单位": sep.join(measure_units(entry)),
        "完成时限": deadline_text,
        "截止日期": earliest_due(deadlines),
        KEY_HEADER: m.id,
    }


# -- sheet parts ------------------------------------------------------------------------------


def _font(name=FONT_NAME, size=FONT_SIZE, bold=False):
    """A font of the ledger (宋体 10.5 pt unless told)."""
    from openpyxl.styles import Font

    return Font(name=name, size=size, bold=bold)


def thin_border():
    """A thin black border on all four sides."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _write_title(ws, plan: Plan, width: int) -> None:
    """The title row: plan title + 任务台账, merged across the columns."""
    from openpyxl.styles import Alignment

    cell = ws.cell(TITLE_ROW, 1)
    set_text(cell, f"{plan.title}{TITLE_SUFFIX}")
    cell.font = _font(TITLE_FONT, TITLE_SIZE)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    ws.row_dimensions[TITLE_ROW].height = 40


def _write_header(ws, headers: Sequence[str]) -> None:
    """The header row and the column widths."""
    from openpyxl.styles import Alignment, PatternFill

    widths = dict(COLUMNS)
    fill = PatternFill("solid", fgColor="D9E1F2")
    for col, header in enumerate(headers, 1):
        cell = ws.cell(HEADER_ROW, col)
        set_text(cell, header)
        cell.font = _font(HEAD_FONT, 11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = thin_border()
        cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = widths.get(header, EXTRA_WIDTH)
    ws.row_dimensions[HEADER_ROW].height = 24


def _layout(entries, inserted) -> tuple[list[int], dict[int, dict]]:
    """Sheet rows of the measures, and of the rows people inserted under a measure (by row)."""
    rows, own_rows = [], {}
    row = FIRST_ROW
    for entry in entries:
        rows.append(row)
        for cells in inserted.get(entry.measure.id, ()):
            row += 1
            own_rows[row] = cells
        row += 1
    return rows, own_rows


def _write_rows(ws, entries, headers, typed, rows, own_rows) -> None:
    """One row per measure, and people's own rows where they put them; each column's style is
    built once and copied (openpyxl is slow to hash a fresh style object per cell)."""
    from copy import copy

    protos = _column_styles(ws, headers)
    for row, cells in own_rows.items():
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row, col)
            cell._style = copy(protos[header])
            if header in cells:
                set_typed(cell, cells[header])
    sep = unit_separator(entries)
    for i, entry in enumerate(entries):
        row = rows[i]
        values = entry_cells(i + 1, entry, sep)
        own = typed.get(entry.measure.id, {})
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row, col)
            cell._style = copy(protos[header])
            value = values.get(header)
            if header in own:
                set_typed(cell, own[header])
            elif isinstance(value, str):
                set_text(cell, value)
            elif value is not None:
                cell.value = value


def _column_styles(ws, headers):
    """The style of each column's data cells, built on a scratch cell: font, border, wrapping,
    date format, and a lock on the key column only."""
    from copy import copy

    from openpyxl.styles import Alignment, Protection

    scratch_sheet = ws.parent.create_sheet("scratch")  # styles belong to the workbook
    scratch = scratch_sheet.cell(1, 1)
    border, font = thin_border(), _font()
    protos = {}
    for header in headers:
        horizontal = "center" if header in CENTRED else "left"
        # Merged cells read from their top: centred text would be cut where a page breaks them.
        vertical = "center" if header in CENTRED else "top"
        scratch.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
        scratch.font = font
        scratch.border = border
        scratch.number_format = DATE_FORMAT if header == "截止日期" else "General"
        scratch.protection = Protection(locked=header == KEY_HEADER)
        protos[header] = copy(scratch._style)
    ws.parent.remove(scratch_sheet)
    return protos


def _groups(entries, key, rows) -> list[tuple[int, int]]:
    """Runs of consecutive entries with the same key, as (first, last) sheet rows."""
    runs: list[tuple[int, int]] = []
    previous = object()
    for i, entry in enumerate(entries):
        k = key(entry)
        if runs and k == previous:
            runs[-1] = (runs[-1][0], rows[i])
        else:
            runs.append((rows[i], rows[i]))
        previous = k
    return runs


def _section_key(entry: LedgerEntry):
    """Rows of one section share a 重点任务 cell."""
    return entry.section.id


def _task_key(entry: LedgerEntry):
    """Rows of one task share a 具体任务 cell."""
    return (entry.section.id, entry.task.id)


def _merge_groups(ws, entries, rows) -> None:
    """Merge 重点任务 and 具体任务 over their rows, keeping the cell style (borders) on every
    cell of the merge."""
    from copy import copy

    for col, key in ((2, _section_key), (3, _task_key)):
        for first, last in _groups(entries, key, rows):
            if last > first:
                style = copy(ws.cell(first, col)._style)
                ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
                for row in range(first, last + 1):
                    ws.cell(row, col)._style = copy(style)


def _size_rows(ws, entries, headers, rows, last) -> None:
    """Row heights from text length (Excel and LibreOffice never size wrapped rows themselves)."""
    widths = [ws.column_dimensions[ws.cell(HEADER_ROW, c).column_letter].width for c in
              range(1, len(headers) + 1)]
    heights = {}
    for row in range(FIRST_ROW, last + 1):
        lines = 1
        for col, header in enumerate(headers, 1):
            value = ws.cell(row, col).value
            if header in MERGED or header == KEY_HEADER or value is None:
                continue
            lines = max(lines, line_count(str(value), widths[col - 1], FONT_SIZE))
        heights[row] = row_height(lines, FONT_SIZE)
    for col, key in ((2, _section_key), (3, _task_key)):
        for first, end in _groups(entries, key, rows):
            text = str(ws.cell(first, col).value or "")
            need = row_height(line_count(text, widths[col - 1], FONT_SIZE), FONT_SIZE)
            have = sum(heights[r] for r in range(first, end + 1))
            if need > have:
                extra = (need - have) / (end - first + 1)
                for r in range(first, end + 1):
                    heights[r] = round(heights[r] + extra, 1)
    for row, height in heights.items():
        ws.row_dimensions[row].height = height


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
