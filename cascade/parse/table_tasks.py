"""Step 6b: plans whose tasks exist only as a table (序号 | 重点任务 | 具体措施 | 责任单位 | 完成时限).

Some plans list no numbered tasks in the text: the work is a 任务分工表, in the body or as the
附件. When the outline found no task, the first table with a header naming a task or measure
column and a units or time column is read instead: one section per 重点任务 (merged cells carry
down), one task per 具体任务 — or per row when the table has only a measure column.
"""

from __future__ import annotations

from ..model import Section, Task
from .deadlines import parse_deadline
from .ledger_cells import UNIT_ROLES, clean_cell, header_role
from .markers import match_marker
from .state import ParseState
from .units import split_units

_NEEDED = ({"task", "measure"}, {"units", "lead", "support", "deadline"})


def _table_rows(state: ParseState) -> list[tuple[int, list[str]]]:
    """Tab-separated rows: the attachment's, else those in the body."""
    rows = state.table or [(n, t) for n, t in state.lines if "\t" in t]
    return [(n, [clean_cell(c) for c in t.split("\t")]) for n, t in rows]


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int]] | None:
    """Index of the header row and each role's first column, when a row names the roles needed."""
    for k, (_, cells) in enumerate(rows):
        roles: dict[str, int] = {}
        for index, cell in enumerate(cells):
            role = header_role(cell)
            if role and role not in roles:
                roles[role] = index
        if all(set(roles) & need for need in _NEEDED):
            return k, roles
    return None


def is_division_table(lines: list[str]) -> bool:
    """True when a sheet's header names 牵头/配合 columns: a 任务分工表, read as a plan's tasks
    (with lead and support apart) rather than as a ledger of measures."""
    found = _header([(n, [clean_cell(c) for c in t.split("\t")]) for n, t in enumerate(lines) if "\t" in t])
    return found is not None and bool({"lead", "support"} & set(found[1]))


def _cell(cells: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return cells[index] if index is not None and index < len(cells) else ""


def _strip_marker(text: str) -> tuple[str, str]:
    """(label as printed, text without it) of a cell that may start with 一、/（一）/1."""
    marker = match_marker(text)
    return (marker.label, marker.rest) if marker else ("", text)


def tasks_from_table(state: ParseState) -> None:
    """Build sections and tasks from a task table when the text numbered none."""
    plan = state.plan
    if plan.tasks():
        return
    rows = _table_rows(state)
    found = _header(rows)
    if found is None:
        return
    start, roles = found
    sections: dict[str, Section] = {}
    tasks: dict[tuple[str, str], Task] = {}
    section_name = task_name = ""
    for line, cells in rows[start + 1 :]:
        if not any(cells) or header_role(cells[0] if cells else ""):
            continue
        section_name = _cell(cells, roles, "section") or section_name
        task_cell = _cell(cells, roles, "task") if "task" in roles else _cell(cells, roles, "measure")
        task_name = task_cell or task_name if "task" in roles else task_cell
        if not task_name:
            continue
        number, title = _strip_marker(section_name)
        section = sections.get(section_name)
        if section is None:
            section = sections[section_name] = Section(
                id=str(len(sections) + 1), number=number, title=title or "重点任务", line=line)
            plan.sections.append(section)
        key = (section_name, task_name)
        if key not in tasks:
            label, text = _strip_marker(task_name)
            label = label or _cell(cells, roles, "number")
            title, _, rest = text.partition("。")
            task = tasks[key] = Task(id=f"{section.id}.{len(tasks) + 1}", number=label,
                                     title=title, text=rest, line=line)
            section.tasks.append(task)
        task = tasks[key]
        if "task" in roles and _cell(cells, roles, "measure"):
            task.text = "".join(filter(None, [task.text, _cell(cells, roles, "measure")]))
        time_text = _cell(cells, roles, "deadline")
        _add_units(task, {role: _cell(cells, roles, role) for role in UNIT_ROLES}, time_text)
        if time_text:
            task.deadlines += parse_deadline(time_text, state.ref_date)
    if tasks:
        _split_parts(plan, "".join(rows[start][1]))
        state.warn(f"正文中没有编号的任务，已从任务表读取 {len(tasks)} 项任务。", rows[start][0])


def _add_units(task: Task, cells: dict[str, str], time_text: str) -> None:
    """A row's unit cells: 牵头 then 配合 then 责任 units, the lead and support kept apart.

    With 牵头/配合 columns the note is written as a labelled one, the time included
    (牵头单位：…；配合单位：…；完成时限：…), the way such plans print it in their text."""
    for role in UNIT_ROLES:
        names = split_units(cells[role])
        task.units += [u for u in names if u not in task.units]
        if role != "units":
            kept = getattr(task, role)
            kept += [u for u in names if u not in kept]
    if cells["lead"] and cells["units"] and not cells["support"]:
        task.support += [u for u in split_units(cells["units"]) if u not in task.support + task.lead]
    labelled = cells["lead"] or cells["support"]
    written = "；".join([f"{_ROLE_LABELS[r]}：{cells[r]}" for r in UNIT_ROLES if cells[r]]
                       + ([f"完成时限：{time_text}"] if time_text else []))
    task.units_text = task.units_text or (written if labelled else cells["units"])


_ROLE_LABELS = {"lead": "牵头单位", "support": "配合单位", "units": "责任单位"}


def _split_parts(plan, header: str) -> None:
    """The part printing the table is the tasks heading; parts before frame, parts after close."""
    for k, part in enumerate(plan.general):
        if any(header in paragraph.replace(" ", "") for paragraph in part.paragraphs):
            plan.tasks_heading = part.title
            plan.general, plan.closing = plan.general[:k], plan.general[k + 1 :]
            return
