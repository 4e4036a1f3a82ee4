"""diff_plans: a child plan against its parent, task by task and clause by clause.

    from cascade.compare import diff_plans
    d = diff_plans(child, parent)      # both cascade.model.Plan
    d.to_dict()                        # DESIGN.md "Diff JSON", schema plan-cascade/diff@2

Steps: prepare both plans' tasks (clauses, normalised by level), align tasks (align.py), then
for every parent task find each clause (coverage.py), let each child clause support one parent
clause, judge the kept ones phrase by phrase (findings.py, timing.py), compare units (units.py),
and apply the child plan's recorded omissions (Plan.omitted) so a dropped-on-purpose task or
clause reads `omitted` with its reason instead of `missing`. The 总体要求 and 组织实施 parts are
compared the same way (parts.py).
"""

from __future__ import annotations

from pathlib import PurePath

from ..levels import LEVEL_ORDER
from ..model import LaterDeadline, Omission, Plan
from .align import Alignment, align_tasks
from .clauses import TaskText, comparable_tasks
from .coverage import Sides, clause_diff, find_clause
from .model import Diff, ExtraTask, PlanRef, TaskDiff, UnitsDiff
from .normalise import normalise, tidy
from .parts import diff_parts
from .similarity import coverage
from .units import units_findings

OMISSION_MATCH = 0.8  # share of an omission's clause text that must match a parent clause
ANY_TASK = ""  # an omission recognised by its clause text alone (against a grandparent)


def diff_plans(child: Plan, parent: Plan, *, parent_tasks: list[TaskText] | None = None) -> Diff:
    """Compare `child` with its `parent` and say what it kept, changed, dropped and added.

    `parent_tasks`: `comparable_tasks(parent)` when the caller diffs many children against it.
    """
    parents = comparable_tasks(parent) if parent_tasks is None else parent_tasks
    children = comparable_tasks(child, ledger=True)
    alignment = align_tasks(parents, children)
    sides = Sides(parent.level, parent.region or None, parent.date,
                  child.level, child.region or None, child.date)
    diff = Diff(PlanRef(parent.id, parent.title), PlanRef(child.id, child.title))
    # Omissions name the task ids of the child's own parent; against a plan further up only
    # those quoting the clause's words can be recognised, by their text, in any task.
    own = _is_own_parent(child, parent)
    omitted = child.omitted if own else [
        Omission(ANY_TASK, o.reason, o.clause) for o in child.omitted
        if o.clause and not str(o.clause).strip().isdigit()]
    # An omission quotes its own parent's words: that plan's level, one above the child's.
    words = (parent.level, parent.region or None) if own else (_level_above(child.level), None)
    for i, task in enumerate(parents):
        diff.tasks.append(_task_diff(i, task, alignment, children, sides, words, omitted,
                                     child.allowed_later if own else []))
    diff.extra_tasks = [ExtraTask(children[j].id, children[j].task.title) for j in alignment.extra]
    diff.parts = diff_parts(child, parent, sides)
    return diff


def _task_diff(i: int, task: TaskText, alignment: Alignment, children: list[TaskText],
               sides: Sides, words: tuple[str, str | None], omitted: list[Omission],
               allowed: list[LaterDeadline]) -> TaskDiff:
    """One parent task's entry: linked child tasks, clause statuses and findings, units."""
    linked = alignment.links.get(i, [])
    entry = TaskDiff(task.id, tidy(task.task.title), child_tasks=[children[j].id for j in linked])
    entry.similarity = max((float(alignment.body[i, j]) for j in linked), default=0.0)
    entry.units = UnitsDiff(list(task.units), _unique(
        u for j in linked for u in [*children[j].units,
                                    *(u for m in children[j].task.ledger_measures for u in m.units)]),
        has_child_task=bool(linked))
    rows = alignment.clauses.parent_rows[i]
    found_at = []
    for k, norm in enumerate(task.norm):
        found = find_clause(norm, rows[k], linked, children, alignment.clauses) if linked else None
        found_at.append(found)
    _use_evidence_once(found_at, task, children)
    for k, text in enumerate(task.clauses):
        nearby = "".join(task.clauses[max(0, k - 1):k] + task.clauses[k + 1:k + 2])
        clause = clause_diff(text, found_at[k], children, sides, nearby)
        if clause.status == "missing":
            reason = _omission_reason(task, k, task.norm[k], omitted, words)
            if reason is not None:
                clause.status, clause.reason = "omitted", reason
        entry.clauses.append(clause)
    later_ok = next((a.reason for a in allowed if a.task == task.id), None)
    for clause in entry.clauses:
        for f in clause.findings:
            if f.type == "deadline_later":
                f.reason = later_ok
    kept = [c for c in entry.clauses if c.status in ("covered", "modified")]
    if kept:
        units = units_findings(entry.units.parent, entry.units.child, sides.norm_parent,
                               sides.norm_child)
        kept[-1].findings += units
        if units:
            kept[-1].status = "modified"
    whole = _omission_reason(task, None, None, omitted, words)
    if not linked:
        entry.status = "omitted" if whole is not None else "missing"
        entry.reason = whole
        for clause in entry.clauses:
            if whole is not None and clause.status == "missing":
                clause.status, clause.reason = "omitted", whole
    elif any(c.status == "missing" for c in entry.clauses):
        entry.status = "partial"
    else:
        entry.status = "matched"
    return entry


