"""The ledger sheet's sheet-wide setup: status drop-down, due-date colours, key protection, print."""

from __future__ import annotations

from .xlsx import (
    EXTRA_WIDTH,
    FIRST_ROW,
    FOOTER,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    MERGED,
    STATUSES,
    TITLE_ROW,
    column_letter,
    print_setup,
)


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


def add_due_colours(ws, last: int) -> None:
    """Red when past the date and not done, amber when due within 30 days (TODAY() on opening).

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
    open_ = f'{status}<>"已完成",{status}<>"长期推进"'
    overdue = f'OR({status}="已逾期",AND(ISNUMBER({due}),{due}<TODAY(),{open_}))'
    soon = f'AND(ISNUMBER({due}),{due}>=TODAY(),{due}-TODAY()<=30,{open_})'
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[overdue], stopIfTrue=True,
        fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006")))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[soon], fill=PatternFill("solid", bgColor="FFEB9C"), font=Font(color="9C5700")))


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


def page_setup(ws, ncols: int, last: int) -> None:
    """Frozen header, autofilter, print titles, A4 landscape one page wide, footer."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{last}"
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10
