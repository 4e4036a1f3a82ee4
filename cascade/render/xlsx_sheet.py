"""The ledger sheet's sheet-wide setup: status drop-down, due-date colours, key protection, print."""

from __future__ import annotations

from ..ledger_due import state_formulas
from ..ledger_layout import (
    AS_OF_HEADER,
    AS_OF_ROW,
    EXTRA_WIDTH,
    FIRST_ROW,
    FOOTER,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    MERGED,
    OVERDUE_FILL,
    OVERDUE_FONT,
    SOON_FILL,
    SOON_FONT,
    STATUSES,
    TITLE_ROW,
)
from .xlsx_cells import column_letter, print_setup


def add_status_list(ws, last: int) -> None:
    """The 完成状态 drop-down (a warning, not a refusal, for other words)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    col = column_letter(HEADERS, "完成状态")
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="完成状态",
        error="请从下拉列表中选择：" + "、".join(STATUSES) + "。",
        promptTitle="完成状态",
        prompt="请选择完成状态。",
        showInputMessage=True,
    )
    dv.add(f"{col}{FIRST_ROW}:{col}{last}")
    ws.add_data_validation(dv)


def add_due_colours(ws, last: int, as_of: str) -> None:
    """Red when past the date and not done, amber when due within 30 days, both as of the as-of
    cell `as_of` (the same rule the 统计 sheet counts with, see `cascade.ledger_due`).

    Rows marked 已完成 or 长期推进 stay plain; a row marked 已逾期 is red whatever its date. The
    merged 重点任务/具体任务 columns stay plain.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    due = f"${column_letter(HEADERS, '截止日期')}{FIRST_ROW}"
    status = f"${column_letter(HEADERS, '完成状态')}{FIRST_ROW}"
    # Not the merged 重点任务/具体任务 cells: a merge takes its top row's colour over all its rows.
    first_open = column_letter(HEADERS, HEADERS[HEADERS.index(MERGED[-1]) + 1])
    area = (f"A{FIRST_ROW}:A{last} "
            f"{first_open}{FIRST_ROW}:{column_letter(HEADERS, HEADERS[-1])}{last}")
    overdue, soon = state_formulas(due, status, as_of)
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[overdue], stopIfTrue=True,
        fill=PatternFill("solid", bgColor=OVERDUE_FILL), font=Font(color=OVERDUE_FONT)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[soon], fill=PatternFill("solid", bgColor=SOON_FILL), font=Font(color=SOON_FONT)))


def protect_key(ws, headers) -> None:
    """Hide and lock the key column; protect the sheet without a password, all else editable.

    Data cells carry their lock in their style; the title, the header and the columns people
    may add are unlocked here.
    """
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter

    key_col = column_letter(headers, KEY_HEADER)
    for col in range(1, len(headers) + 1):
        letter = get_column_letter(col)
        locked = Protection(locked=letter == key_col)
        for row in (TITLE_ROW, HEADER_ROW):
            ws.cell(row, col).protection = locked
        ws.column_dimensions[letter].protection = locked
    ws.cell(AS_OF_ROW, HEADERS.index(AS_OF_HEADER) + 1).protection = Protection(locked=False)
    ws.column_dimensions[key_col].hidden = True
    first_spare = len(headers) + 1
    spare = ws.column_dimensions[get_column_letter(first_spare)]
    spare.min, spare.max = first_spare, 16384  # columns people may add
    spare.protection = Protection(locked=False)
    spare.width = EXTRA_WIDTH
    p = ws.protection
    p.sheet = True
    for name in ("formatCells", "formatColumns", "formatRows", "insertColumns", "insertRows",
                 "insertHyperlinks", "deleteRows", "sort", "autoFilter"):
        setattr(p, name, False)


def page_setup(ws, ncols: int, last: int, breaks=()) -> None:
    """Frozen header, autofilter, print titles, A4 landscape one page wide, footer, and a page
    break after each row of `breaks` (between task groups)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{last}"
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
