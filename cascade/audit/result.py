"""What an audit found: the plans of a folder, one compact record per compared pair, the matrix.

Each pair keeps only what the coverage matrix and the summary need (status and counts per
parent task, the texts of missing clauses), not the full diff, so a thousand pairs stay small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from ..compare.model import FINDING_TYPES, LABELS
from ..levels import LEVEL_ORDER

SCHEMA = "plan-cascade/audit@1"
VIEWS = ("direct", "through")
# Findings per pair in the terminal summary, with the diff's wording: missing clauses, then
# every finding type of the diff. All but missing clauses make `--fail-on any` fail too.
GAP_WORDS = {"missing_clauses": "缺失条款"} | {t: LABELS[t] for t in FINDING_TYPES}
ANY_FINDINGS = FINDING_TYPES


@dataclass
class PlanInfo:
    """One plan of the folder: its file (the key), identity, parent and task titles."""

    key: str
    id: str
    title: str
    level: str
    region: str
    parent: str | None = None
    parent_from: str | None = None  # "tree.yaml" or "plan"
    tasks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """A short column label: the region when known, else the plan id."""
        return self.region or self.id


@dataclass(frozen=True)
class ClauseLink:
    """Where the child plan has one parent clause (kept to follow clauses down a tree)."""

    parent_clause: str
    status: str
    child_task: str | None
    child_clause: str | None
    reason: str


@dataclass
class TaskCell:
    """How one child plan covers one parent task: status and counts, from the diff."""

    parent_task: str
    status: str
    child_tasks: list[str] = field(default_factory=list)
    similarity: float | None = None
    clauses: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # finding type → count
    reason: str = ""
    missing_clauses: list[str] = field(default_factory=list)
    links: list[ClauseLink] = field(default_factory=list, repr=False)

    @classmethod
    def from_diff_task(cls, task: dict[str, Any]) -> TaskCell:
        """Condense one entry of the diff JSON `tasks` list."""
        clauses = task.get("clauses") or []
        found = Counter(f["type"] for c in clauses for f in c.get("findings") or [])
        return cls(
            parent_task=str(task["parent_task"]),
            status=task["status"],
            child_tasks=[str(t) for t in task.get("child_tasks") or []],
            similarity=task.get("similarity"),
            clauses=dict(sorted(Counter(c["status"] for c in clauses).items())),
            findings={t: found[t] for t in FINDING_TYPES if found[t]},
            reason=task.get("reason") or "",
            missing_clauses=[c["parent_clause"] for c in clauses if c["status"] == "missing"],
            links=[ClauseLink(c["parent_clause"], c["status"], c.get("child_task"),
                              c.get("child_clause"), c.get("reason") or "") for c in clauses],
        )

    def counts(self) -> dict[str, int]:
        """The numbers shown in a matrix cell, zero ones left out."""
        out = {
            "missing_clauses": self.clauses.get("missing", 0),
            "modified_clauses": self.clauses.get("modified", 0),
            **{t: self.findings.get(t, 0) for t in FINDING_TYPES},
            "omitted_clauses": self.clauses.get("omitted", 0),
        }
        return {k: v for k, v in out.items() if v}


@dataclass
class PairResult:
    """One child compared with one ancestor: `direct` (its parent) or `through` (via others)."""

    child: str
    parent: str
    view: str
    via: list[str]
    summary: dict[str, Any]
    cells: list[TaskCell]
    extra_tasks: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_diff(
        cls, child: str, parent: str, view: str, via: list[str], diff: dict
    ) -> PairResult:
        """Condense a diff JSON (DESIGN.md "Diff JSON") into the audit record of a pair."""
        return cls(
            child=child,
            parent=parent,
            view=view,
            via=list(via),
            summary=dict(diff.get("summary") or {}),
            cells=[TaskCell.from_diff_task(t) for t in diff.get("tasks") or []],
            extra_tasks=[
                {"child_task": str(e.get("child_task")), "title": e.get("title", "")}
                for e in diff.get("extra_tasks") or []
            ],
        )

    def cell(self, parent_task: str) -> TaskCell | None:
        """The cell of one parent task id, or None."""
        return self._cells_by_task.get(parent_task)

    @cached_property
    def _cells_by_task(self) -> dict[str, TaskCell]:
        """Cells by parent task id (cells are rewritten in place, never added or removed)."""
        return {c.parent_task: c for c in self.cells}

    def findings(self) -> dict[str, int]:
        """Counts of every kind of finding in this pair (zeros included)."""
        cells = self.cells
        return {
            "missing": sum(c.status == "missing" for c in cells),
            "partial": sum(c.status == "partial" for c in cells),
            "missing_clauses": sum(c.clauses.get("missing", 0) for c in cells),
            **{t: sum(c.findings.get(t, 0) for c in cells) for t in FINDING_TYPES},
        }


@dataclass
class MatrixColumn:
    """A child plan as a matrix column, with the pair it comes from."""

    pair: PairResult
    label: str
    title: str


@dataclass
class Matrix:
    """Coverage of one parent plan: its tasks as rows, the plans below it as columns."""

    parent: PlanInfo
    rows: list[tuple[str, str]]
    columns: list[MatrixColumn]
    cells: list[list[TaskCell | None]]


@dataclass
class AuditResult:
    """Every plan found, every pair compared, and what could not be compared (warnings)."""

    plans: list[PlanInfo]
    pairs: list[PairResult]
    warnings: list[str] = field(default_factory=list)

    def plan(self, key: str) -> PlanInfo:
        """The plan with this key (its path relative to the audited folder)."""
        return self._plans_by_key[key]

    @cached_property
    def _plans_by_key(self) -> dict[str, PlanInfo]:
        """Plans by key, built on first use."""
        return {p.key: p for p in self.plans}

    def matrices(self) -> list[Matrix]:
        """One coverage matrix per plan that has plans below it: the highest level first, then
        in file-name order (the province before its cities)."""
        parents = {x.parent for x in self.pairs}
        rank = {level: i for i, level in enumerate(LEVEL_ORDER)}
        tops = sorted((p for p in self.plans if p.key in parents),
                      key=lambda p: rank.get(p.level, len(rank)))
        return [self._matrix(p) for p in tops]

    def _matrix(self, parent: PlanInfo) -> Matrix:
        """The matrix of one parent: its tasks in document order, direct children first."""
        pairs = [x for x in self.pairs if x.parent == parent.key]
        pairs.sort(key=lambda x: (VIEWS.index(x.view), x.via, x.child))
        order = {tid: i for i, (tid, _) in enumerate(parent.tasks)}
        titles = dict(parent.tasks)
        ids = {c.parent_task for x in pairs for c in x.cells}
        row_ids = sorted(ids, key=lambda t: (order.get(t, len(order)), t))
        columns = []
        for pair in pairs:
            child = self.plan(pair.child)
            label = child.label
            if pair.via:
                label += "（经" + "、".join(self.plan(v).label for v in pair.via) + "）"
            columns.append(MatrixColumn(pair, label, child.title))
        cells = []
        for tid in row_ids:
            cells.append([x.cell(tid) for x in pairs])
        return Matrix(parent, [(t, titles.get(t, "")) for t in row_ids], columns, cells)

    def has_findings(self, kind: str) -> bool:
        """True when `--fail-on kind` (missing | any) should fail."""
        for pair in self.pairs:
            found = pair.findings()
            if found["missing"] or found["missing_clauses"]:
                return True
            if kind == "any" and any(found[k] for k in ANY_FINDINGS):
                return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """The `plan-cascade/audit@1` JSON: plans, each pair's summary, and the matrices."""
        return {
            "schema": SCHEMA,
            "plans": [
                {k: v for k, v in asdict(p).items() if k != "tasks"} | {"tasks": len(p.tasks)}
                for p in self.plans
            ],
            "pairs": [
                {"child": x.child, "parent": x.parent, "view": x.view, "via": x.via,
                 "summary": x.summary, "findings": x.findings(), "extra_tasks": x.extra_tasks}
                for x in self.pairs
            ],
            "matrices": [_matrix_dict(m) for m in self.matrices()],
            "warnings": list(self.warnings),
        }

    def _via(self, pair: PairResult) -> str:
        """与上级, or 经X、Y naming the plans a through pair passes."""
        if not pair.via:
            return "与上级"
        return "经" + "、".join(self.plan(v).label for v in pair.via)

    def summary_lines(self) -> list[str]:
        """A Chinese summary for the terminal: one line per pair, then warnings."""
        direct = sum(x.view == "direct" for x in self.pairs)
        lines = [f"共找到方案 {len(self.plans)} 份，比对 {len(self.pairs)} 对"
                 f"（与上级 {direct} 对，跨级 {len(self.pairs) - direct} 对）。"]
        for x in self.pairs:
            f = x.findings()
            counts = [(LABELS[s], _n(x, s)) for s in ("matched", "partial", "missing", "omitted")]
            gaps = [(word, f[key]) for key, word in GAP_WORDS.items()]
            lines.append(
                f"{self.plan(x.child).label} ← {self.plan(x.parent).label}（{self._via(x)}）："
                f"上级任务 {len(x.cells)} 项，" + "，".join(f"{k} {v}" for k, v in counts) + "；"
                + "，".join(f"{k} {v}" for k, v in gaps) + f"；新增任务 {len(x.extra_tasks)} 项。"
            )
        lines += [f"提示：{w}" for w in self.warnings]
        return lines


def _n(pair: PairResult, status: str) -> int:
    """How many of the pair's parent tasks have this status."""
    return sum(c.status == status for c in pair.cells)


def _matrix_dict(m: Matrix) -> dict[str, Any]:
    """A matrix as JSON: columns, then rows with one cell per column."""
    return {
        "parent": m.parent.key,
        "title": m.parent.title,
        "columns": [
            {"child": c.pair.child, "view": c.pair.view, "via": c.pair.via, "label": c.label,
             "title": c.title}
            for c in m.columns
        ],
        "rows": [
            {"task": tid, "title": title,
             "cells": [None if c is None else _cell_dict(c) for c in row]}
            for (tid, title), row in zip(m.rows, m.cells)
        ],
    }


def _cell_dict(cell: TaskCell) -> dict[str, Any]:
    """A cell as JSON: status, child tasks, the non-zero counts, reason, clauses."""
    out: dict[str, Any] = {"status": cell.status, "child_tasks": cell.child_tasks}
    out |= cell.counts()
    if cell.reason:
        out["reason"] = cell.reason
    if cell.missing_clauses:
        out["missing"] = cell.missing_clauses
    return out
