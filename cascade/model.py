"""The one intermediate model: Plan, Section, Task, Measure, Deadline, and their YAML/JSON form."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = "plan-cascade/plan@1"

DEADLINE_KINDS = ("by", "recurring", "ongoing", "relative", "unknown")


@dataclass
class Deadline:
    """A deadline as the plan wrote it (`text`) and its normal form.

    kind `by`: `date` is the last day allowed, `start` the first day of a range (2024—2025年).
    kind `recurring`: `every` is year/quarter/month, `dates` holds "MM-DD" days of each year,
    `start` the first year it applies from when stated. `inferred` marks a year taken from the
    plan's own date because the phrase had none.
    """

    text: str
    kind: str = "unknown"
    date: _dt.date | None = None
    start: _dt.date | None = None
    every: str | None = None
    dates: list[str] = field(default_factory=list)
    inferred: bool = False


@dataclass
class Measure:
    """One ledger row (主要措施) under a task."""

    id: str
    label: str
    text: str
    units: list[str] = field(default_factory=list)
    deadline_text: str = ""
    deadlines: list[Deadline] = field(default_factory=list)
    line: int | None = None
    # True for a measure split from its task's body (no attachment ledger lists it).
    split: bool = field(default=False, metadata={"omit_default": True})


@dataclass
class Task:
    """A numbered task (具体任务), possibly with nested items in `children`."""

    id: str
    number: str
    title: str
    text: str = ""
    units: list[str] = field(default_factory=list)
    units_text: str = ""
    lead: list[str] = field(default_factory=list)  # 牵头单位, when the plan names one (also in units)
    support: list[str] = field(default_factory=list)  # 配合/协办单位 (also in units, after lead)
    implementers: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    children: list[Task] = field(default_factory=list)
    derived_from: str | None = None
    line: int | None = None

    @property
    def ledger_measures(self) -> list[Measure]:
        """The task's rows in an attachment ledger (its measures not split from the body)."""
        return [m for m in self.measures if not m.split]

    @property
    def has_deadline(self) -> bool:
        """True when the task or any of its ledger measures states a deadline (of any kind)."""
        return bool(self.deadlines) or any(m.deadlines for m in self.ledger_measures)

    def walk(self):
        """Yield this task and every nested task, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """Title and body as one string, the way a reader sees the paragraph."""
        title = self.title
        if title and self.text and title[-1] not in "。；：:;":
            title += "。"
        return title + self.text


@dataclass
class Section:
    """A group of tasks under 重点任务: （一）, （二）, …"""

    id: str
    number: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    line: int | None = None

    def walk(self):
        """Yield every task of the section, nested ones included, in document order."""
        for task in self.tasks:
            yield from task.walk()


@dataclass
class Part:
    """A top-level part outside the task list (一、总体要求, 三、组织实施) and its paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class Notice:
    """The 印发通知 wrapping the plan."""

    title: str = ""
    addressees: str = ""
    body: str = ""
    signer: str = ""
    date: _dt.date | None = None


@dataclass
class Omission:
    """A parent task or clause a child plan dropped on purpose, with the reason given."""

    task: str
    reason: str
    clause: str | None = None


@dataclass
class LaterDeadline:
    """A deadline a child plan set later than its parent's on purpose (allow_later), and why."""

    task: str  # the parent task id
    reason: str
    parent: str = ""  # the parent's date (ISO)
    child: str = ""  # the child's date (ISO)


@dataclass
class ParseWarning:
    """Something the parser could not read with confidence."""

    message: str
    line: int | None = None


@dataclass
class Plan:
    """An implementation plan: metadata, notice, preamble, parts and the task tree."""

    id: str
    title: str
    level: str = "city"
    region: str = ""
    issuer: str = ""
    doc_number: str = ""
    date: _dt.date | None = None
    parent: str | None = None
    notice: Notice | None = None
    preamble: str = ""
    general: list[Part] = field(default_factory=list)
    tasks_heading: str = "重点任务"
    sections: list[Section] = field(default_factory=list)
    closing: list[Part] = field(default_factory=list)
    attachment_title: str = ""
    disclosure: str = ""
    cc: str = ""
    printer: str = ""
    printed: _dt.date | None = None
    omitted: list[Omission] = field(default_factory=list)
    allowed_later: list[LaterDeadline] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    source: str = ""
    schema: str = SCHEMA

    # -- navigation -------------------------------------------------------------------------
    def tasks(self) -> list[Task]:
        """Every task in document order, nested ones included."""
        return [t for s in self.sections for t in s.walk()]

    def top_tasks(self) -> list[Task]:
        """The numbered tasks directly under sections."""
        return [t for s in self.sections for t in s.tasks]

    def leaf_tasks(self) -> list[Task]:
        """Tasks without nested items: the units of work a ledger tracks."""
        return [t for t in self.tasks() if not t.children]

    def task(self, task_id: str) -> Task | None:
        """The task with this id, or None."""
        return next((t for t in self.tasks() if t.id == task_id), None)

    def ancestors(self, task: Task) -> list[Task]:
        """The tasks a nested task sits under, nearest first ([] for a top task or a stranger)."""

        def chain(node: Task, path: list[Task]) -> list[Task] | None:
            if node is task:
                return list(reversed(path))
            for child in node.children:
                found = chain(child, [*path, node])
                if found is not None:
                    return found
            return None

        for top in self.top_tasks():
            found = chain(top, [])
            if found is not None:
                return found
        return []

    def measures(self) -> list[Measure]:
        """Every measure in document order."""
        return [m for t in self.tasks() for m in t.measures]

    def ledger_measures(self) -> list[Measure]:
        """The measures an attachment ledger lists (not split from task bodies)."""
        return [m for t in self.tasks() for m in t.ledger_measures]

    def has_ledger(self) -> bool:
        """True when the plan came with a task ledger (附件任务台账) of its own."""
        return any(not m.split for t in self.tasks() for m in t.measures)

    # -- serialisation ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A plain dict in the documented field order, dates as datetime.date."""
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """Build a Plan from `to_dict` output (YAML or JSON); unknown keys are refused."""
        return _from_plain(cls, data)


