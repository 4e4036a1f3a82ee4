"""Read an existing ledger .xlsx — ours, or one an office typed — into rows of typed values."""

from __future__ import annotations

import datetime as _dt
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LedgerError
from ..ledger_layout import (
    ARCHIVE_SHEET,
    AS_OF_LABEL,
    FLAT_SHEET,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    META_SHEET,
    READ_AS,
    REMOVED_SHEET,
    STATS_SHEET,
    TYPED_HEADERS,
    column_of,
)
from ..ledger_typed import Archived, CopiedSheet, Typed
from . import sheet_cells

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
    meta: dict[str, str] = field(default_factory=dict)  # the very hidden sheet of our ledgers
    archive: list[Archived] = field(default_factory=list)  # the archive sheet's rows
    flat: list[OldRow] = field(default_factory=list)  # rows of the sortable 排序筛选 sheet
    as_of: _dt.date | None = None  # the date in the 统计截至 cell, as found

    @property
    def typed_headers(self) -> tuple[str, ...]:
        """Columns whose contents belong to the people who keep the ledger."""
        return (*TYPED_HEADERS, *self.extra_headers)


def canonical_header(value) -> str | None:
    """The ledger column a header cell names, or None for a header we do not know."""
    if not isinstance(value, str):
        return None
    column = column_of(re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)))
    return READ_AS.get(column, column)


def read_typed(cell) -> Typed | None:
    """What a person typed in a cell (value, format, comment, link), or None when it is empty."""
    value = cell.value
    comment = cell.comment.text if cell.comment is not None else None
    author = cell.comment.author if cell.comment is not None else None
    link = cell.hyperlink.target if cell.hyperlink is not None else None
    if (value is None or value == "") and not (comment or link):
        return None
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = value if isinstance(value, str) else getattr(value, "text", str(value))
        return Typed(text, cell.number_format, formula=True, comment=comment, author=author,
                     link=link)
    return Typed(None if value == "" else value, cell.number_format, comment=comment,
                 author=author, link=link)


def read_ledger(path: str | Path) -> OldLedger:
    """Read the ledger sheet (and any 已移除 sheet) of an existing ledger workbook."""
    path = Path(path)
    if not path.exists():
        raise LedgerError("任务台账文件不存在；请先用 `cascade render 方案 --xlsx 台账.xlsx` 生成。", path=path)
    from ..errors import InputError
    from .office import check_office

    if path.suffix.lower() in (".xls", ".et"):
        raise LedgerError("这是旧版 .xls/.et 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再试。", path=path)
    try:
        check_office(path, "xlsx")
    except InputError as exc:
        raise LedgerError(exc.message, path=path) from exc
    try:
        with warnings.catch_warnings():  # openpyxl warns in English about WPS/Excel extensions
            warnings.simplefilter("ignore")
            # From bytes: openpyxl refuses a file by its extension, the content was checked above.
            wb = load_workbook(path.read_bytes())
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
    ledger = OldLedger(path, headers, extras, rows, text_header, title, header_row=header_row,
                       as_of=_as_of_cell(ws, header_row))
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
        if other.title == META_SHEET:
            ledger.meta = _read_meta(other)
            continue
        if other.title == ARCHIVE_SHEET:
            ledger.archive = _read_archive(other)
            continue
        if other.title == FLAT_SHEET and ours:
            start = _header_row(other)
            if start:
                flat_headers = _headers(other, start)
                ledger.flat = list(_rows(other, start, flat_headers, "主要措施"))
                ledger.extra_headers += [h for h in flat_headers if h and h not in known
                                         and h not in ledger.extra_headers]
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


def load_workbook(data: bytes):
    """openpyxl's workbook of `data`, a huge number in a date-formatted cell kept as the number."""
    from ..heavy import openpyxl as _openpyxl

    openpyxl = _openpyxl()

    with _dates_out_of_range_kept():
        wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.data_type == "d" and isinstance(cell.value, (int, float)):
                cell.data_type = "n"
    return wb


class _dates_out_of_range_kept:
    """While loading: a number in a date-formatted cell beyond Excel's last date (2,958,465)
    stays the number it is (openpyxl would turn it into the text #VALUE!)."""

    def __enter__(self):
        from openpyxl.worksheet import _reader

        self.module, self.original = _reader, _reader.from_excel

        def from_excel(value, *args, **kwargs):
            try:
                return self.original(value, *args, **kwargs)
            except (OverflowError, ValueError):
                return value

        _reader.from_excel = from_excel
        return self

    def __exit__(self, *exc):
        self.module.from_excel = self.original
        return False


def _read_meta(ws) -> dict[str, str]:
    """The very hidden sheet's key → value rows."""
    return {str(k): "" if v is None else str(v)
            for k, v in ws.iter_rows(min_col=1, max_col=2, values_only=True) if k}


def _read_archive(ws) -> list[Archived]:
    """The archive sheet's rows (工作表 | 位置 | 列 | 内容 | 说明), below its note and header."""
    out = []
    for row in ws.iter_rows(min_row=3, max_col=5):
        sheet, where, column, content, note = (row + (None,) * 5)[:5]
        typed = read_typed(content) if content is not None else None
        if typed is None:
            continue
        out.append(Archived(str(sheet.value or ""), str(where.value or ""), str(column.value or ""),
                            typed, str(note.value or "") if note is not None else ""))
    return out


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
    """Anything typed above the header besides the title and the as-of cells (统计截至： and the
    date beside it), as rows that match no measure."""
    for r, row in sheet_cells.rows(ws, 1, header_row - 1).items():
        cells = {}
        after_label = False
        for col, cell in row.items():
            header = headers[col - 1] if col <= len(headers) else ""
            typed = read_typed(cell)
            as_of = after_label and typed is not None and isinstance(typed.value, _dt.datetime)
            after_label = typed is not None and typed.value == AS_OF_LABEL
            if typed is not None and typed.value != title and not after_label and not as_of:
                cells[header or f"第{col}列"] = typed
        if cells:
            yield OldRow(row=r, key=None, label="", text="", cells=cells)


def _as_of_cell(ws, header_row: int) -> _dt.date | None:
    """The date in the cell after 统计截至：above the header, or None."""
    for row in sheet_cells.rows(ws, 1, header_row - 1).values():
        after_label = False
        for cell in row.values():
            value = cell.value
            if after_label and isinstance(value, _dt.date):
                return value.date() if isinstance(value, _dt.datetime) else value
            after_label = value == AS_OF_LABEL
    return None


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
    names += [n for n in wb.sheetnames if n not in (LEDGER_SHEET, REMOVED_SHEET, FLAT_SHEET)]
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
    """Non-empty data rows below the header, skipping a repeated header row (a table typed from
    a printed copy, not one of ours). A row with only 重点任务 or 具体任务 typed is kept; a row
    whose only values are a merge's spread over it is not a row."""
    spread = _merged_values(ws)
    context = {"重点任务", "具体任务"}
    ours = KEY_HEADER in headers
    spread_rows = {r for r, _ in spread}
    filled = sheet_cells.rows(ws, header_row + 1)
    context_cols = [col for col, header in enumerate(headers, 1) if header in context]
    for r in sorted(set(filled) | {r for r in spread_rows if r > header_row}):
        cells: dict[str, Typed] = {}
        own = False
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
            elif typed is not None:
                own = own or (r, col) not in spread or header not in context
            if typed is not None:
                cells[header] = typed
        if not own:
            continue
        if not ours and text_header in cells and all(
                canonical_header(v.value) == h for h, v in cells.items()):
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
