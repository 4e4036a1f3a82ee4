"""The task ledger (任务台账) .xlsx: one row per measure, laid out the way offices keep it."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from ..ledger_due import due_cell
from ..ledger_layout import (
    AS_OF_HEADER,
    AS_OF_LABEL,
    AS_OF_LABEL_HEADER,
    AS_OF_ROW,
    CENTRED,
    COLUMNS,
    DATE_FORMAT,
    EXTRA_WIDTH,
    FIRST_ROW,
    FONT_SIZE,
    HEAD_FONT,
    HEADER_FILL,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    MERGED,
    TITLE_FONT,
    TITLE_ROW,
    TITLE_SIZE,
    TITLE_SUFFIX,
    as_of_ref,
)
from ..ledger_typed import Kept
from ..measures import LedgerEntry, ledger_entries, measure_deadlines, measure_units
from ..model import Plan
from .xlsx_cells import (
    font,
    line_count,
    row_height,
    save_deterministic,
    set_notes,
    set_text,
    set_typed,
    thin_border,
)

DEFAULT_TIME = _dt.datetime(2000, 1, 1)


def render_ledger(plan: Plan, path: str | Path, *, as_of: _dt.date | None = None) -> Path:
    """Write the plan's task ledger .xlsx, counted as of `as_of` (default today); byte-identical
    for the same plan and date."""
    from .output import check_output

    check_output(path, "xlsx")
    return save_deterministic(build_ledger(plan, as_of=as_of), path, plan_time(plan))


def plan_time(plan: Plan) -> _dt.datetime:
    """The timestamp written into the file: the plan's date, never the clock."""
    day = plan.date or (plan.notice.date if plan.notice else None)
    return _dt.datetime.combine(day, _dt.time()) if day else DEFAULT_TIME


def build_ledger(plan: Plan, kept: Kept | None = None, *, as_of: _dt.date | None = None):
    """The ledger workbook: 任务台账, 统计 and, when regenerating, 已移除, the archive of typed
    cells and people's own sheets; every colour and count is a formula on the as-of cell.

    `kept` holds what an old ledger had that people typed (see `cascade.ledger`).
    """
    from ..heavy import openpyxl
    from .xlsx_flat import FLAT_HEADER_ROW, write_flat_sheet
    from .xlsx_meta import stats_snapshot, write_meta
    from .xlsx_removed import write_archive_sheet, write_copied_sheet, write_removed_sheet
    from .xlsx_sheet import add_due_colours, add_status_list, page_setup, protect_key
    from .xlsx_stats import write_stats_sheet

    Workbook = openpyxl().Workbook

    kept = kept or Kept()
    as_of = as_of or _dt.date.today()
    entries = ledger_entries(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    headers = [*HEADERS, KEY_HEADER, *kept.extra_columns]
    _write_title(ws, plan, len(headers))
    _write_as_of(ws, as_of)
    write_header(ws, HEADER_ROW, headers)
    rows, own_rows = _layout(entries, kept.inserted)
    _write_rows(ws, entries, headers, kept.typed, rows, own_rows)
    last = max(FIRST_ROW, *rows, *own_rows)
    heights = _size_rows(ws, entries, headers, rows, last)
    breaks = _page_breaks(entries, rows, heights, len(headers))
    _merge_groups(ws, entries, rows, breaks)
    add_status_list(ws, last)
    add_due_colours(ws, last, as_of_ref())
    protect_key(ws, headers)
    page_setup(ws, len(headers), last, breaks)
    sep = unit_separator(entries)
    stats = write_stats_sheet(wb, ws, entries, last, sep, as_of)
    cells = {e.measure.id: entry_cells(i + 1, e, sep) for i, e in enumerate(entries)}
    flat = write_flat_sheet(wb, entries, headers, cells, kept.typed)
    write_header(flat, FLAT_HEADER_ROW, headers)
    written = stats_snapshot(stats)
    for (row, col), typed in sorted(kept.stats_cells.items()):
        if stats.cell(row, col).value is None:
            set_typed(stats.cell(row, col), typed)
        elif _displaced(row, col, typed) not in kept.archive:
            kept.archive.append(_displaced(row, col, typed))
    if kept.removed_rows:
        write_removed_sheet(wb, kept.removed_columns, kept.removed_rows)
    if kept.archive:
        write_archive_sheet(wb, kept.archive)
    for sheet in kept.sheets:
        write_copied_sheet(wb, sheet)
    write_meta(wb, plan, entries, as_of, written, _written_rows(cells, kept.typed),
               as_of_typed=kept.as_of_typed)
    wb.properties.title = f"{plan.title}{TITLE_SUFFIX}"
    wb.properties.creator = plan.issuer or "plan-cascade"
    wb.properties.lastModifiedBy = "plan-cascade"
    wb.calculation.fullCalcOnLoad = True
    return wb


def _written_rows(cells, typed) -> dict[str, dict[str, object]]:
    """What each measure's row holds as written: the plan's cells and the typed values put back
    (the record an update compares the ledger and the sortable sheet with)."""
    return {mid: {**values, **{h: t.value for h, t in typed.get(mid, {}).items()
                               if t.value is not None}}
            for mid, values in cells.items()}


def _displaced(row: int, col: int, typed):
    """A typed 统计 cell whose place the regenerated sheet now fills: for the archive."""
    from openpyxl.utils import get_column_letter

    from ..ledger_layout import STATS_SHEET
    from ..ledger_typed import Archived

    return Archived(STATS_SHEET, f"{get_column_letter(col)}{row}", "", typed,
                    "该位置已被重新生成的统计公式占用")


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
        "截止日期": due_cell(deadlines, as_of_ref()),
        KEY_HEADER: m.id,
    }


