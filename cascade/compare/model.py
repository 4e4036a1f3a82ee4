"""The Diff model: what a child plan kept, changed, dropped and added from its parent.

Public, stable API (the audit command and bench build on it)::

    from cascade.compare import diff_plans
    d = diff_plans(child, parent)       # -> Diff
    d.to_dict()                         # the DESIGN.md "Diff JSON" (schema plan-cascade/diff@1)
    d.summary.missing_clauses           # counts, see Summary
    d.findings("missing")               # True when --fail-on missing would exit 1

Status words (data, used by renderers too): task status is one of TASK_STATUSES, clause status
one of CLAUSE_STATUSES. A task is `matched` when it has a child counterpart and no clause is
missing, `partial` when it has a counterpart but some clause is missing, `missing` when no child
task carries it, `omitted` when the child plan dropped it on purpose (Plan.omitted) with a reason.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

DIFF_SCHEMA = "plan-cascade/diff@1"
TASK_STATUSES = ("matched", "partial", "missing", "omitted")
CLAUSE_STATUSES = ("covered", "modified", "missing", "omitted")
FLAGS = ("weakened", "lowered")
DEADLINE_ISSUES = ("later", "dropped")
FAIL_ON = ("missing", "later", "any")

# Chinese labels for every status word, shared by the terminal table and the HTML page.
LABELS = {
    "matched": "已对应",
    "partial": "部分缺失",
    "missing": "缺失",
    "omitted": "有意删减",
    "covered": "保留",
    "modified": "改写",
    "weakened": "表述弱化",
    "lowered": "指标降低",
    "later": "时限推后",
    "dropped": "时限删除",
    "no_units": "未列责任单位",
}


@dataclass
class PlanRef:
    """Which plan a side of the diff is: its id and title."""

    id: str
    title: str


@dataclass
class FlagDetail:
    """One weakened word or lowered target, with the parent's and the child's wording."""

    flag: str  # weakened | lowered
    parent: str  # e.g. 确保 / 不少于60学时
    child: str  # e.g. 力争 / 不少于40学时


@dataclass
class ClauseDiff:
    """One clause (sentence or ；-part) of a parent task and where the child plan has it.

    `redline` is the parent clause (translated to the child's level words) against the child
    clause as text markup: `[-deleted-]` and `{+inserted+}`; `ops` holds the same as
    diff-match-patch operations (-1 delete, 0 equal, 1 insert) for renderers, not serialised.
    """

    parent_clause: str
    status: str  # covered | modified | missing | omitted
    child_task: str | None = None
    child_clause: str | None = None
    similarity: float = 0.0
    redline: str = ""
    flags: list[str] = field(default_factory=list)
    flag_details: list[FlagDetail] = field(default_factory=list)
    reason: str | None = None  # why it was omitted, from the child plan
    ops: list[tuple[int, str]] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The clause entry of the Diff JSON."""
        out = {
            "parent_clause": self.parent_clause,
            "status": self.status,
            "child_task": self.child_task,
            "child_clause": self.child_clause,
            "similarity": round(self.similarity, 3),
            "redline": self.redline,
            "flags": list(self.flags),
        }
        if self.flag_details:
            out["flag_details"] = [dataclasses.asdict(f) for f in self.flag_details]
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass
class DeadlineIssue:
    """A parent deadline the child pushed later (`later`) or left out (`dropped`)."""

    parent: str  # the parent's deadline text, e.g. 2023年底前
    child: str | None  # the child's deadline text, None when dropped
    issue: str  # later | dropped
    clause: str = ""  # the parent clause it belongs to
    reason: str | None = None  # why, when the child allowed the later date on purpose

    def to_dict(self) -> dict[str, Any]:
        """The deadline entry of the Diff JSON (`reason` only for a later date allowed)."""
        out = {"parent": self.parent, "child": self.child, "issue": self.issue,
               "clause": self.clause}
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass
class UnitsDiff:
    """Responsible units on both sides; `missing` when the parent named some and the child task
    that carries it names none (a parent task with no child task is reported as missing instead)."""

    parent: list[str] = field(default_factory=list)
    child: list[str] = field(default_factory=list)
    has_child_task: bool = True

    @property
    def missing(self) -> bool:
        """True when the parent task had units and its matched child tasks have none."""
        return self.has_child_task and bool(self.parent) and not self.child

    def to_dict(self) -> dict[str, Any]:
        """The units entry of the Diff JSON, with a `no_units` flag."""
        return {"parent": list(self.parent), "child": list(self.child), "no_units": self.missing}


@dataclass
class TaskDiff:
    """One parent task: the child tasks that carry it, its status and its clauses."""

    parent_task: str
    title: str
    child_tasks: list[str] = field(default_factory=list)
    status: str = "missing"  # matched | partial | missing | omitted
    similarity: float = 0.0
    clauses: list[ClauseDiff] = field(default_factory=list)
    deadlines: list[DeadlineIssue] = field(default_factory=list)
    units: UnitsDiff = field(default_factory=UnitsDiff)
    reason: str | None = None  # why the whole task was omitted

    def to_dict(self) -> dict[str, Any]:
        """The task entry of the Diff JSON."""
        out = {
            "parent_task": self.parent_task,
            "title": self.title,
            "child_tasks": list(self.child_tasks),
            "status": self.status,
            "similarity": round(self.similarity, 3),
            "clauses": [c.to_dict() for c in self.clauses],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "units": self.units.to_dict(),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass
class ExtraTask:
    """A child task with no parent counterpart (a local addition)."""

    child_task: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        """The extra-task entry of the Diff JSON."""
        return {"child_task": self.child_task, "title": self.title}


@dataclass
class Summary:
    """Counts over the whole diff (the first thing a reader looks at)."""

    parent_tasks: int = 0
    matched: int = 0
    partial: int = 0
    missing: int = 0
    omitted: int = 0
    extra: int = 0
    clauses: int = 0
    covered_clauses: int = 0
    modified_clauses: int = 0
    missing_clauses: int = 0
    omitted_clauses: int = 0
    later_deadlines: int = 0
    dropped_deadlines: int = 0
    weakened: int = 0
    lowered: int = 0
    units_missing: int = 0

    def to_dict(self) -> dict[str, int]:
        """The summary entry of the Diff JSON."""
        return dataclasses.asdict(self)

    def __getitem__(self, key: str) -> int:
        """`summary["missing"]` reads like the JSON; unknown keys raise KeyError."""
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)


@dataclass
class Diff:
    """A child plan compared with its parent, task by task and clause by clause."""

    parent: PlanRef
    child: PlanRef
    tasks: list[TaskDiff] = field(default_factory=list)
    extra_tasks: list[ExtraTask] = field(default_factory=list)
    schema: str = DIFF_SCHEMA

    @property
    def summary(self) -> Summary:
        """Counts derived from the tasks (always consistent with them)."""
        s = Summary(parent_tasks=len(self.tasks), extra=len(self.extra_tasks))
        for task in self.tasks:
            setattr(s, task.status, getattr(s, task.status) + 1)
            s.units_missing += task.units.missing
            for issue in task.deadlines:
                s.later_deadlines += issue.issue == "later"
                s.dropped_deadlines += issue.issue == "dropped"
            for clause in task.clauses:
                s.clauses += 1
                name = f"{clause.status}_clauses"
                setattr(s, name, getattr(s, name) + 1)
                s.weakened += "weakened" in clause.flags
                s.lowered += "lowered" in clause.flags
        return s

    def findings(self, kind: str) -> bool:
        """True when findings of `kind` (missing | later | any) exist: the --fail-on test."""
        s = self.summary
        missing = s.missing + s.missing_clauses > 0
        # A later date the child allowed on purpose, with its reason, is no finding to fail on.
        later = any(d.reason is None for t in self.tasks for d in t.deadlines)
        if kind == "missing":
            return missing
        if kind == "later":
            return later
        if kind == "any":
            return missing or later or s.weakened + s.lowered + s.units_missing > 0
        raise ValueError(f"unknown findings kind {kind!r}; expected one of {FAIL_ON}")

    def task(self, parent_task: str) -> TaskDiff | None:
        """The entry for one parent task id, or None."""
        return next((t for t in self.tasks if t.parent_task == parent_task), None)

    def to_dict(self) -> dict[str, Any]:
        """The Diff JSON of DESIGN.md: schema, parent, child, tasks, extra_tasks, summary."""
        return {
            "schema": self.schema,
            "parent": dataclasses.asdict(self.parent),
            "child": dataclasses.asdict(self.child),
            "tasks": [t.to_dict() for t in self.tasks],
            "extra_tasks": [e.to_dict() for e in self.extra_tasks],
            "summary": self.summary.to_dict(),
        }
