"""Read an existing ledger .xlsx — ours, or one an office typed — into rows of typed values."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LedgerError
from ..render.xlsx import (
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    REMOVED_SHEET,
    STATS_SHEET,
    TYPED_HEADERS,
)
from ..render.xlsx_cells import CopiedSheet, Typed, read_typed
from ..sources import sheet_cells

# Header words offices use, by the ledger column they mean (compared without spaces).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "序号": ("序号",),
    "重点任务": ("重点任务",),
    "具体任务": ("具体任务", "工作任务"),
    "主要措施": ("主要措施", "工作措施", "具体措施", "措施"),
    "责任单位": ("责任单位", "牵头单位", "责任部门"),
    "完成时限": ("完成时限", "时限要求", "完成时间"),
    "截止日期": ("截止日期",),
    "完成状态": ("完成状态", "状态"),
    "进度情况": ("进度情况", "完成情况", "工作进展", "进展情况", "落实情况"),
    "备注": ("备注", "说明", "备注说明"),
    KEY_HEADER: (KEY_HEADER,),
}
HEADER_SCAN_ROWS = 15
LABEL = re.compile(r"^\s*[(（]\s*(\d+)\s*[)）]\s*")
TEXT_HEADERS = ("主要措施", "具体任务")


@dataclass
class OldRow:
    """One data row of an existing ledger: its key, measure text and every non-empty cell."""

    row: int
    key: str | None
    label: str
    text: str
    cells: dict[str, Typed] = field(default_factory=dict)

    def typed(self, typed_headers) -> dict[str, Typed]:
        """The values people typed on this row (status, progress, notes, extra columns)."""
        return {h: v for h, v in self.cells.items() if h in typed_headers}


@dataclass
class OldLedger:
    """What an existing ledger file holds."""

    path: Path
    headers: list[str]
    extra_headers: list[str]
    rows: list[OldRow]
    text_header: str
    title: str = ""
    removed_headers: list[str] = field(default_factory=list)
    removed_rows: list[dict[str, Typed]] = field(default_factory=list)
    sheets: list[CopiedSheet] = field(default_factory=list)
    stats: CopiedSheet | None = None  # our 统计 sheet as found (people may have typed in it)
    header_row: int = 0

    @property
    def typed_headers(self) -> tuple[str, ...]:
        """Columns whose contents belong to the people who keep the ledger."""
        return (*TYPED_HEADERS, *self.extra_headers)


def canonical_header(value) -> str | None:
    """The ledger column a header cell names, or None for a header we do not know."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))
    for name, aliases in HEADER_ALIASES.items():
        if text in aliases:
            return name
    return None


def read_ledger(path: str | Path) -> OldLedger:
    """Read the ledger sheet (and any 已移除 sheet) of an existing ledger workbook."""
    path = Path(path)
    if not path.exists():
        raise LedgerError("任务台账文件不存在；请先用 `cascade render 方案 --xlsx 台账.xlsx` 生成。", path=path)
    from ..errors import InputError
    from ..heavy import openpyxl as _openpyxl
    from ..sources.office import check_office

    if path.suffix.lower() in (".xls", ".et"):
        raise LedgerError("这是旧版 .xls/.et 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再试。", path=path)
    try:
        check_office(path, "xlsx")
    except InputError as exc:
        raise LedgerError(exc.message, path=path) from exc
    openpyxl = _openpyxl()
    try:
        with warnings.catch_warnings():  # openpyxl warns in English about WPS/Excel extensions
            warnings.simplefilter("ignore")
            # From bytes: openpyxl refuses a file by its extension, the content was checked above.
            wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    except Exception as exc:
        raise LedgerError(
            "Excel 文件内部结构有误，无法打开；请在 Excel/WPS 中打开后另存为 .xlsx 再试。", path=path
        ) from exc
    ws, header_row = _find_ledger_sheet(wb, path)
    headers = _headers(ws, header_row)
    known = set(HEADERS) | {KEY_HEADER}
    extras = [h for h in headers if h and h not in known]
    text_header = next((h for h in TEXT_HEADERS if h in headers), "")
    title = _title(ws, header_row)
    rows = [*_above_header(ws, header_row, headers, title),
            *_rows(ws, header_row, headers, text_header)]
    ledger = OldLedger(path, headers, extras, rows, text_header, title, header_row=header_row)
    if REMOVED_SHEET in wb.sheetnames:
        removed = wb[REMOVED_SHEET]
        start = _header_row(removed) or 1
        ledger.removed_headers = [h for h in _headers(removed, start) if h]
        for old in _rows(removed, start, _headers(removed, start), ""):
            ledger.removed_rows.append(old.cells)
    ours = KEY_HEADER in headers
    for other in wb.worksheets:
        if other is ws or other.title == REMOVED_SHEET:
            continue
        copied = _copy_sheet(other)
        if other.title == STATS_SHEET and ours:
            ledger.stats = copied
            continue
        if copied.cells:
            if copied.name in (LEDGER_SHEET, STATS_SHEET):
                copied.name += "（原表）"
            ledger.sheets.append(copied)
    return ledger


