"""Deadlines of a kept clause against the parent's, date by date: pushed later, or dropped.

Dated deadlines are compared: kind `by` by their last day, kind `recurring` (每年11月底前) by
their latest day of the period when both recur at the same pace. Ongoing or relative wording in
the child is no date, so a parent date replaced by 持续推进 counts as dropped; so does a year the
child left out (2024年6月底前 → 6月底前) unless it states that year in the clause.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from ..model import Deadline
from .model import Finding
from .normalise import tidy


def _has_date(deadline: Deadline) -> bool:
    """True for a deadline that names a day: a `by` date or recurring days."""
    return (deadline.kind == "by" and deadline.date is not None) or (
        deadline.kind == "recurring" and bool(deadline.dates))


@lru_cache(maxsize=4096)
def dated(text: str, ref: _dt.date | None) -> tuple[Deadline, ...]:
    """The dated deadlines of a text, in order (cached: the same parent clauses recur)."""
    from ..parse.deadlines import find_deadlines

    return tuple(d for d in find_deadlines(text, ref) if _has_date(d))


def _comparable(parent: Deadline, child: Deadline) -> bool:
    """True when two deadlines can be ordered: both one-off dates, or recurring at one pace."""
    if parent.kind == child.kind == "by":
        return True
    return parent.kind == child.kind == "recurring" and parent.every == child.every


def _later(parent: Deadline, child: Deadline) -> bool:
    """True when the child's deadline falls after the parent's."""
    if parent.kind == "by":
        return child.date > parent.date
    return max(child.dates) > max(parent.dates)


def _distance(parent: Deadline, child: Deadline) -> int:
    """Days between two comparable deadlines (recurring ones on a common year)."""
    if parent.kind == "by":
        return abs((child.date - parent.date).days)
    day = lambda d: _dt.date.fromisoformat(f"2001-{max(d.dates)}")  # noqa: E731
    return abs((day(child) - day(parent)).days)


def _nearest(parent: Deadline, options: list[Deadline]) -> Deadline | None:
    """The comparable option closest to the parent deadline, the same words first."""
    same = [c for c in options if tidy(c.text) == tidy(parent.text)]
    if same:
        return same[0]
    comparable = [c for c in options if _comparable(parent, c)]
    return min(comparable, key=lambda c: _distance(parent, c)) if comparable else None


def _find(text: str, words: str, start: int = 0) -> tuple[int, int] | None:
    """The span of `words` in `text` (tidy forms), or None."""
    pos = text.find(tidy(words), start)
    return (pos, pos + len(tidy(words))) if pos >= 0 else None


YEAR = re.compile(r"20\d\d年")


def deadline_findings(parent: str, parent_ref: _dt.date | None, child: str,
                      child_ref: _dt.date | None, child_task, elsewhere: str = "") -> list[Finding]:
    """Per parent date of a kept clause (both shown): `deadline_later` when the child's date for
    the same phrase falls after it, `deadline_dropped` when the child has no date for it (or
    dropped its year without stating the year in that clause).

    The child's date for a parent date is the one in the child phrase the parent phrase became
    (findings.locate); failing that the same words anywhere in the child clause or task, then
    the nearest comparable date of the clause, then of the task's deadlines and ledger rows
    (only a date later than every comparable one there counts).
    """
    from .findings import phrase_window

    mine = list(dated(parent, parent_ref))
    if not mine:
        return []
    theirs = list(dated(child, child_ref))
    # Dates of the child task outside this clause (its 完成时限, ledger rows, unit note).
    outside = [d for d in getattr(child_task, "deadlines", []) if _has_date(d)]
    outside += [d for m in getattr(child_task, "ledger_measures", []) for d in m.deadlines if _has_date(d)]
    body = tidy(getattr(child_task, "text", "") or "")
    outside = [d for d in outside if tidy(d.text) not in child and tidy(d.text) not in body]
    pairs: list[tuple[Deadline, tuple[int, int] | None, Deadline | None]] = []
    cursor = 0
    for p in mine:
        p_span = _find(parent, p.text, cursor) or _find(parent, p.text)
        if p_span:
            cursor = p_span[1]
        w0, w1 = phrase_window(parent, p_span, child)
        near = [c for c in theirs if (s := _find(child, c.text)) and w0 <= s[0] < w1]
        pairs.append((p, p_span, _nearest(p, near) if near else None))
    claimed = {id(c) for _, _, c in pairs if c is not None}
    out: list[Finding] = []
    for p, p_span, c in pairs:
        if c is None and (tidy(p.text) in child or tidy(p.text) in tidy(elsewhere)):
            continue  # the same words, moved within the clause or the task
        if c is None:
            c = _nearest(p, [d for d in theirs if id(d) not in claimed])
        if c is None and outside:
            later = [d for d in outside if _comparable(p, d)]
            if not (later and all(_later(p, d) for d in later)):
                continue
            c = min(later, key=lambda d, p=p: _distance(p, d))
        out += _judge(p, p_span, c, child)
    return out


def _judge(p: Deadline, p_span, c: Deadline | None, child: str) -> list[Finding]:
    """The finding, if any, of one parent date against the child date it became (or None)."""
    text = tidy(p.text)
    if c is None:
        return [Finding("deadline_dropped", text, None, p_span, None, f"删去了时限「{text}」")]
    c_text, c_span = tidy(c.text), _find(child, c.text)
    if _year_dropped(p, c, child):
        return [Finding("deadline_dropped", text, c_text, p_span, c_span,
                        f"时限「{text}」删去了年份，写作「{c_text}」")]
    if _comparable(p, c) and _later(p, c) and c_text != text:
        return [Finding("deadline_later", text, c_text, p_span, c_span,
                        f"时限由「{text}」推后到「{c_text}」")]
    return []


def _year_dropped(parent: Deadline, child: Deadline, child_text: str) -> bool:
    """True when the parent wrote the year and the child's date has none, and the child clause
    states no year for it either (its year is only the plan's own date)."""
    if parent.inferred or not child.inferred or not YEAR.search(parent.text):
        return False
    year = f"{parent.date.year if parent.date else ''}年"
    return year not in child_text
