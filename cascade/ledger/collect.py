"""`ledger collect`: the lower levels' ledgers gathered under their parent plan's tasks, as of a
date — each child row linked to a parent task by its plan's derivation record or by the diff."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LedgerError
from ..ledger_due import due_on, row_state
from ..ledger_layout import STATUSES, TYPED_HEADERS
from ..model import Plan

SCHEMA = "plan-cascade/collect@1"
# A ledger whose plan has fewer of the parent's tasks clearly matched than this is not its child.
MIN_MATCHED_SHARE = 0.3
LINK_DERIVED = "派生记录"  # the child plan's derived_from
LINK_DIFF = "对照比对"  # the diff's task alignment
LINK_NONE = "未对应"
MISSING, OMITTED = "缺失", "有意删减"
BLANK = "未填写"
COUNTED = (*STATUSES, BLANK)


@dataclass
class ChildRow:
    """One row of a lower level's ledger, as typed, with the parent task it is linked to."""

    cells: dict[str, object]
    task: str | None  # the parent task id
    link: str
    due: object = None  # the 截止日期 as of the date
    state: str = "plain"  # overdue | soon | plain

    @property
    def status(self) -> str:
        """The typed status, or 未填写."""
        value = self.cells.get("完成状态")
        return str(value).strip() if value not in (None, "") else BLANK

    @property
    def progress(self) -> str:
        """The typed progress note ("" when none)."""
        value = self.cells.get("进度情况")
        return "" if value is None else str(value).strip()


@dataclass
class ChildLedger:
    """A lower level's ledger: where it came from, how it links, and its rows."""

    path: Path
    region: str
    title: str
    link: str
    headers: list[str]
    rows: list[ChildRow] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # parent task id → 缺失 / 有意删减：…


@dataclass
class Rollup:
    """The roll-up: the parent's tasks and every lower level's linked rows."""

    parent: Plan
    as_of: _dt.date
    tasks: list[tuple[str, str]]  # (id, label) of the parent's tasks, in order
    children: list[ChildLedger]

    def cell(self, child: ChildLedger, task: str) -> dict:
        """What one lower level did about one parent task: counts, overdue, latest note."""
        rows = [r for r in child.rows if r.task == task]
        counts = {s: sum(r.status == s for r in rows) for s in COUNTED}
        counts["其他"] = len(rows) - sum(counts.values())
        notes = [r.progress for r in rows if r.progress]
        out = {"measures": len(rows), "counts": counts,
               "overdue": sum(r.state == "overdue" for r in rows),
               "latest": notes[-1] if notes else "", "notes": notes}
        if not rows and task in child.dropped:
            out["dropped"] = child.dropped[task]
        return out

    def to_dict(self) -> dict:
        """The roll-up as data (the --json output)."""
        return {
            "schema": SCHEMA,
            "parent": {"id": self.parent.id, "title": self.parent.title},
            "as_of": self.as_of.isoformat(),
            "levels": [{"region": c.region, "file": c.path.name, "title": c.title, "link": c.link,
                        "measures": len(c.rows),
                        "unlinked": sum(r.task is None for r in c.rows)} for c in self.children],
            "tasks": [{"parent_task": tid, "title": label,
                       "levels": {c.region: self.cell(c, tid) for c in self.children}}
                      for tid, label in self.tasks],
        }


def collect(parent: Plan, ledgers: list[str | Path], *, as_of: _dt.date | None = None) -> Rollup:
    """Read every lower level's ledger and link its rows to `parent`'s tasks (nothing written)."""
    from ..compare.clauses import comparable_tasks

    as_of = as_of or _dt.date.today()
    if not ledgers:
        raise LedgerError("请至少给出一份下级任务台账。")
    tasks = [(t.id, f"{t.task.number}{t.task.title}") for t in comparable_tasks(parent)]
    children: list[ChildLedger] = []
    for path in ledgers:
        child = read_child(parent, Path(path), {tid for tid, _ in tasks}, as_of)
        same = next((c for c in children if c.region == child.region), None)
        if same is not None:
            raise LedgerError(f"与 {same.path.name} 是同一地区（{child.region}）的台账，每个地区只能给一份。",
                              path=child.path)
        children.append(child)
    return Rollup(parent, as_of, tasks, children)


