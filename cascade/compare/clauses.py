"""Split a task's body into clauses: sentences and ；-parts, the unit parenthetical left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..parse.clauses import ENDINGS
from ..parse.clauses import split_clauses as _split
from ..parse.units import extract_unit_note


def strip_unit_note(text: str) -> str:
    """The body without its closing unit note (（…负责）, [责任单位：…], 。责任单位：…), as the parser reads it."""
    return extract_unit_note(text)[0].rstrip()


def split_clauses(text: str) -> list[str]:
    """The clauses of a body text, in order, each ending with its 。/；, brackets kept whole."""
    return _split(strip_unit_note(text or ""), strip=True)


def task_body(task) -> str:
    """A task's body text; a task read from a ledger has none, so its measures stand for it."""
    if (task.text or "").strip():
        return task.text
    parts = [m.text.strip() for m in task.ledger_measures if m.text and m.text.strip()]
    return "".join(p if p[-1] in ENDINGS else p + "。" for p in parts)


def task_clauses(task) -> list[str]:
    """A task's clauses: from its body (or measures), or from its title when it has neither."""
    return split_clauses(task_body(task)) or split_clauses(task.title)


LEDGER_REPEAT = 0.9  # share of a ledger row found in the task body that makes it a repeat


@dataclass
class TaskText:
    """A task prepared for comparison: its clauses as written and in scoring form."""

    task: object  # cascade.model.Task
    clauses: list[str]
    norm: list[str]
    title: str  # normalised title
    order: int
    units: list[str] = field(default_factory=list)  # its own, its ledger rows' or its task's

    @property
    def id(self) -> str:
        """The task id."""
        return self.task.id


def comparable_tasks(plan, *, ledger: bool = False) -> list[TaskText]:
    """The tasks of a plan that carry text of their own (leaves, and parents with a body).

    With `ledger` (the child side), a task's ledger rows that say more than its body add their
    clauses after the body's: a clause a plan keeps only in its 任务台账 is kept.
    """
    from .normalise import normaliser
    from .similarity import coverage

    norm = normaliser(plan)
    units = _units(plan)
    out: list[TaskText] = []
    for task in plan.tasks():
        if task.children and not (task.text or "").strip():
            continue
        clauses = task_clauses(task)
        normed = [norm(c) for c in clauses]
        if ledger and (task.text or "").strip():
            body = "".join(normed)
            for measure in task.ledger_measures:
                for clause in split_clauses(measure.text):
                    text = norm(clause)
                    # A row that repeats the body (word for word or nearly) adds nothing.
                    if text.rstrip("。；") not in body and coverage(text, body) < LEDGER_REPEAT:
                        clauses.append(clause)
                        normed.append(text)
                        body += text
        out.append(TaskText(task, clauses, normed, norm(task.title), len(out), units[id(task)]))
    return out


def _units(plan) -> dict[int, list[str]]:
    """Each task's responsible units: its own; else those of its ledger rows; else those of the
    task it is nested in (a （1） item under a task that names them once)."""
    found: dict[int, list[str]] = {}

    def visit(task, inherited: list[str]) -> None:
        own = list(task.units) or list(dict.fromkeys(u for m in task.ledger_measures for u in m.units))
        found[id(task)] = own or inherited
        for child in task.children:
            visit(child, found[id(task)])

    for section in plan.sections:
        for task in section.tasks:
            visit(task, [])
    return found
