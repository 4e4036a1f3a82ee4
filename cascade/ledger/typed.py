"""What people typed into the tool's own cells: "differs from what the tool wrote", judged
against the record the ledger keeps of what it wrote (its very hidden sheet)."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from ..ledger_layout import LEDGER_SHEET, PLAN_HEADERS
from ..ledger_typed import Archived, Typed
from ..render.xlsx_meta import WROTE_ROW, WROTE_STATS
from ..sources.ledger import OldLedger, OldRow

EDITED_NOTE = "方案列中手工改动的内容（该列按方案重新生成，原改动保留于此）"


def shape(value) -> str:
    """A cell as compared with what the tool wrote: dates in ISO form, text width-folded without
    blanks, and formulas with their cell references, numbers, `$` and sheet-name quotes blanked,
    so a formula whose rows moved, or that Excel/WPS/LibreOffice re-wrote on saving
    (`'任务台账'!$H$3` → `任务台账!$H$3`), compares equal to ours."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value)))
    if not text.startswith("="):
        return text
    text = re.sub(r"[$']", "", text[1:])
    text = re.sub(r"\b[A-Z]{1,3}\d+\b", "R", text)
    return "=" + re.sub(r"\d+", "#", text)


def typed_stats_cells(old: OldLedger, new_stats) -> dict[tuple[int, int], Typed]:
    """Cells of the old 统计 sheet that differ from what the tool wrote there (its record, or
    for a ledger without one, the regenerated sheet at the same place)."""
    if old.stats is None:
        return {}
    from openpyxl.utils import get_column_letter

    if old.meta:
        wrote = {k[len(WROTE_STATS):]: v for k, v in old.meta.items() if k.startswith(WROTE_STATS)}
    else:
        wrote = {c.coordinate: c.value for row in new_stats.iter_rows() for c in row
                 if c.value is not None}
    typed = {}
    for (row, col), cell in old.stats.cells.items():
        ours = wrote.get(f"{get_column_letter(col)}{row}")
        if ours is None or cell.comment or cell.link or (
                cell.value is not None and shape(cell.value) != shape(ours)):
            typed[(row, col)] = cell
    return typed


def edited_plan_cells(old: OldLedger, row: OldRow) -> tuple[list[Archived], dict[str, Typed]]:
    """The plan's cells on an old row that a person changed: changed values (for the archive)
    and comments or links on unchanged ones (to put back on the row)."""
    archived, notes = [], {}
    if not old.meta or not row.key:
        return archived, notes
    for header in PLAN_HEADERS:
        cell = row.cells.get(header)
        if cell is None:
            continue
        wrote = old.meta.get(f"{WROTE_ROW}{row.key}:{header}")
        if wrote is None:
            continue
        if cell.value is not None and shape(cell.value) != shape(wrote):
            archived.append(Archived(LEDGER_SHEET, row.key, header, cell, EDITED_NOTE))
        elif cell.comment or cell.link:
            notes[header] = Typed(None, comment=cell.comment, author=cell.author, link=cell.link)
    return archived, notes


def merge_archive(*lists: list[Archived]) -> list[Archived]:
    """Archive rows of all lists, each once (same sheet, place, column and content)."""
    seen, out = set(), []
    for archived in lists:
        for a in archived:
            key = (a.sheet, a.where, a.column, shape(a.typed.value), a.typed.comment, a.typed.link)
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out



CONFLICT_NOTE = "同一措施在“{sheet}”表中填写的不同内容（已保留“任务台账”表中的内容）"


def merge_flat(old: OldLedger, row: OldRow, flat: OldRow | None,
               headers) -> tuple[dict[str, Typed], list[Archived]]:
    """A row's typed values from whichever sheet a person typed into: the ledger sheet's, or the
    sortable sheet's where only that one differs from what the tool wrote; where both were
    changed differently the ledger sheet's stays and the other goes to the archive."""
    from ..ledger_layout import FLAT_SHEET

    values = dict(row.typed(headers))
    if flat is None or not old.meta:
        return values, []
    conflicts = []
    for header in headers:
        main, other = row.cells.get(header), flat.cells.get(header)
        wrote = old.meta.get(f"{WROTE_ROW}{row.key}:{header}")
        base = shape(wrote) if wrote is not None else ""
        main_shape = shape(main.value) if main is not None and main.value is not None else ""
        other_shape = shape(other.value) if other is not None and other.value is not None else ""
        if other is not None and (other.comment or other.link):
            _carry_notes(values, header, main, other, conflicts, row.key or "")
        if other_shape == base or other_shape == main_shape:
            continue
        if main_shape == base:
            if other is None:
                values.pop(header, None)  # cleared in the sortable sheet
            else:  # the sortable sheet's value, keeping a comment or link on the row's cell
                values[header] = _keep_notes(other, values.get(header) or main)
        else:
            conflicts.append(Archived(FLAT_SHEET, row.key or "", header, other,
                                      CONFLICT_NOTE.format(sheet=FLAT_SHEET)))
    edited = flat_edits(old, flat)
    return values, conflicts + edited


def _keep_notes(value: Typed, notes: Typed | None) -> Typed:
    """`value` with the comment and link of `notes` where it has none of its own."""
    from dataclasses import replace

    if notes is None:
        return value
    return replace(value, comment=value.comment or notes.comment,
                   author=value.author if value.comment else notes.author,
                   link=value.link or notes.link)


def _carry_notes(values, header, main, other, conflicts, key) -> None:
    """A comment or link put on the sortable sheet's cell goes onto the row's cell; one that
    differs from the ledger sheet's own goes to the archive."""
    from dataclasses import replace

    from ..ledger_layout import FLAT_SHEET

    here = values.get(header) or main
    mine = (here.comment, here.link) if here is not None else (None, None)
    theirs = (other.comment, other.link)
    if mine == theirs:
        return
    if any(mine):
        conflicts.append(Archived(FLAT_SHEET, key, header, other,
                                  CONFLICT_NOTE.format(sheet=FLAT_SHEET)))
        return
    base = here if here is not None else Typed(None)
    values[header] = replace(base, comment=other.comment, author=other.author, link=other.link)


def flat_edits(old: OldLedger, flat: OldRow) -> list[Archived]:
    """The plan's cells a person changed on the sortable sheet (for the archive)."""
    from ..ledger_layout import FLAT_SHEET

    out = []
    for header in PLAN_HEADERS:
        cell = flat.cells.get(header)
        wrote = old.meta.get(f"{WROTE_ROW}{flat.key}:{header}")
        formula = header == "截止日期" and (cell is not None and cell.formula)
        if formula or cell is None or cell.value is None or wrote is None:
            if cell is not None and (cell.comment or cell.link):
                out.append(Archived(FLAT_SHEET, flat.key or "", header, cell, EDITED_NOTE))
            continue
        if shape(cell.value) != shape(wrote) or cell.comment or cell.link:
            out.append(Archived(FLAT_SHEET, flat.key or "", header, cell, EDITED_NOTE))
    return out
