"""Regenerate a task ledger from its plan without losing a word anybody typed into it."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LedgerError
from ..ledger_layout import ARCHIVE_SHEET, HEADERS, KEY_HEADER, MERGED, PLAN_HEADERS
from ..ledger_typed import Kept
from ..measures import LedgerEntry, ledger_entries
from ..model import Plan
from ..sources.ledger import OldLedger, OldRow, read_ledger
from .files import backup_copy, refuse_if_open, refuse_if_read_only, update_lock

# A row keeps its key's measure only while the texts stay this alike (a re-parsed plan renumbers
# tasks, so an old key can name a different measure); without a key, texts must be this alike.
KEY_MIN_SIMILARITY = 0.45
TEXT_MIN_SIMILARITY = 0.6
MERGED_HEADERS = set(MERGED)
__all__ = ["UpdateResult", "backup_copy", "match_rows", "read_ledger_progress", "refuse_if_open",
           "update_ledger"]


@dataclass
class UpdateResult:
    """What `update_ledger` did, for the summary the CLI prints."""

    path: Path
    backup: Path
    measures: int
    by_key: int = 0
    by_text: int = 0
    new: int = 0
    moved: int = 0
    archived: int = 0
    typed_values: int = 0
    replaced: int = 0
    extra_columns: list[str] = field(default_factory=list)
    stats_typed: int = 0  # cells people typed into the 统计 sheet, put back (or archived)
    edited: int = 0  # plan cells people changed by hand, kept in the archive sheet
    archived_cells: int = 0  # rows of the archive sheet now
    archive_sheet: str = ARCHIVE_SHEET
    conflicts: int = 0  # a measure typed differently in the ledger and the sortable sheet
    restored: int = 0  # rows of 已移除 whose measure is back in the plan, put back on its row
    own_rows: int = 0  # rows people inserted under a measure, kept under it

    @property
    def kept(self) -> int:
        """Old rows whose typed values went back on a measure's row."""
        return self.by_key + self.by_text


def update_ledger(plan: Plan, ledger_path: str | Path, *, now: _dt.datetime | None = None,
                  as_of: _dt.date | None = None) -> UpdateResult:
    """Regenerate `ledger_path` from `plan`, counted as of `as_of`, putting back every value
    people typed.

    Without `as_of`, a date someone typed into the 统计截至 cell (one that differs from the date
    the tool wrote there) is kept; otherwise the ledger counts as of today.

    Rows are matched to measures by the hidden key column, else by text similarity; rows whose
    measure is gone move to the 已移除 sheet; typed cells with no row to go back to go to the
    one archive sheet. One update at a time holds the file (others wait, then refuse); the old
    file is first copied to a backup of its own name beside it; the new file replaces it
    atomically.
    """
    path = Path(ledger_path)
    if path.suffix.lower() != ".xlsx" and path.suffix.lower() not in (".xls", ".et"):
        raise LedgerError(f"只能更新 .xlsx 台账（现为 {path.suffix or '无扩展名'}）；启用宏的 .xlsm "
                          "等格式更新后会丢失宏或无法打开，请先另存为 .xlsx。", path=path)
    refuse_if_open(path)
    read_ledger(path)  # a missing or broken file is refused before anything is locked
    refuse_if_read_only(path)
    with update_lock(path):
        return _update(plan, path, now or _dt.datetime.now(), as_of)


def typed_as_of(old) -> _dt.date | None:
    """The 统计截至 date a person typed (now, over the tool's date, or at an earlier update),
    or None: then the ledger counts as of today."""
    from ..render.xlsx_meta import AS_OF_TYPED

    wrote = old.meta.get("as_of")
    if old.as_of is None:
        return None
    if wrote and old.as_of.isoformat() == wrote and not old.meta.get(AS_OF_TYPED):
        return None
    return old.as_of


