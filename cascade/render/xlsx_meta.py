"""The ledger's very hidden sheet: the plan's particulars (for reading the ledger back as a plan
and for rolling ledgers up) and what the tool wrote, so an update can tell what people typed."""

from __future__ import annotations

import datetime as _dt

from ..ledger_layout import KEY_HEADER, META_SHEET
from ..model import Plan
from .xlsx_cells import set_text

# Plan fields kept, in this order, as `plan.<field>` rows.
PLAN_FIELDS = ("id", "title", "level", "region", "issuer", "doc_number", "date", "parent", "source")
WROTE_STATS = "wrote:统计!"  # + cell reference: what the tool wrote on the 统计 sheet
WROTE_ROW = "wrote:"  # + measure id + ":" + header: a ledger row's cells as written
SKIPPED = ("序号", KEY_HEADER)
FROM = "from:"  # + measure id: the parent task its task was derived from
AS_OF_TYPED = "as_of_typed"  # present when the 统计截至 date is one a person typed
OMITTED = "omitted:"  # + parent task id: the reason the plan records for dropping it


def stats_snapshot(ws) -> dict[str, object]:
    """Every cell the tool wrote on the 统计 sheet, by reference."""
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def write_meta(wb, plan: Plan, entries, as_of: _dt.date, stats: dict[str, object],
               cells: dict[str, dict[str, object]], *, as_of_typed: bool = False) -> None:
    """Add the very hidden sheet (key in column A, value in column B)."""
    ws = wb.create_sheet(META_SHEET)
    rows: list[tuple[str, object]] = []
    for name in PLAN_FIELDS:
        value = getattr(plan, name, None)
        if value not in (None, ""):
            rows.append((f"plan.{name}", value.isoformat() if isinstance(value, _dt.date)
                         else str(value)))
    rows.append(("as_of", as_of.isoformat()))
    if as_of_typed:
        rows.append((AS_OF_TYPED, "1"))
    for entry in entries:
        parent = next((t.derived_from for t in reversed(entry.tasks) if t.derived_from), None)
        if parent:
            rows.append((f"{FROM}{entry.measure.id}", parent))
    rows += [(f"{OMITTED}{o.task}", o.reason) for o in plan.omitted if o.task and not o.clause]
    for key, values in cells.items():
        for header, value in values.items():
            if value is not None and header not in SKIPPED:
                rows.append((f"{WROTE_ROW}{key}:{header}", _plain(value)))
    rows += [(f"{WROTE_STATS}{ref}", _plain(value)) for ref, value in stats.items()]
    for r, (key, value) in enumerate(rows, 1):
        set_text(ws.cell(r, 1), key)
        set_text(ws.cell(r, 2), str(value))
    ws.sheet_state = "veryHidden"


def _plain(value) -> str:
    """A written value as text: dates in ISO form."""
    return value.isoformat() if isinstance(value, _dt.date) else str(value)
