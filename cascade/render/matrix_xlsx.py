"""The audit as an .xlsx workbook: a summary sheet, one coloured matrix per parent plan, and
the list of missing clauses. Byte-identical for the same audit (fixed times, stable order)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..audit.result import AuditResult, Matrix
from ..compare.model import FINDING_TYPES, LABELS
from .matrix import STYLES, cell_text, view_text
from .xlsx_cells import line_count, row_height, save_deterministic, set_text

# Workbooks carry no clock time: the same audit gives the same bytes.
FIXED_TIME = _dt.datetime(2000, 1, 1)
SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
TASK_WIDTH, TITLE_WIDTH, CELL_WIDTH, CLAUSE_WIDTH = 8, 36, 16, 80
SUMMARY_HEADERS = ("下级方案", "对照的上级方案", "方式", "上级任务", "缺失", "部分缺失", "缺失条款",
                   *(LABELS[t] for t in FINDING_TYPES), "新增任务")
CLAUSE_HEADERS = ("上级方案", "下级方案", "方式", "上级任务", "缺失条款")


def render_audit_xlsx(result: AuditResult, path: str | Path) -> Path:
    """Write the audit workbook atomically (one sheet per parent plan, frozen headers)."""
    from ..heavy import openpyxl

    wb = openpyxl().Workbook()
    _add_styles(wb)
    summary = wb.active
    summary.title = "汇总"
    _summary_sheet(summary, result)
    used = {summary.title}
    for matrix in result.matrices():
        ws = wb.create_sheet(_sheet_name(matrix.parent.label, used))
        _matrix_sheet(ws, matrix)
    _clauses_sheet(wb.create_sheet(_sheet_name("缺失条款", used)), result)
    wb.properties.title = "实施方案覆盖审计"
    wb.properties.creator = "plan-cascade"
    return save_deterministic(wb, path, FIXED_TIME)


def _sheet_name(label: str, used: set[str]) -> str:
    """A legal, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = (label.translate(SHEET_FORBIDDEN).strip("'") or "方案")[:28]
    name, n = base, 2
    while name in used:
        name = f"{base}{n}"
        n += 1
    used.add(name)
    return name


def _add_styles(wb) -> None:
    """Register the workbook's named cell styles once; cells then refer to them by name.

    Assigning one shared named style is far cheaper in openpyxl than building a Font, Fill,
    Border and Alignment for each of thousands of matrix cells.
    """
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.add_named_style(NamedStyle(
        "审计表头", font=Font(bold=True), fill=PatternFill("solid", fgColor="F2F2F2"),
        alignment=centre, border=border))
    wb.add_named_style(NamedStyle(
        "审计任务", alignment=Alignment(vertical="top", wrap_text=True), border=border))
    wb.add_named_style(NamedStyle("审计空格", alignment=centre, border=border))
    for status, look in STYLES.items():
        wb.add_named_style(NamedStyle(
            _cell_style(status), font=Font(color=look.font.lstrip("#")), alignment=centre,
            fill=PatternFill("solid", fgColor=look.fill.lstrip("#")), border=border))


def _cell_style(status: str | None) -> str:
    """The named style of a cell with this task status."""
    return f"审计-{status}" if status in STYLES else "审计空格"


def _header(ws, row: int, values) -> None:
    """A row of header cells."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, str(value))
        cell.style = "审计表头"


def _matrix_sheet(ws, m: Matrix) -> None:
    """One parent's coverage matrix: tasks down, child plans across."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    set_text(ws.cell(row=1, column=1), f"{m.parent.title or m.parent.label}：覆盖矩阵")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _header(ws, 2, ["任务", "内容"] + [c.label for c in m.columns])
    ws.column_dimensions["A"].width = TASK_WIDTH
    ws.column_dimensions["B"].width = TITLE_WIDTH
    for j in range(len(m.columns)):
        ws.column_dimensions[get_column_letter(j + 3)].width = CELL_WIDTH
    for i, ((task, title), cells) in enumerate(zip(m.rows, m.cells), start=3):
        for col, text in ((1, task), (2, title)):
            set_text(ws.cell(row=i, column=col), text)
            ws.cell(row=i, column=col).style = "审计任务"
        lines = line_count(title, TITLE_WIDTH)
        for j, cell in enumerate(cells, start=3):
            text = cell_text(cell).replace("；", "\n")
            target = ws.cell(row=i, column=j)
            set_text(target, text)
            target.style = _cell_style(None if cell is None else cell.status)
            lines = max(lines, line_count(text, CELL_WIDTH))
        ws.row_dimensions[i].height = row_height(lines)
    ws.freeze_panes = "C3"
    ws.print_title_cols = "A:B"
    _print_setup(ws, "2:2", fit_width=False)


def _summary_sheet(ws, result: AuditResult) -> None:
    """One row per compared pair with its counts."""
    labels = {p.key: p.label for p in result.plans}
    heading = f"共 {len(result.plans)} 份方案，比对 {len(result.pairs)} 对"
    set_text(ws.cell(row=1, column=1), heading)
    _header(ws, 2, SUMMARY_HEADERS)
    for i, pair in enumerate(result.pairs, start=3):
        f = pair.findings()
        texts = (labels[pair.child], labels[pair.parent], view_text(pair, labels))
        for col, text in enumerate(texts, start=1):
            set_text(ws.cell(row=i, column=col), text)
        numbers = (len(pair.cells), f["missing"], f["partial"], f["missing_clauses"],
                   *(f[t] for t in FINDING_TYPES), len(pair.extra_tasks))
        for col, number in enumerate(numbers, start=4):
            ws.cell(row=i, column=col).value = number
    for col, width in zip("ABC", (20, 20, 16)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    _print_setup(ws, "2:2")


def _clauses_sheet(ws, result: AuditResult) -> None:
    """Every missing clause with its pair and parent task."""
    labels = {p.key: p.label for p in result.plans}
    _header(ws, 1, CLAUSE_HEADERS)
    row = 2
    for pair in result.pairs:
        for cell in pair.cells:
            for clause in cell.missing_clauses:
                values = (labels[pair.parent], labels[pair.child],
                          view_text(pair, labels), cell.parent_task, clause)
                for col, value in enumerate(values, start=1):
                    set_text(ws.cell(row=row, column=col), value)
                    ws.cell(row=row, column=col).style = "审计任务"
                ws.row_dimensions[row].height = row_height(line_count(clause, CLAUSE_WIDTH))
                row += 1
    for col, width in zip("ABCDE", (16, 16, 20, 8, CLAUSE_WIDTH)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1")


def _print_setup(ws, header_rows: str, *, fit_width: bool = True) -> None:
    """A4 landscape, the header rows on every page; narrow sheets fit one page wide."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = header_rows
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
