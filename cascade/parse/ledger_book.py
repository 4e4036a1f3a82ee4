"""A ledger .xlsx on its own (ours, or one an office typed) read as a plan of measures."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from ..errors import InputError, LedgerError
from ..ledger_layout import TITLE_SUFFIX
from ..model import Deadline, Measure, Plan, Section, Task
from ..sources.ledger import OldRow, read_ledger

YEAR = re.compile(r"(20\d\d)")


def plan_from_ledger(path: str | Path) -> Plan:
    """Sections, tasks and measures from a ledger's 重点任务/具体任务/主要措施 columns.

    Merged or blank-below label cells carry down; a multi-line 具体任务 cell is a task with a
    nested item. Units and 完成时限 come from their columns. What people typed is read by
    `cascade.sources.ledger_ledger_progress`.
    """
    from . import plan_id_for

    path = Path(path)
    try:
        ledger = read_ledger(path)
    except LedgerError as exc:
        raise InputError(exc.message, path=path) from exc
    if ledger.text_header != "主要措施":
        raise InputError("台账没有“主要措施”列，无法读出措施。", path=path)
    title = ledger.title.removesuffix(TITLE_SUFFIX) or path.stem
    plan = Plan(id=plan_id_for(path), title=title, source=path.name)
    _particulars(plan, ledger.meta)
    ref = plan.date or _ref_date(title)
    builder = _Builder(plan, ref)
    for row in ledger.rows:
        builder.add(row)
    if not plan.measures():
        raise InputError("台账里没有找到任何措施行。", path=path)
    for task in plan.tasks():  # units as the rows name them (the level reads them too)
        task.units_text = "、".join(task.units)
    if "plan.level" not in ledger.meta:
        _infer_level(plan)
    return plan


def _particulars(plan: Plan, meta: dict[str, str]) -> None:
    """Level, region, 文号, issuer, date and parent as our ledger recorded them; for a ledger
    typed by an office, the region its title names."""
    from .notice import region_of

    for name in ("level", "region", "issuer", "doc_number", "parent"):
        if meta.get(f"plan.{name}"):
            setattr(plan, name, meta[f"plan.{name}"])
    if meta.get("plan.date"):
        plan.date = _dt.date.fromisoformat(meta["plan.date"])
    if not plan.region:
        plan.region = region_of(plan.title)


def _infer_level(plan: Plan) -> None:
    """The level from the title's region word and the units the rows name (parse step 8)."""
    from .level import infer_level
    from .state import ParseState

    warnings = list(plan.warnings)
    infer_level(ParseState(source=None, plan=plan))
    plan.warnings = warnings  # a ledger without a level word is read as it is, no warning


def _ref_date(title: str) -> _dt.date | None:
    """A reference year for deadlines without one: the first year the title names."""
    m = YEAR.search(title)
    return _dt.date(int(m.group(1)), 1, 1) if m else None


class _Builder:
    """Adds ledger rows to a plan, opening sections and tasks as their labels change."""

    def __init__(self, plan: Plan, ref: _dt.date | None):
        """Start with no section or task open."""
        self.plan = plan
        self.ref = ref
        self.section_text = None
        self.task_text = None
        self.task: Task | None = None

    def add(self, row: OldRow) -> None:
        """One measure row (a row without measure text is skipped)."""
        from .deadlines import parse_deadline
        from .units import split_units

        if not row.text.strip():
            return
        section_text = _text(row, "重点任务") or self.section_text or ""
        task_text = _text(row, "具体任务") or self.task_text or ""
        if section_text != self.section_text or not self.plan.sections:
            self._open_section(section_text)
            self.task_text = None
        if task_text != self.task_text or self.task is None:
            self._open_task(task_text)
        deadline_text = _text(row, "完成时限")
        deadlines: list[Deadline] = parse_deadline(deadline_text, self.ref) if deadline_text else []
        self.task.measures.append(Measure(
            id=f"{self.task.id}.m{len(self.task.measures) + 1}",
            label=row.label,
            text=row.text.strip(),
            units=split_units(_text(row, "责任单位")),
            deadline_text=deadline_text,
            deadlines=deadlines,
            line=row.row,
        ))
        for unit in self.task.measures[-1].units:
            if unit not in self.task.units:
                self.task.units.append(unit)

    def _open_section(self, text: str) -> None:
        """Open a section from a 重点任务 cell such as `（一）全面提升…`."""
        from .markers import match_marker

        self.section_text = text
        marker = match_marker(text)
        number, title = (marker.label, marker.rest) if marker else ("", text)
        sid = str(len(self.plan.sections) + 1)
        self.plan.sections.append(Section(id=sid, number=number, title=title.strip()))

    def _open_task(self, text: str) -> None:
        """Open a task from a 具体任务 cell; each further line is a nested item.

        Lines above the last name parent tasks: the previous parent is reused when it is the
        same one (`2.着力提升业务能力` over its `（1）` and `（2）`).
        """
        from .markers import match_marker

        self.task_text = text
        section = self.plan.sections[-1]
        siblings, parent_id = section.tasks, section.id
        lines = [line.strip() for line in text.split("\n")] or [""]
        for depth, line in enumerate(lines):
            marker = match_marker(line)
            number, title = (marker.label, marker.rest.strip()) if marker else ("", line)
            last = siblings[-1] if siblings else None
            is_parent = depth < len(lines) - 1
            if not (is_parent and last and (last.number, last.title) == (number, title)):
                n = marker.number if marker else len(siblings) + 1
                tid = f"{parent_id}.{n}"
                if any(t.id == tid for t in siblings):
                    tid = f"{parent_id}.{len(siblings) + 1}"
                last = Task(id=tid, number=number, title=title)
                siblings.append(last)
            siblings, parent_id = last.children, last.id
            self.task = last


def _text(row: OldRow, header: str) -> str:
    """A cell of the row as stripped text ("" when empty)."""
    value = row.cells.get(header)
    return "" if value is None else str(value.value).strip()

