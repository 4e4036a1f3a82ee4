"""When a ledger row falls due as of a date: an end, a milestone of a standing task, or the next
date of a recurring deadline — as a value for Python and as the same rule in a cell formula."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from .ledger_layout import CLOSED_STATUSES, DUE_SOON_DAYS, ONGOING_TEXT, OVERDUE_STATUS
from .model import Deadline

# Days of each year a recurring deadline without its own days falls on.
DEFAULT_DAYS = {"year": ("12-31",), "half": ("06-30", "12-31"),
                "quarter": ("03-31", "06-30", "09-30", "12-31"),
                "month": tuple(f"{m:02d}-28" for m in range(1, 13))}


def _ends(deadlines: Sequence[Deadline]) -> list[_dt.date]:
    return sorted(d.date for d in deadlines if d.kind == "by" and d.date is not None)


def _recurring(deadlines: Sequence[Deadline]) -> tuple[list[tuple[int, int]], _dt.date | None]:
    days: set[tuple[int, int]] = set()
    start = None
    for d in deadlines:
        if d.kind != "recurring":
            continue
        for mmdd in d.dates or DEFAULT_DAYS.get(d.every or "year", DEFAULT_DAYS["year"]):
            month, day = (int(x) for x in mmdd.split("-"))
            days.add((month, day))
        if d.start is not None:
            start = d.start if start is None else min(start, d.start)
    return sorted(days), start


def due_kind(deadlines: Sequence[Deadline]) -> str:
    """end | milestone | recurring | ongoing | none: how the row's 截止日期 reads."""
    ends = _ends(deadlines)
    kinds = {d.kind for d in deadlines}
    if ends:
        return "milestone" if "ongoing" in kinds else "end"
    if "recurring" in kinds:
        return "recurring"
    return "ongoing" if "ongoing" in kinds else "none"


def _day(year: int, month: int, day: int) -> _dt.date:
    """DATE(year, month, day) as a spreadsheet computes it (a day past the month's end rolls on)."""
    return _dt.date(year, month, 1) + _dt.timedelta(days=day - 1)


def due_on(deadlines: Sequence[Deadline], as_of: _dt.date) -> _dt.date | str | None:
    """The row's 截止日期 as of `as_of`: a date, ONGOING_TEXT, or None when it has no date.

    An end is its earliest date; milestones (a date followed by 持续推进) give the next one not
    yet passed, then ONGOING_TEXT; a recurring deadline its next date on or after `as_of`.
    """
    kind = due_kind(deadlines)
    if kind == "end":
        return _ends(deadlines)[0]
    if kind == "milestone":
        return next((d for d in _ends(deadlines) if as_of <= d), ONGOING_TEXT)
    if kind == "recurring":
        days, start = _recurring(deadlines)
        ref = max(as_of, start) if start else as_of
        for year in (ref.year, ref.year + 1):
            for month, day in days:
                if ref <= _day(year, month, day):
                    return _day(year, month, day)
    return ONGOING_TEXT if kind == "ongoing" else None


def due_cell(deadlines: Sequence[Deadline], as_of_ref: str) -> object:
    """What the 截止日期 cell holds: a date, a formula on the as-of cell `as_of_ref`, or text."""
    kind = due_kind(deadlines)
    if kind == "end":
        return _ends(deadlines)[0]
    if kind == "milestone":
        formula = f'"{ONGOING_TEXT}"'
        for d in reversed(_ends(deadlines)):
            date = f"DATE({d.year},{d.month},{d.day})"
            formula = f"IF({as_of_ref}<={date},{date},{formula})"
        return "=" + formula
    if kind == "recurring":
        days, start = _recurring(deadlines)
        ref = f"MAX({as_of_ref},DATE({start.year},{start.month},{start.day}))" if start else as_of_ref
        dates = [f"DATE(YEAR({ref})+{k},{m},{d})" for k in (0, 1) for m, d in days]
        formula = dates[-1]
        for date in reversed(dates[:-1]):
            formula = f"IF({ref}<={date},{date},{formula})"
        return "=" + formula
    return ONGOING_TEXT if kind == "ongoing" else None


def row_state(due: object, status: object, as_of: _dt.date) -> str:
    """overdue | soon | plain: the colour a row takes as of `as_of` (the rule of the formulas)."""
    status = "" if status is None else str(status).strip()
    if status == OVERDUE_STATUS:
        return "overdue"
    if isinstance(due, _dt.datetime):
        due = due.date()
    if not isinstance(due, _dt.date) or status in CLOSED_STATUSES:
        return "plain"
    if due < as_of:
        return "overdue"
    return "soon" if (due - as_of).days <= DUE_SOON_DAYS else "plain"


def state_formulas(due: str, status: str, as_of: str) -> tuple[str, str]:
    """The overdue and due-soon conditions of one row as spreadsheet formulas (same rule)."""
    open_ = "".join(f',{status}<>"{s}"' for s in CLOSED_STATUSES)
    overdue = f'OR({status}="{OVERDUE_STATUS}",AND(ISNUMBER({due}),{due}<{as_of}{open_}))'
    soon = (f'AND(ISNUMBER({due}),{due}>={as_of},{due}<={as_of}+{DUE_SOON_DAYS}{open_},'
            f'{status}<>"{OVERDUE_STATUS}")')
    return overdue, soon