OVERLAP = 0.3  # share of a parent clause's place in a child clause another may also rest on


def _use_evidence_once(found_at: list, task: TaskText, children: list[TaskText]) -> None:
    """A child clause supports one parent clause of the task: when several rest on the same
    child clause, the one it holds most keeps it, and another keeps it too only when its words
    sit in a different stretch of the child clause (the child joined two sentences; the clauses
    then say so in `shared`); the others are missing."""
    by_place: dict[tuple[int, int, int], list[int]] = {}
    for k, found in enumerate(found_at):
        if found is not None and found.kept:
            by_place.setdefault((found.task, found.start, found.end), []).append(k)
    for place, ks in by_place.items():
        if len(ks) < 2:
            continue
        child_text = "".join(children[place[0]].norm[place[1]:place[2]])
        ks.sort(key=lambda k: (-found_at[k].score, k))
        taken: set[int] = set()
        kept: list[int] = []
        for k in ks:
            mine = _footprint(task.norm[k], child_text)
            if len(mine & taken) > OVERLAP * max(1, len(mine)):
                found_at[k] = None
                continue
            taken |= mine
            kept.append(k)
        for k in kept:
            found_at[k].shared = [task.clauses[o] for o in kept if o != k]


FOOTPRINT_RUN = 3  # shared runs shorter than this are common words, no footprint


def _footprint(parent: str, child: str) -> set[int]:
    """The child characters a parent clause's words account for (runs of FOOTPRINT_RUN+)."""
    from rapidfuzz.distance import Indel

    out: set[int] = set()
    for tag, i1, i2, j1, j2 in Indel.opcodes(parent, child):
        if tag == "equal" and i2 - i1 >= FOOTPRINT_RUN:
            out.update(range(j1, j2))
    return out


def _omission_reason(task: TaskText, k: int | None, norm: str | None,
                     omitted: list[Omission], words: tuple[str, str | None]) -> str | None:
    """The reason the child plan gives for dropping this task (k None) or its clause k.

    An Omission names the parent task id; its `clause` is the clause text (or a clear part of
    it), or the clause's 1-based number within the task as a string; no `clause` means the
    whole task, which also covers each of its clauses.
    """
    for item in omitted:
        if item.task not in (task.id, ANY_TASK):
            continue
        if item.clause in (None, ""):
            return item.reason
        if k is None:
            continue
        wanted = str(item.clause).strip()
        if wanted.isdigit():
            if int(wanted) == k + 1:
                return item.reason
            continue
        text = normalise(wanted, *words)
        if text and coverage(text, norm) >= OMISSION_MATCH:
            return item.reason
    return None


def _level_above(level: str) -> str:
    """The administrative level one step up (a county's parent is a city)."""
    i = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else 2
    return LEVEL_ORDER[max(i - 1, 0)]


def _is_own_parent(child: Plan, parent: Plan) -> bool:
    """True when `parent` is the plan the child names as its parent (or it names none): its
    omissions use that plan's task ids, which mean nothing against a grandparent."""
    if not child.parent:
        return True
    named = PurePath(str(child.parent)).name.split(".")[0]
    return parent.id in (child.parent, named)


def _unique(items) -> list[str]:
    """Items in first-seen order without repeats."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