# -- sheet parts ------------------------------------------------------------------------------


def _write_title(ws, plan: Plan, width: int) -> None:
    """The title row: plan title + 任务台账, merged across the columns."""
    from openpyxl.styles import Alignment

    cell = ws.cell(TITLE_ROW, 1)
    set_text(cell, f"{plan.title}{TITLE_SUFFIX}")
    cell.font = font(TITLE_FONT, TITLE_SIZE)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    ws.row_dimensions[TITLE_ROW].height = 40


def _write_as_of(ws, as_of: _dt.date) -> None:
    """The visible, editable as-of cell under the title: 统计截至：2024-03-01."""
    from openpyxl.styles import Alignment, Protection

    label = ws.cell(AS_OF_ROW, HEADERS.index(AS_OF_LABEL_HEADER) + 1)
    set_text(label, AS_OF_LABEL)
    label.font = font(HEAD_FONT, 11)
    label.alignment = Alignment(horizontal="right", vertical="center")
    cell = ws.cell(AS_OF_ROW, HEADERS.index(AS_OF_HEADER) + 1)
    cell.value = as_of
    cell.number_format = DATE_FORMAT
    cell.font = font(HEAD_FONT, 11)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    cell.protection = Protection(locked=False)
    ws.row_dimensions[AS_OF_ROW].height = 20


def write_header(ws, row: int, headers: Sequence[str]) -> None:
    """A ledger header row (黑体, shaded, bordered) and the column widths (sortable sheet too)."""
    from openpyxl.styles import Alignment, PatternFill

    widths = dict(COLUMNS)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for col, header in enumerate(headers, 1):
        cell = ws.cell(row, col)
        set_text(cell, header)
        cell.font = font(HEAD_FONT, 11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = thin_border()
        cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = widths.get(header, EXTRA_WIDTH)
    ws.row_dimensions[row].height = 24


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
            if header in own and own[header].value is not None:
                set_typed(cell, own[header])
                continue
            if header == "截止日期" and _is_formula(value):
                cell.value = value
            elif isinstance(value, str):
                set_text(cell, value)
            elif value is not None:
                cell.value = value
            if header in own:  # a comment or link somebody put on the plan's cell
                set_notes(cell, own[header])


def _column_styles(ws, headers):
    """The style of each column's data cells, built on a scratch cell: font, border, wrapping,
    date format, and a lock on the key column only."""
    from copy import copy

    from openpyxl.styles import Alignment, Protection

    scratch_sheet = ws.parent.create_sheet("scratch")  # styles belong to the workbook
    scratch = scratch_sheet.cell(1, 1)
    border, cell_font = thin_border(), font()
    protos = {}
    for header in headers:
        horizontal = "center" if header in CENTRED else "left"
        # Merged cells read from their top: centred text would be cut where a page breaks them.
        vertical = "center" if header in CENTRED else "top"
        scratch.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
        scratch.font = cell_font
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


def _page_breaks(entries, rows, heights, ncols) -> list[int]:
    """Rows after which printed pages end: between task groups where they fit (see xlsx_pages)."""
    from .xlsx_pages import ledger_widths, page_breaks, print_scale

    groups = _groups(entries, _task_key, rows)
    scale = print_scale(ledger_widths(ncols))
    header = heights.get(HEADER_ROW, 24)
    return page_breaks(heights, groups, FIRST_ROW, header, scale)


def _merge_groups(ws, entries, rows, breaks=()) -> None:
    """Merge 重点任务 and 具体任务 over their rows, keeping the cell style (borders) on every
    cell of the merge; where a page breaks inside a group, the label starts again on the next
    page (two merges with the same text)."""
    from copy import copy

    from .xlsx_pages import split_at

    for col, key in ((2, _section_key), (3, _task_key)):
        for first, last in split_at(_groups(entries, key, rows), breaks):
            if ws.cell(first, col).value is None:
                ws.cell(first, col).value = _label_above(ws, first, col)
            if last > first:
                style = copy(ws.cell(first, col)._style)
                ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
                for row in range(first, last + 1):
                    ws.cell(row, col)._style = copy(style)


def _label_above(ws, row: int, col: int):
    """The label of the group a continued piece belongs to: the nearest one above it."""
    for r in range(row - 1, FIRST_ROW - 1, -1):
        if ws.cell(r, col).value is not None:
            return ws.cell(r, col).value
    return None


def _size_rows(ws, entries, headers, rows, last) -> dict[int, float]:
    """Row heights from text length (Excel and LibreOffice never size wrapped rows themselves)."""
    widths = [ws.column_dimensions[ws.cell(HEADER_ROW, c).column_letter].width for c in
              range(1, len(headers) + 1)]
    heights = {}
    for row in range(FIRST_ROW, last + 1):
        lines = 1
        for col, header in enumerate(headers, 1):
            value = ws.cell(row, col).value
            if header in MERGED or header == KEY_HEADER or value is None or _is_formula(value):
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
    heights.update({r: ws.row_dimensions[r].height for r in (TITLE_ROW, AS_OF_ROW, HEADER_ROW)})
    return heights


def _is_formula(value) -> bool:
    """True for a formula the ledger writes (the 截止日期 of a milestone or recurring deadline)."""
    return isinstance(value, str) and value.startswith("=")
