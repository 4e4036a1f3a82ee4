"""Deadlines of a kept clause against the parent's: pushed `later`, or `dropped` altogether.

Dated deadlines are compared: kind `by` by their last day, kind `recurring` (每年11月底前) by
their latest day of the period when both recur at the same pace. Ongoing or relative wording in
the child is no date, so a parent date replaced by 持续推进 counts as dropped.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from ..model import Deadline
from .model import DeadlineIssue
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


def _pairs(parents: list[Deadline], children: list[Deadline]):
    """Each parent deadline with the child deadline it most likely became (same order when the
    counts agree, else the nearest comparable one)."""
    if len(parents) == len(children):
        return [(p, c) for p, c in zip(parents, children) if _comparable(p, c)]
    out = []
    for p in parents:
        options = [c for c in children if _comparable(p, c)]
        if options:
            out.append((p, min(options, key=lambda c, p=p: _distance(p, c))))
    return out


def deadline_issues(parent_text: str, parent_ref: _dt.date | None, child_text: str,
                    child_ref: _dt.date | None, child_task) -> list[DeadlineIssue]:
    """`later` for each parent date the child moved back, `dropped` when the child kept the
    clause but no date at all (neither in the clause nor anywhere in its task)."""
    parents = list(dated(parent_text, parent_ref))
    if not parents:
        return []
    clause = tidy(parent_text)
    children = list(dated(child_text, child_ref))
    if children:
        # The same words (年底前, 每年11月底前) are the same deadline even when the two plans'
        # own dates give a yearless phrase different years.
        return [DeadlineIssue(tidy(p.text), tidy(c.text), "later", clause)
                for p, c in _pairs(parents, children)
                if _later(p, c) and tidy(p.text) != tidy(c.text)]
    elsewhere = [d for d in child_task.deadlines if _has_date(d)]
    elsewhere += [d for m in child_task.ledger_measures for d in m.deadlines if _has_date(d)]
    if not elsewhere:
        return [DeadlineIssue(tidy(p.text), None, "dropped", clause) for p in parents]
    # The date sits elsewhere in the child task (or its ledger rows): only a date later than
    # every comparable one there counts.
    issues = []
    for p in parents:
        options = [c for c in elsewhere if _comparable(p, c)]
        if options and all(_later(p, c) and tidy(p.text) != tidy(c.text) for c in options):
            earliest = min(options, key=lambda c, p=p: _distance(p, c))
            issues.append(DeadlineIssue(tidy(p.text), tidy(earliest.text), "later", clause))
    return issues
