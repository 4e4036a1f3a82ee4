"""The Diff model: what a child plan kept, changed, dropped and added from its parent.

Public, stable API (the audit command and bench build on it)::

    from cascade.compare import diff_plans
    d = diff_plans(child, parent)       # -> Diff
    d.to_dict()                         # the DESIGN.md "Diff JSON" (schema plan-cascade/diff@2)
    d.summary.missing_clauses           # counts, see Summary; d.summary.findings by type
    d.findings("missing")               # True when --fail-on missing would exit 1
    for where, clause, f in d.all_findings(): f.type, f.parent_span, f.child_span, f.message

Status words (data, used by renderers too): task status is one of TASK_STATUSES, clause status
one of CLAUSE_STATUSES. A task is `matched` when it has a child counterpart and no clause is
missing, `partial` when it has a counterpart but some clause is missing, `missing` when no child
task carries it, `omitted` when the child plan dropped it on purpose (Plan.omitted) with a reason.
A kept clause is `covered` only when it has no finding (FINDING_TYPES); otherwise `modified`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

DIFF_SCHEMA = "plan-cascade/diff@2"
TASK_STATUSES = ("matched", "partial", "missing", "omitted")
CLAUSE_STATUSES = ("covered", "modified", "missing", "omitted")
# What an auditor looks for in a kept clause, in the order reports list them.
FINDING_TYPES = ("phrase_dropped", "scope_narrowed", "duty_weakened", "duty_reversed",
                 "target_lowered", "deadline_later", "deadline_dropped", "units_changed")
PART_KINDS = ("general", "closing")  # 总体要求, 组织实施/保障措施
# --fail-on: missing tasks or clauses, a later deadline not allowed on purpose, or anything.
FAIL_ON = ("missing", "later", "any", *FINDING_TYPES)

# Chinese labels for every status word and finding type, shared by the terminal and HTML.
LABELS = {
    "matched": "已对应",
    "partial": "部分缺失",
    "missing": "缺失",
    "omitted": "有意删减",
    "covered": "保留",
    "modified": "改写",
    "phrase_dropped": "内容删减",
    "scope_narrowed": "范围缩小",
    "duty_weakened": "要求弱化",
    "duty_reversed": "要求反转",
    "target_lowered": "指标降低",
    "deadline_later": "时限推后",
    "deadline_dropped": "时限删除",
    "units_changed": "责任单位变化",
    "general": "总体要求",
    "closing": "组织实施与保障措施",
}


@dataclass
class PlanRef:
    """Which plan a side of the diff is: its id and title."""

    id: str
    title: str


@dataclass
class Finding:
    """One change an auditor looks for in a kept clause, quoted in each plan's own words.

    `parent_span` / `child_span` are [start, end) character offsets into the clause's
    `parent_clause` / `child_clause` as shown (None when that side has no such words, e.g. the
    child of a dropped phrase); `message` is one short Chinese sentence for people.
    """

    type: str  # one of FINDING_TYPES
    parent: str  # the parent's words, e.g. 县级以上 / 2023年底前
    child: str | None  # the child's words, None when it dropped them
    parent_span: tuple[int, int] | None = None
    child_span: tuple[int, int] | None = None
    message: str = ""
    reason: str | None = None  # why, when the child plan allows it on purpose (a later date)

    def to_dict(self) -> dict[str, Any]:
        """The finding entry of the Diff JSON (`reason` only when the child gives one)."""
        out = {"type": self.type, "parent": self.parent, "child": self.child,
               "parent_span": list(self.parent_span) if self.parent_span else None,
               "child_span": list(self.child_span) if self.child_span else None,
               "message": self.message}
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """A finding read back from the Diff JSON."""
        spans = [tuple(data[k]) if data.get(k) else None for k in ("parent_span", "child_span")]
        return cls(data["type"], data["parent"], data.get("child"), spans[0], spans[1],
                   data.get("message", ""), data.get("reason"))


@dataclass
class ClauseDiff:
    """One clause (sentence or ；-part) of a parent task and where the child plan has it.

    `redline` is the parent clause against the child clause as text markup, `[-deleted-]` and
    `{+inserted+}`, in each plan's own words; what only the level vocabulary changed (省司法厅 →
    市司法局) is shown as the child's, unmarked. `ops` holds the same as diff-match-patch
    operations (-1 delete, 0 equal, 1 insert) for renderers, not serialised. `findings` are what
    changed beyond wording; a clause with any is `modified`, never `covered`.
    """

    parent_clause: str
    status: str  # covered | modified | missing | omitted
    child_task: str | None = None
    child_clause: str | None = None
    similarity: float = 0.0
    redline: str = ""
    findings: list[Finding] = field(default_factory=list)
    reason: str | None = None  # why it was omitted, from the child plan
    shared_with: str | None = None  # another parent clause the same child clause also holds
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
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.reason is not None:
            out["reason"] = self.reason
        if self.shared_with is not None:
            out["shared_with"] = self.shared_with
        return out


@dataclass
class UnitsDiff:
    """Responsible units on both sides; `missing` when the parent named some and the child task
    that carries it names none (a parent task with no child task is reported as missing instead).
    Any unit dropped or replaced is a `units_changed` finding on the task's last kept clause."""

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
    units: UnitsDiff = field(default_factory=UnitsDiff)
    reason: str | None = None  # why the whole task was omitted

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the task's clauses, in clause order."""
        return [f for c in self.clauses for f in c.findings]

    def to_dict(self) -> dict[str, Any]:
        """The task entry of the Diff JSON."""
        out = {
            "parent_task": self.parent_task,
            "title": self.title,
            "child_tasks": list(self.child_tasks),
            "status": self.status,
            "similarity": round(self.similarity, 3),
            "clauses": [c.to_dict() for c in self.clauses],
            "units": self.units.to_dict(),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass
class PartDiff:
    """The 总体要求 (`general`) or 组织实施/保障措施 (`closing`) part, clause by clause."""

    part: str  # general | closing
    clauses: list[ClauseDiff] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The part entry of the Diff JSON."""
        return {"part": self.part, "clauses": [c.to_dict() for c in self.clauses]}


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
    """Counts over the whole diff (the first thing a reader looks at); `findings` counts every
    finding by type, tasks and parts together, zero types left out."""

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
    part_clauses: int = 0
    part_missing_clauses: int = 0
    findings: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary entry of the Diff JSON."""
        return dataclasses.asdict(self)

    def count(self, finding_type: str) -> int:
        """How many findings of one type (0 when none)."""
        return self.findings.get(finding_type, 0)

    def __getitem__(self, key: str) -> Any:
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
    parts: list[PartDiff] = field(default_factory=list)
    schema: str = DIFF_SCHEMA

    def all_findings(self) -> list[tuple[str, ClauseDiff, Finding]]:
        """(where, clause, finding) for every finding: where is a task id or a part kind."""
        out = [(t.parent_task, c, f) for t in self.tasks for c in t.clauses for f in c.findings]
        out += [(p.part, c, f) for p in self.parts for c in p.clauses for f in c.findings]
        return out

    @property
    def summary(self) -> Summary:
        """Counts derived from the tasks and parts (always consistent with them)."""
        s = Summary(parent_tasks=len(self.tasks), extra=len(self.extra_tasks))
        for task in self.tasks:
            setattr(s, task.status, getattr(s, task.status) + 1)
            for clause in task.clauses:
                s.clauses += 1
                name = f"{clause.status}_clauses"
                setattr(s, name, getattr(s, name) + 1)
        for part in self.parts:
            s.part_clauses += len(part.clauses)
            s.part_missing_clauses += sum(c.status == "missing" for c in part.clauses)
        counts = Counter(f.type for _, _, f in self.all_findings())
        s.findings = {t: counts[t] for t in FINDING_TYPES if counts[t]}
        return s

    def findings(self, kind: str) -> bool:
        """True when findings of `kind` exist: the --fail-on test (see FAIL_ON)."""
        s = self.summary
        missing = s.missing + s.missing_clauses > 0
        # A later date the child allowed on purpose, with its reason, is no finding to fail on.
        found = [f for _, _, f in self.all_findings() if f.reason is None]
        if kind == "missing":
            return missing
        if kind == "later":
            return any(f.type == "deadline_later" for f in found)
        if kind == "any":
            return missing or bool(found)
        if kind in FINDING_TYPES:
            return any(f.type == kind for f in found)
        raise ValueError(f"unknown findings kind {kind!r}; expected one of {FAIL_ON}")

    def task(self, parent_task: str) -> TaskDiff | None:
        """The entry for one parent task id, or None."""
        return next((t for t in self.tasks if t.parent_task == parent_task), None)

    def part(self, kind: str) -> PartDiff | None:
        """The entry for the general or closing part, or None."""
        return next((p for p in self.parts if p.part == kind), None)

    def to_dict(self) -> dict[str, Any]:
        """The Diff JSON of DESIGN.md: schema, parent, child, tasks, parts, extra_tasks, summary."""
        return {
            "schema": self.schema,
            "parent": dataclasses.asdict(self.parent),
            "child": dataclasses.asdict(self.child),
            "tasks": [t.to_dict() for t in self.tasks],
            "parts": [p.to_dict() for p in self.parts],
            "extra_tasks": [e.to_dict() for e in self.extra_tasks],
            "summary": self.summary.to_dict(),
        }