def _update(plan: Plan, path: Path, now: _dt.datetime, as_of: _dt.date | None) -> UpdateResult:
    """The update itself, under the lock."""
    from ..render.xlsx import build_ledger, entry_cells, plan_time, unit_separator
    from ..render.xlsx_cells import save_deterministic
    from .typed import edited_plan_cells, merge_archive, merge_flat, typed_stats_cells

    old = read_ledger(path)  # again: another update may have changed it while we waited
    typed_date = typed_as_of(old) if as_of is None else None
    as_of = as_of or typed_date
    entries = ledger_entries(plan)
    pairs = match_rows(old, entries)
    result = UpdateResult(path=path, backup=path, measures=len(entries),
                          extra_columns=list(old.extra_headers))
    kept = Kept(extra_columns=list(old.extra_headers), sheets=old.sheets,
                as_of_typed=typed_date is not None)
    sep = unit_separator(entries)
    archive = []
    flat = {r.key: r for r in old.flat if r.key}
    for i, (j, how) in pairs.items():
        values, conflicts = merge_flat(old, old.rows[i], flat.pop(old.rows[i].key, None),
                                       old.typed_headers)
        edited, notes = edited_plan_cells(old, old.rows[i])
        archive += edited + conflicts
        result.conflicts += len(conflicts)
        kept.typed[entries[j].measure.id] = {**notes, **values}
        result.replaced += _plan_cells_changed(old.rows[i], entry_cells(j + 1, entries[j], sep))
        result.typed_values += len(values)
        result.by_key += how == "key"
        result.by_text += how == "text"
    back = restore_removed(old, entries, {j for j, _ in pairs.values()})
    for k, j in back.items():
        values = {h: v for h, v in old.removed_rows[k].items() if h in old.typed_headers}
        kept.typed[entries[j].measure.id] = values
        result.typed_values += len(values)
    result.restored = len(back)
    result.new = len(entries) - len(pairs) - len(back)
    kept.inserted = people_rows(old, pairs, entries)
    placed = {id(cells) for rows in kept.inserted.values() for cells in rows}
    result.own_rows = len(placed)
    moved = [dict(row.cells) for i, row in enumerate(old.rows)
             if i not in pairs and id(row.cells) not in placed]
    moved += [dict(r.cells) for r in old.flat if not r.key]  # rows people added to 排序筛选
    archive += _left_in_flat(old, flat)
    result.moved = len(moved)
    still = [row for k, row in enumerate(old.removed_rows) if k not in back]
    kept.removed_rows = [*still, *moved]
    result.archived = len(kept.removed_rows)
    kept.removed_columns = _union(old.removed_headers, [*HEADERS, KEY_HEADER],
                                  *[list(r) for r in kept.removed_rows])
    probe = None if old.meta or old.stats is None else build_ledger(plan, as_of=as_of)["统计"]
    kept.stats_cells = typed_stats_cells(old, probe)
    result.stats_typed = len(kept.stats_cells)
    result.edited = len(archive)
    kept.archive = merge_archive(old.archive, archive)
    wb = build_ledger(plan, kept, as_of=as_of)
    result.archived_cells = len(kept.archive)
    result.backup = backup_copy(path, now)
    save_deterministic(wb, path, plan_time(plan))
    return result


def _left_in_flat(old: OldLedger, flat: dict[str, OldRow]) -> list:
    """Typed values of sortable-sheet rows whose measure has no ledger row any more."""
    from ..ledger_layout import FLAT_SHEET
    from ..ledger_typed import Archived
    from .typed import WROTE_ROW, shape

    out = []
    for key, row in flat.items():
        for header, typed in row.typed(old.typed_headers).items():
            wrote = old.meta.get(f"{WROTE_ROW}{key}:{header}")
            changed = typed.value is not None and (wrote is None or shape(wrote) != shape(typed.value))
            if changed or typed.comment or typed.link:
                out.append(Archived(FLAT_SHEET, key, header, typed, "该措施在“任务台账”表中已没有对应行"))
    return out


def people_rows(old: OldLedger, pairs: dict[int, tuple[int, str]],
                entries: list[LedgerEntry]) -> dict[str, list[dict]]:
    """Rows people inserted into one of our ledgers (no key, no match), under the measure whose
    row they followed: measure id → their cells. 重点任务/具体任务 read from the merge they sat
    in are dropped; rows above the first measure, or with their own 重点任务/具体任务 text, are
    left to 已移除."""
    if KEY_HEADER not in old.headers:
        return {}
    inserted: dict[str, list[dict]] = {}
    anchor, context = None, {}
    for i, row in sorted(enumerate(old.rows), key=lambda pair: pair[1].row):
        if i in pairs:
            anchor = entries[pairs[i][0]].measure.id
            context = {h: row.cells[h].value for h in MERGED_HEADERS if h in row.cells}
            continue
        if not anchor or row.key or row.row <= old.header_row:
            continue
        own = {h: v for h, v in row.cells.items()
               if not (h in MERGED_HEADERS and context.get(h) == v.value)}
        if not MERGED_HEADERS & set(own) and own:
            inserted.setdefault(anchor, []).append(row.cells)
            row.cells.clear()
            row.cells.update(own)
    return inserted


