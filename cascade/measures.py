"""Ledger rows of a plan: each measure (主要措施) with its section and task chain, as stored.

Measures are made when a plan is parsed or derived (`cascade.parse.measures`): the attachment
ledger's rows, or, for a plan without one, requirement sentences split from each leaf task
(marked `split`). Renderers and the ledger update read rows only through this view.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

from .model import Deadline, Measure, Plan, Section, Task


@dataclass
class LedgerEntry:
    """One ledger row: the section, the task chain (top task … leaf) and the measure."""

    section: Section
    tasks: list[Task]
    measure: Measure

    @property
    def task(self) -> Task:
        """The task the measure belongs to."""
        return self.tasks[-1]


def ledger_entries(plan: Plan) -> list[LedgerEntry]:
    """Every ledger row of the plan in source order.

    Measures without a printed label are labelled (1), (2)… by their row; the plan is not changed.
    """
    entries: list[LedgerEntry] = []
    for section in plan.sections:
        for top in section.tasks:
            _collect(section, [top], entries)
    for number, entry in enumerate(entries, 1):
        if not entry.measure.label:
            entry.measure = dataclasses.replace(entry.measure, label=f"({number})")
    return entries


def _collect(section: Section, chain: list[Task], out: list[LedgerEntry]) -> None:
    """Entries of a task's measures, then of its nested tasks."""
    out.extend(LedgerEntry(section, chain, m) for m in chain[-1].measures)
    for child in chain[-1].children:
        _collect(section, [*chain, child], out)


def task_units(task: Task) -> list[str]:
    """The task's 责任单位 followed by its implementers, without repeats."""
    return list(dict.fromkeys([*task.units, *task.implementers]))


def earliest_due(deadlines: list[Deadline]) -> _dt.date | None:
    """The earliest `by` date among deadlines (the ledger's 截止日期), or None."""
    dates = [d.date for d in deadlines if d.kind == "by" and d.date is not None]
    return min(dates) if dates else None


def measure_deadlines(entry: LedgerEntry) -> list[Deadline]:
    """The deadlines a ledger row shows: the measure's own, else its task's."""
    m = entry.measure
    if m.deadlines or m.deadline_text:
        return list(m.deadlines)
    return list(entry.task.deadlines)


def measure_units(entry: LedgerEntry) -> list[str]:
    """The units a ledger row shows: the measure's own, else its task's and implementers."""
    return list(entry.measure.units) or task_units(entry.task)