# -- generic dataclass <-> plain conversion -----------------------------------------------------

_FIRST = ("schema", "id", "title", "level")


def _to_plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        names = [f.name for f in dataclasses.fields(obj)]
        ordered = [n for n in _FIRST if n in names] + [n for n in names if n not in _FIRST]
        omit = {f.name: f.default for f in dataclasses.fields(obj) if f.metadata.get("omit_default")}
        for name in ordered:
            value = getattr(obj, name)
            if name in omit and value == omit[name]:
                continue
            out[name] = _to_plain(value)
        return out
    if isinstance(obj, list):
        return [_to_plain(v) for v in obj]
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, globalns=globals())
    return _HINTS[cls]


def _from_plain(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_plain(inner[0], value)
    if origin is list:
        (item,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r}")
        return [_from_plain(item, v) for v in value]
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping for {tp.__name__}, got {value!r}")
        hints = _hints(tp)
        unknown = set(value) - set(hints)
        if unknown:
            raise ValueError(f"unknown field(s) for {tp.__name__}: {', '.join(sorted(unknown))}")
        return tp(**{k: _from_plain(hints[k], v) for k, v in value.items()})
    if tp is _dt.date:
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        return _dt.date.fromisoformat(str(value))
    if tp is int and not isinstance(value, bool):
        return int(value)
    if tp is str:
        return str(value)
    return value


# -- files -------------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps_json(plan: Plan) -> str:
    """The plan as pretty JSON (dates as ISO strings, Chinese kept readable)."""
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2, default=_json_default)


def dumps_yaml(plan: Plan) -> str:
    """The plan as block YAML in field order."""
    from .yamlio import safe_dump

    return safe_dump(
        plan.to_dict(), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def loads(text: str, *, fmt: str = "yaml") -> Plan:
    """Parse YAML or JSON text (JSON is valid YAML, but json is faster) into a Plan.

    Aliases and nesting are bounded (`yamlio.YamlLimitError`, a ValueError, past a bound).
    """
    if fmt == "json":
        try:
            data = json.loads(text)
        except RecursionError as exc:
            from .yamlio import MAX_DEPTH, YamlLimitError

            raise YamlLimitError(f"JSON 嵌套层数过深（超过 {MAX_DEPTH} 层），已拒绝读取。") from exc
    else:
        from .yamlio import safe_load

        data = safe_load(text)
    if not isinstance(data, dict) or "sections" not in data:
        raise ValueError("not a plan file (no `sections`)")
    return Plan.from_dict(data)


def save(plan: Plan, path: str | Path) -> Path:
    """Write the plan to .yaml/.yml or .json atomically."""
    from .fsutil import atomic_write_text

    path = Path(path)
    text = dumps_json(plan) if path.suffix.lower() == ".json" else dumps_yaml(plan)
    atomic_write_text(path, text)
    return path


# A plan file of a long provincial plan is ~300 KB; past this it is not one the tool wrote.
MAX_PLAN_BYTES = 20 * 1024 * 1024


def load(path: str | Path) -> Plan:
    """Read a plan saved by `save`; a file too large, not UTF-8 or past a YAML bound is an
    InputError naming the file (and the line where one is known)."""
    from .errors import InputError
    from .fsutil import read_utf8
    from .yamlio import YamlLimitError, explain

    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    text = read_utf8(path, max_bytes=MAX_PLAN_BYTES, what="方案文件")
    import yaml

    try:
        return loads(text, fmt=fmt)
    except YamlLimitError as exc:
        raise InputError(exc.message, path=path, line=exc.line) from exc
    except yaml.YAMLError as exc:
        message, line = explain(exc, text)
        raise InputError(message, path=path, line=line) from exc
