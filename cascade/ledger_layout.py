"""The task ledger's layout, owned in one place: sheets, columns, statuses, header words, print."""

from __future__ import annotations

# -- sheets ----------------------------------------------------------------------------------

LEDGER_SHEET = "任务台账"
STATS_SHEET = "统计"
REMOVED_SHEET = "已移除"
FLAT_SHEET = "排序筛选"  # every row self-contained: no merges, no protection, sortable
ARCHIVE_SHEET = "手填内容存档"  # typed cells that have no row to go back to, one sheet for all
META_SHEET = "_cascade"  # very hidden: the plan's particulars and what the tool wrote
TITLE_SUFFIX = "任务台账"
OUR_SHEETS = (LEDGER_SHEET, STATS_SHEET, REMOVED_SHEET, FLAT_SHEET, ARCHIVE_SHEET, META_SHEET)

# -- the ledger sheet's columns ----------------------------------------------------------------

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
PLAN_HEADERS = ("重点任务", "具体任务", "主要措施", "责任单位", "完成时限", "截止日期")
MERGED = ("重点任务", "具体任务")  # merged over their rows on the ledger sheet
CENTRED = ("序号", "截止日期", "完成状态")
EXTRA_WIDTH = 16  # columns people add

# -- rows and the as-of cell -------------------------------------------------------------------

TITLE_ROW, AS_OF_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
AS_OF_LABEL = "统计截至："
AS_OF_LABEL_HEADER, AS_OF_HEADER = "进度情况", "备注"  # the label's column and the date's
DATE_FORMAT = "yyyy-mm-dd"


def as_of_ref(sheet: str | None = None) -> str:
    """An absolute reference to the as-of cell, from the ledger sheet or from `sheet`'s side."""
    ref = f"${chr(ord('A') + HEADERS.index(AS_OF_HEADER))}${AS_OF_ROW}"
    return f"'{sheet}'!{ref}" if sheet else ref


# -- statuses ----------------------------------------------------------------------------------

STATUSES = ("未启动", "推进中", "已完成", "长期推进", "已逾期")
CLOSED_STATUSES = ("已完成", "长期推进")  # never overdue, never due soon
OVERDUE_STATUS = "已逾期"
DONE_STATUS = "已完成"
DUE_SOON_DAYS = 30
ONGOING_TEXT = "持续推进"  # the 截止日期 cell of a row without an end (or past its milestone)

# -- header words of ledgers offices keep ---------------------------------------------------------

# The words that name each ledger column (a header cell is one of them, or starts with one).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "序号": ("序号", "编号"),
    "重点任务": ("重点任务", "任务类别", "重点工作"),
    "具体任务": ("具体任务", "工作任务", "任务内容"),
    "主要措施": ("主要措施", "具体措施", "工作措施", "措施内容", "主要内容", "工作内容", "措施"),
    "责任单位": ("责任单位", "责任部门", "实施主体", "责任主体", "实施单位"),
    # Task-division tables name lead and supporting units apart (not columns of ours).
    "牵头单位": ("牵头单位", "牵头部门", "主办单位", "主责单位", "牵头领导单位"),
    "配合单位": ("配合单位", "配合部门", "协办单位", "协办部门", "参与单位", "协助单位"),
    "完成时限": ("完成时限", "完成时间", "时间节点", "时限要求", "时间安排", "完成期限"),
    "截止日期": ("截止日期",),
    "完成状态": ("完成状态", "状态"),
    "进度情况": ("进度情况", "完成情况", "工作进展", "进展情况", "推进情况", "落实情况"),
    "备注": ("备注", "备注说明", "说明"),
    KEY_HEADER: (KEY_HEADER,),
}
HEADER_MAX_CHARS = 12
# How a ledger someone else keeps is read into ours: its lead units are our 责任单位 (a column
# of supporting units stays a column of its own, as typed).
READ_AS = {"牵头单位": "责任单位"}
# The roles a plan's attachment table gives its columns, by the ledger column they are.
COLUMN_ROLES: dict[str, str] = {
    "序号": "number",
    "重点任务": "section",
    "具体任务": "task",
    "主要措施": "measure",
    "责任单位": "units",
    "牵头单位": "lead",
    "配合单位": "support",
    "完成时限": "deadline",
    "进度情况": "progress",
    "备注": "progress",  # what people write about progress; a plan's table holds no measure there
}


def column_of(text: str) -> str | None:
    """The ledger column a header cell names (whitespace already removed), or None.

    A whole word wins over a prefix (措施编号 is the key, not a 措施 column).
    """
    if not text or len(text) > HEADER_MAX_CHARS:
        return None
    for name, words in HEADER_ALIASES.items():
        if text in words:
            return name
    for name, words in HEADER_ALIASES.items():
        if any(text.startswith(w) for w in words):
            return name
    return None


# -- fonts and print ------------------------------------------------------------------------------

FONT_NAME, FONT_SIZE = "宋体", 10.5
HEAD_FONT = "黑体"
TITLE_FONT, TITLE_SIZE = "方正小标宋简体", 18
HEADER_FILL, REMOVED_FILL = "D9E1F2", "EDEDED"
OVERDUE_FILL, OVERDUE_FONT = "FFC7CE", "9C0006"
SOON_FILL, SOON_FONT = "FFEB9C", "9C5700"
# Print: A4 landscape, one page wide; margins (inches) leave room for the footer.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.8, "bottom": 0.8, "header": 0.3, "footer": 0.3}
FOOTER = "第 &P 页，共 &N 页"
# Printable height of an A4 landscape page in points at 100 %, less margins and the header row.
PAGE_HEIGHT_PT = 595.0 - 72 * (MARGINS["top"] + MARGINS["bottom"])
