"""Split a task's body into clauses: sentences and ；-parts, the unit parenthetical left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import tidy

_OPEN = "（([［【《“‘〔"
_CLOSE = "）)]］】》”’〕"
_PAIR = dict(zip(_CLOSE, _OPEN))
_ENDS = "。；;！？!?"
# Words that mark a trailing bracket as the responsible-units note, not part of the sentence.
UNIT_NOTE = re.compile(r"责任单位|牵头单位|配合单位|负责|落实|不再.{0,4}列出")
# A clause shorter than this (after tidying) is folded into its neighbour: 等。 is not a clause.
MIN_CLAUSE = 4


def strip_unit_note(text: str) -> str:
    """Drop a trailing （…负责） / [责任单位：…] bracket, nested brackets inside it included."""
    body = text.rstrip()
    if not body or body[-1] not in "）)]］】":
        return body
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        ch = body[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                note = body[i:]
                return body[:i].rstrip() if UNIT_NOTE.search(note) else body
    return body


def split_clauses(text: str) -> list[str]:
    """The clauses of a body text, in order, each ending with its 。/；, brackets kept whole."""
    body = strip_unit_note(text or "")
    parts: list[str] = []
    start, depth = 0, 0
    for i, ch in enumerate(body):
        if ch in _OPEN and ch not in "“‘":
            depth += 1
        elif ch in _CLOSE and ch not in "”’":
            depth = max(0, depth - 1)
        elif ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch in _ENDS and depth == 0:
            parts.append(body[start : i + 1])
            start = i + 1
    parts.append(body[start:])
    return _merge_short([p.strip() for p in parts if p.strip()])


def _merge_short(parts: list[str]) -> list[str]:
    """Fold fragments too short to stand alone into the previous clause (or the next)."""
    out: list[str] = []
    for part in parts:
        if out and len(tidy(part)) < MIN_CLAUSE:
            out[-1] += part
        else:
            out.append(part)
    if len(out) > 1 and len(tidy(out[0])) < MIN_CLAUSE:
        out[1] = out[0] + out[1]
        out.pop(0)
    return out


def task_body(task) -> str:
    """A task's body text; a task read from a ledger has none, so its measures stand for it."""
    if (task.text or "").strip():
        return task.text
    parts = [m.text.strip() for m in task.measures if m.text and m.text.strip()]
    return "".join(p if p[-1] in _ENDS else p + "。" for p in parts)


def task_clauses(task) -> list[str]:
    """A task's clauses: from its body (or measures), or from its title when it has neither."""
    return split_clauses(task_body(task)) or split_clauses(task.title)


@dataclass
class TaskText:
    """A task prepared for comparison: its clauses as written and in scoring form."""

    task: object  # cascade.model.Task
    clauses: list[str]
    norm: list[str]
    title: str  # normalised title
    order: int

    @property
    def id(self) -> str:
        """The task id."""
        return self.task.id


def comparable_tasks(plan) -> list[TaskText]:
    """The tasks of a plan that carry text of their own (leaves, and parents with a body)."""
    from .normalise import normaliser

    norm = normaliser(plan)
    out: list[TaskText] = []
    for task in plan.tasks():
        if task.children and not (task.text or "").strip():
            continue
        clauses = task_clauses(task)
        out.append(TaskText(task, clauses, [norm(c) for c in clauses], norm(task.title), len(out)))
    return out
