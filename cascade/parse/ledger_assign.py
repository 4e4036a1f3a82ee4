"""Which task a ledger measure belongs to: the task whose body contains the measure's text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Plan, Task

# A measure whose best body match scores below this is not found in the body (0–100).
MIN_SCORE = 80.0
# Scores this close to the best one are a tie, settled by the ledger's 具体任务 label.
TIE_MARGIN = 3.0

_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?]")
_MIN_CLAUSE = 6


def normalise(text: str) -> str:
    """Text reduced to its words for fuzzy matching: no punctuation, spaces or width variants."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


@dataclass
class Candidate:
    """A task a measure may belong to, with how well its body contains the measure."""

    task: Task
    order: int
    score: float


@dataclass
class Placement:
    """Where a measure goes, and a Chinese note when the choice was not clear-cut."""

    task: Task
    order: int
    note: str = ""


def clauses_of(text: str) -> list[str]:
    """The measure's clauses, normalised, short ones joined to the next (for matching)."""
    out: list[str] = []
    pending = ""
    for piece in _CLAUSE_END.split(text):
        pending += normalise(piece)
        if len(pending) >= _MIN_CLAUSE:
            out.append(pending)
            pending = ""
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out


def containment(clauses: list[str], body: str) -> float:
    """How fully the clauses appear in the body (0–100), each fuzzily, weighted by length.

    Ledgers shorten and reorder the body's sentences, so each clause is looked for on its own.
    """
    from rapidfuzz import fuzz

    total = sum(len(c) for c in clauses)
    if not total or not body:
        return 0.0
    return sum(fuzz.partial_ratio(c, body) * len(c) for c in clauses) / total


class TaskMatcher:
    """Scores measures against every task body of a plan, in document order."""

    def __init__(self, plan: Plan):
        self.tasks = plan.tasks()
        self.bodies = [normalise(t.full_text) for t in self.tasks]

    def candidates(self, text: str) -> list[Candidate]:
        """Every task with the score of `text` inside its body, best first, ties in order."""
        clauses = clauses_of(text)
        out = []
        for order, (task, body) in enumerate(zip(self.tasks, self.bodies)):
            out.append(Candidate(task=task, order=order, score=containment(clauses, body)))
        return sorted(out, key=lambda c: (-c.score, c.order))

    def place(self, text: str, label_task: Task | None, after: int) -> Placement | None:
        """Choose a measure's task by content; the label breaks ties, then document order.

        `after` is the order of the previous measure's task: ledgers list measures in the
        order of the plan, so among equal matches the first task not before it is preferred.
        """
        ranked = self.candidates(text)
        if not ranked:
            return None
        best = ranked[0]
        if best.score < MIN_SCORE:
            fallback = label_task or (self.tasks[after] if after >= 0 else None)
            if fallback is None:
                return None
            return Placement(
                task=fallback,
                order=self.tasks.index(fallback),
                note=f"正文中找不到该措施的内容（最高相似度 {best.score:.0f}），"
                f"按台账位置归入任务 {fallback.id}。",
            )
        tied = [c for c in ranked if best.score - c.score <= TIE_MARGIN]
        if len(tied) == 1:
            return Placement(task=best.task, order=best.order)
        for c in tied:
            if label_task is not None and c.task is label_task:
                return Placement(task=c.task, order=c.order)
        onward = [c for c in tied if c.order >= after] or tied
        chosen = min(onward, key=lambda c: (bool(c.task.children), c.order))
        ids = "、".join(c.task.id for c in tied)
        return Placement(
            task=chosen.task,
            order=chosen.order,
            note=f"该措施与多个任务（{ids}）的正文同样相符，归入任务 {chosen.task.id}。",
        )


def label_task(plan: Plan, section_label: str, task_label: str) -> Task | None:
    """The task a ledger's 具体任务 cell names (`14. 健全…`), read by number, then by title."""
    from .markers import match_marker

    marker = match_marker(task_label) if task_label else None
    if marker is None or marker.level != "item":
        return None
    numbered = [t for t in plan.tasks() if _number(t.number) == marker.number]
    if len(numbered) > 1 and section_label:
        section = match_marker(section_label)
        if section is not None and section.level == "section":
            in_section = [t for t in numbered if t.id.split(".")[0] == str(section.number)]
            numbered = in_section or numbered
    if len(numbered) == 1:
        return numbered[0]
    title = normalise(marker.rest)
    if not title:
        return None
    from rapidfuzz import fuzz

    pool = numbered or plan.tasks()
    scored = [(fuzz.ratio(title, normalise(t.title)), t) for t in pool]
    score, task = max(scored, key=lambda st: st[0], default=(0.0, None))
    return task if score >= MIN_SCORE else None


def _number(printed: str) -> int | None:
    from .markers import match_marker

    marker = match_marker(printed.strip() + " ")
    return marker.number if marker is not None and marker.level == "item" else None