def restore_removed(old: OldLedger, entries: list[LedgerEntry], taken: set[int]) -> dict[int, int]:
    """已移除 row index → entry index, for measures that came back to the plan and have no live
    row yet. A row holding a column the ledger no longer has stays archived (nothing is lost)."""
    from ..sources.ledger import LABEL

    free = [j for j in range(len(entries)) if j not in taken]
    candidates, where = [], []
    for k, cells in enumerate(old.removed_rows):
        theirs = set(cells) - {*HEADERS, KEY_HEADER}
        if not theirs <= set(old.typed_headers) or "主要措施" not in cells:
            continue
        raw = str(cells["主要措施"].value)
        label = LABEL.match(raw)
        key = cells.get(KEY_HEADER)
        candidates.append(OldRow(row=k, key=str(key.value).strip() if key else None,
                                 label="", text=raw[label.end():] if label else raw, cells=cells))
        where.append(k)
    if not candidates or not free:
        return {}
    archive = OldLedger(old.path, [], [], candidates, "主要措施")
    pairs = match_rows(archive, [entries[j] for j in free])
    return {where[i]: free[j] for i, (j, _) in pairs.items()}


def match_rows(old: OldLedger, entries: list[LedgerEntry]) -> dict[int, tuple[int, str]]:
    """Old row index → (entry index, "key" | "text"): one row per measure, best pairs first."""
    from rapidfuzz import fuzz, process

    from ..assignment import linear_sum_assignment
    from ..compare.similarity import single

    if not old.rows or not entries:
        return {}
    by_task = old.text_header == "具体任务"
    new_texts = [_norm(_entry_text(e, by_task)) for e in entries]
    old_texts = [_norm(r.text) for r in old.rows]
    sim = [[0.0] * len(new_texts) for _ in old_texts]
    for i, text in enumerate(old_texts):
        for _, value, j in process.extract(text, new_texts, scorer=fuzz.ratio, limit=None):
            sim[i][j] = single(single(value) / 100.0)  # float32, as the scores always were
    ids = {e.measure.id: j for j, e in enumerate(entries)}
    # float32 comparisons, as numpy made them: the thresholds rounded to single precision too.
    text_min, key_min = single(TEXT_MIN_SIMILARITY), single(KEY_MIN_SIMILARITY)
    score = [[x if x >= text_min else 0.0 for x in row] for row in sim]
    for i, row in enumerate(old.rows):
        if not old_texts[i]:
            score[i] = [0.0] * len(new_texts)
        j = ids.get(row.key) if row.key else None
        if j is not None and (not old_texts[i] or sim[i][j] >= key_min):
            score[i][j] = single(2.0 + sim[i][j])
    rows, cols = linear_sum_assignment(score, maximize=True)
    return {
        i: (j, "key" if score[i][j] >= 2.0 else "text")
        for i, j in zip(rows, cols)
        if score[i][j] > 0
    }


def read_ledger_progress(path: str | Path) -> dict[str, dict[str, object]]:
    """What people typed in a ledger, by measure: {measure id, or label, or text: {column: value}}.

    Works on our ledgers (keyed by the hidden 措施编号) and on ledgers typed by an office.
    """
    old = read_ledger(path)
    progress: dict[str, dict[str, object]] = {}
    for row in old.rows:
        values = {h: v.value for h, v in row.typed(old.typed_headers).items()}
        if not values:
            continue
        key = row.key or row.label or row.text or f"第{row.row}行"
        progress.setdefault(key, {}).update(values)
    return progress


def _entry_text(entry: LedgerEntry, by_task: bool) -> str:
    """What an old row is compared with: the measure, or the task when rows are per task."""
    if by_task:
        return "".join(f"{t.number}{t.title}" for t in entry.tasks)
    return entry.measure.text


def _norm(text: str) -> str:
    """Text for comparing: width-folded, label and whitespace removed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"^\s*\(\s*\d+\s*\)", "", text)
    return re.sub(r"\s+", "", text)


def _plan_cells_changed(row: OldRow, new: dict[str, object]) -> int:
    """How many of the plan's cells on an old row the regenerated row writes differently."""
    changed = 0
    for header in PLAN_HEADERS:
        old = row.cells.get(header)
        if old is None:
            continue
        before, after = old.value, new.get(header)
        if isinstance(before, _dt.datetime) and isinstance(after, _dt.date):
            changed += before.date() != after
        else:
            changed += _norm(str(before)) != _norm("" if after is None else str(after))
    return changed


def _union(*lists: list[str]) -> list[str]:
    """Headers of all lists, each once, in first-seen order."""
    return list(dict.fromkeys(h for lst in lists for h in lst))