def _copy_sheet(ws) -> CopiedSheet:
    """Every non-empty cell of a sheet people added, with its merges and column widths."""
    copied = CopiedSheet(name=ws.title)
    for cell in sheet_cells.filled_cells(ws):
        typed = read_typed(cell)
        if typed is not None:
            copied.cells[(cell.row, cell.column)] = typed
    copied.merged = [str(r) for r in ws.merged_cells.ranges]
    copied.widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    return copied


def _above_header(ws, header_row: int, headers: list[str], title: str):
    """Anything typed above the header besides the title, as rows that match no measure."""
    for r, row in sheet_cells.rows(ws, 1, header_row - 1).items():
        cells = {}
        for col, cell in row.items():
            header = headers[col - 1] if col <= len(headers) else ""
            typed = read_typed(cell)
            if typed is not None and typed.value != title:
                cells[header or f"第{col}列"] = typed
        if cells:
            yield OldRow(row=r, key=None, label="", text="", cells=cells)


def _title(ws, header_row: int) -> str:
    """The sheet's title above the header: the text naming a 台账, else the longest text, else "".

    Other lines people put there (填报单位、填报日期) are not the title and are kept as rows.
    """
    texts = [cell.value.strip() for row in sheet_cells.rows(ws, 1, header_row - 1).values()
             for cell in row.values() if isinstance(cell.value, str) and cell.value.strip()]
    named = [t for t in texts if "台账" in t]
    return (named or sorted(texts, key=len, reverse=True) or [""])[0]


def _find_ledger_sheet(wb, path: Path):
    """The sheet holding the ledger (任务台账 first) and its header row."""
    names = [LEDGER_SHEET] if LEDGER_SHEET in wb.sheetnames else []
    names += [n for n in wb.sheetnames if n not in (LEDGER_SHEET, REMOVED_SHEET)]
    for name in names:
        row = _header_row(wb[name])
        if row:
            return wb[name], row
    raise LedgerError("不是任务台账：没有找到含“主要措施”或“具体任务”的表头行。", path=path)


def _header_row(ws) -> int | None:
    """The first row naming at least two ledger columns, one of them the measure or task."""
    for r, row in sheet_cells.rows(ws, 1, HEADER_SCAN_ROWS).items():
        names = {canonical_header(c.value) for c in row.values()} - {None}
        if len(names) >= 2 and names & {*TEXT_HEADERS, KEY_HEADER}:
            return r
    return None


def _headers(ws, header_row: int) -> list[str]:
    """Column headers by position: known ones canonical, others as typed, blanks named by letter
    when the column holds anything."""
    from openpyxl.utils import get_column_letter

    headers = []
    below = set(sheet_cells.used_columns(ws, header_row + 1))
    named = sheet_cells.rows(ws, header_row, header_row).get(header_row, {})
    last = max([*below, *named], default=0)
    seen: set[str] = set()
    for col in range(1, last + 1):
        value = sheet_cells.value_at(ws, header_row, col)
        if value in (None, "") and col not in below:
            headers.append("")  # an empty column between used ones (a far cell leaves 16,000)
            continue
        name = canonical_header(value)
        if name is None and value not in (None, ""):
            name = str(value).strip() or f"{get_column_letter(col)}列"
        if name is None and col in below:
            name = f"{get_column_letter(col)}列"
        if name in seen:  # a second column with the same header keeps its own name
            name = f"{name}（{get_column_letter(col)}列）"
        seen.add(name or "")
        headers.append(name or "")
    return headers


def _merged_values(ws) -> dict[tuple[int, int], object]:
    """Values of merged ranges, spread over every cell they cover (for reading context only)."""
    spread = {}
    for rng in ws.merged_cells.ranges:
        value = sheet_cells.value_at(ws, rng.min_row, rng.min_col)
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                spread[(row, col)] = value
    return spread


def _rows(ws, header_row: int, headers: list[str], text_header: str):
    """Non-empty data rows below the header, skipping repeated header rows."""
    spread = _merged_values(ws)
    context = {"重点任务", "具体任务"}
    spread_rows = {r for r, _ in spread}
    filled = sheet_cells.rows(ws, header_row + 1)
    context_cols = [col for col, header in enumerate(headers, 1) if header in context]
    for r in sorted(set(filled) | {r for r in spread_rows if r > header_row}):
        cells: dict[str, Typed] = {}
        row = filled.get(r, {})
        for col in sorted(set(row) | {c for c in context_cols if (r, c) in spread}):
            header = headers[col - 1] if col <= len(headers) else ""
            if not header:
                continue
            cell = row.get(col)
            typed = None if cell is None else read_typed(cell)
            if typed is None and header in context and (r, col) in spread:
                value = spread[(r, col)]
                typed = None if value in (None, "") else Typed(value)
            if typed is not None:
                cells[header] = typed
        if not set(cells) - context:
            continue
        if all(canonical_header(v.value) == h for h, v in cells.items()):
            continue  # the header repeated (a table typed from a printed copy)
        key = cells.get(KEY_HEADER)
        raw = str(cells[text_header].value) if text_header in cells else ""
        label = LABEL.match(raw)
        yield OldRow(
            row=r,
            key=str(key.value).strip() if key else None,
            label=f"({label.group(1)})" if label else "",
            text=raw[label.end():] if label else raw,
            cells=cells,
        )
