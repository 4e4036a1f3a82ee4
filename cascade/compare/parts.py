"""The parts outside the task list compared like tasks: 总体要求 goals and 组织实施/保障措施 duties.

Each part's paragraphs are split into clauses (a paragraph's （一）加强组织领导。 heading is no
clause of its own); every parent clause is looked up among the child's clauses of the same part,
whole or as a run of two or three clauses the child split it into, and judged like a task's
clause (coverage.clause_diff): kept clauses carry their findings (台账, 评估, 报告 dates later or
dropped, duties weakened …), the rest are missing. Parts are short, so every pair is scored
(one matrix per part), runs only next to the best single clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import TaskText, split_clauses
from .coverage import (
    COVERED,
    REWORDED_PART,
    REWORDED_RUN,
    WINDOW,
    WINDOW_GAIN,
    Found,
    Sides,
    clause_diff,
    half_the_parts,
)
from .model import PART_KINDS, PartDiff
from .similarity import coverage, coverage_matrices, shared_runs

# A paragraph's own heading: （一）加强组织领导。 / 1. 指导思想。
_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])\s*[^，。；]{2,14}。")


@dataclass
class _PartTask:
    """What clause checks read off a child task, for a part (no deadlines or rows of its own)."""

    id: str
    title: str = ""
    deadlines: list = field(default_factory=list)
    measures: list = field(default_factory=list)


def part_clauses(plan, kind: str) -> list[str]:
    """The clauses of a plan's general or closing part, paragraph headings left out."""
    out: list[str] = []
    for part in getattr(plan, kind, None) or []:
        for paragraph in part.paragraphs:
            out += split_clauses(_HEADING.sub("", paragraph))
    return out


def diff_parts(child, parent, sides: Sides) -> list[PartDiff]:
    """The general and closing parts of the parent, clause by clause, against the child's."""
    out = []
    for kind in PART_KINDS:
        mine = part_clauses(parent, kind)
        if not mine:
            continue
        theirs = part_clauses(child, kind)
        child_task = TaskText(_PartTask(kind), theirs, [sides.norm_child(c) for c in theirs], "",
                              0)
        norms = [sides.norm_parent(c) for c in mine]
        forward, backward = coverage_matrices(norms, child_task.norm)
        diff = PartDiff(kind)
        for i, clause in enumerate(mine):
            singles = [(float(forward[i, k]), float(backward[k, i])) for k in range(len(theirs))]
            found = _find(norms[i], child_task, singles)
            diff.clauses.append(clause_diff(clause, found, [child_task], sides))
        out.append(diff)
    return out


def _find(norm: str, child: TaskText, singles: list[tuple[float, float]]) -> Found | None:
    """The best child clause (or run of clauses next to it) for one parent clause of a part."""
    best: Found | None = None
    for k, (score, back) in enumerate(singles):
        found = Found(0, k, k + 1, score, back)
        if best is None or found.rank > best.rank:
            best = found
    if best is not None and best.score < COVERED:
        for size in range(2, WINDOW + 1):
            for start in range(max(0, best.start - size + 1), best.start + 1):
                if start + size > len(child.norm):
                    continue
                run = "".join(child.norm[start:start + size])
                value = coverage(norm, run)
                if value > best.score + WINDOW_GAIN:
                    best = Found(0, start, start + size, value, coverage(run, norm))
    if best is not None and best.kept:
        return best
    # Reworded phrase by phrase (a duty kept with other words around it): the child clause that
    # keeps half its phrases and a distinctive run of its words.
    for k, text in enumerate(child.norm):
        if shared_runs(norm, text)[1] >= REWORDED_RUN and half_the_parts(norm, text,
                                                                           REWORDED_PART):
            return Found(0, k, k + 1, singles[k][0], singles[k][1], core=True)
    return None