def read_child(parent: Plan, path: Path, task_ids: set[str], as_of: _dt.date) -> ChildLedger:
    """One lower level's ledger, its rows linked to the parent's tasks."""
    from ..errors import InputError
    from ..parse.deadlines import parse_deadline
    from ..parse.ledger_book import plan_from_ledger
    from ..sources.ledger import read_ledger

    old = read_ledger(path)
    try:
        plan = plan_from_ledger(path)
    except InputError as exc:
        raise LedgerError(exc.message, path=path) from exc
    region = plan.region or path.stem
    derived = _derived_links(old.meta, parent, task_ids)
    if derived is not None:
        link, by_row = LINK_DERIVED, {}
        dropped = {o.task: f"{OMITTED}：{o.reason}" for o in _omissions(old.meta)}
    else:
        link, by_row, dropped = LINK_DIFF, *_diff_links(plan, parent, path)
    child = ChildLedger(path, region, old.title, link, list(old.headers))
    for row in old.rows:
        cells = {h: v.value for h, v in row.cells.items()}
        if not (row.text or any(cells.get(h) not in (None, "") for h in TYPED_HEADERS)):
            continue
        if derived is not None:
            task = derived.get(row.key or "")
        else:
            task = by_row.get(row.row)
        text = str(cells.get("完成时限") or "")
        due = due_on(parse_deadline(text, plan.date), as_of) if text else None
        child.rows.append(ChildRow(cells, task, link if task else LINK_NONE, due,
                                   row_state(due, cells.get("完成状态"), as_of)))
    linked = {r.task for r in child.rows if r.task}
    child.dropped = {t: dropped.get(t, MISSING) for t in task_ids if t not in linked}
    return child


def _derived_links(meta: dict[str, str], parent: Plan, task_ids: set[str]) -> dict | None:
    """Measure key → parent task id from our ledger's record of its plan's derived_from, when
    that plan was derived from `parent`; else None."""
    recorded = meta.get("plan.parent", "")
    if not recorded or Path(recorded).name.split(".")[0] != parent.id:
        return None
    links = {k[len("from:"):]: v for k, v in meta.items() if k.startswith("from:")}
    if not links:
        return None
    return {key: _leaf_or_self(tid, task_ids) for key, tid in links.items()
            if _leaf_or_self(tid, task_ids)}


def _leaf_or_self(task_id: str, task_ids: set[str]) -> str | None:
    """A derived_from id as one of the rolled-up tasks (itself, or its first task below)."""
    if task_id in task_ids:
        return task_id
    return min((t for t in task_ids if t.startswith(task_id + ".")), default=None,
               key=lambda t: [int(x) if x.isdigit() else 0 for x in t.split(".")])


def _omissions(meta: dict[str, str]):
    """The omissions our ledger recorded from its plan."""
    from ..model import Omission

    return [Omission(k[len("omitted:"):], v) for k, v in sorted(meta.items())
            if k.startswith("omitted:")]


def _diff_links(plan: Plan, parent: Plan, path: Path) -> tuple[dict[int, str], dict[str, str]]:
    """Sheet row → parent task id from the diff's task alignment, and the dropped tasks."""
    from ..compare import diff_plans

    diff = diff_plans(plan, parent)
    matched = sum(t.status == "matched" for t in diff.tasks)
    if not diff.tasks or matched < MIN_MATCHED_SHARE * len(diff.tasks):
        raise LedgerError(f"这份台账与上级方案《{parent.title}》对不上（{len(diff.tasks)} 项任务中只有 "
                          f"{matched} 项能对应），不是它的下级台账。", path=path)
    of_child: dict[str, str] = {}
    for t in diff.tasks:  # a child task carrying several parent tasks goes to the first
        for child_task in t.child_tasks:
            of_child.setdefault(child_task, t.parent_task)
    by_row = {}
    for task in plan.tasks():
        for m in task.measures:
            if m.line is not None and task.id in of_child:
                by_row[m.line] = of_child[task.id]
    dropped = {t.parent_task: (f"{OMITTED}：{t.reason}" if t.status == "omitted" else MISSING)
               for t in diff.tasks if not t.child_tasks}
    return by_row, dropped

