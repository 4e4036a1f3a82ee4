"""Step 6: the outline — top parts (一、), sections (（一）), tasks (1. ⒈) and items (（1）)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Part, Section, Task
from .deadlines import find_deadlines, parse_deadline
from .markers import Marker, match_marker
from .shape import is_frame as _is_frame
from .shape import national_shape
from .state import Para, ParseState
from .units import extract_unit_note, is_note_paragraph, standing_rule
from .vocab import FRAME_TITLES

TITLE_MAX = 60


@dataclass
class _Item:
    marker: Marker
    line: int
    raw: str
    children: list[_Item] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)  # a standing rule printed just before it
    notes_below: list[str] = field(default_factory=list)  # notes on lines of their own after it

    def add_note(self, text: str) -> None:
        """Append a unit or time note printed on a line of its own (`责任单位：…`, `完成时限：…`)."""
        if text.startswith(("（", "(")) or self.raw.endswith(("。", "；", ";")):
            self.raw += text
        else:
            self.raw += "；" + text


@dataclass
class _Part:
    marker: Marker
    line: int
    paras: list[Para] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _split_title(self.marker.rest)[0]


def _split_title(text: str) -> tuple[str, str]:
    """`着力提高政治能力。始终坚持…` → (着力提高政治能力, 始终坚持…); long first sentences stay body."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(《“[【":
            depth += 1
        elif ch in "）)》”]】":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            if i <= TITLE_MAX:
                return text[:i].strip(), text[i + 1 :].strip()
            return "", text
    if len(text) <= TITLE_MAX:
        return text.strip().rstrip("。.；;"), ""
    return "", text


def _group_parts(state: ParseState) -> list[_Part]:
    parts: list[_Part] = []
    for para in state.body:
        marker = match_marker(para.text)
        if marker and marker.level == "part":
            parts.append(_Part(marker=marker, line=para.line))
        elif parts:
            parts[-1].paras.append(para)
        else:
            state.plan.preamble = "\n".join(filter(None, [state.plan.preamble, para.text]))
    return parts


def _levels_in(part: _Part) -> dict[str, int]:
    counts: dict[str, int] = {}
    for para in part.paras:
        marker = match_marker(para.text)
        if marker:
            counts[marker.level] = counts.get(marker.level, 0) + 1
    return counts


def _frame_heading(text: str) -> tuple[str, str] | None:
    """`总体要求以提升执法质量为目标，…。` (a lost line break) → (总体要求, 以提升…)."""
    for word in FRAME_TITLES:
        rest = text[len(word):]
        if text.startswith(word) and "。" in rest and len(rest) > 8 and rest[0] not in "。，、；：（(":
            return word, rest
    return None


def _to_part(part: _Part) -> Part:
    title, rest = _frame_heading(part.marker.rest) or _split_title(part.marker.rest)
    paragraphs = ([rest] if rest else []) + [p.text for p in part.paras]
    return Part(title=title or part.marker.rest, paragraphs=paragraphs, line=part.line)


def _collect(paras: list[Para], top: str, sub: str, state: ParseState) -> list[_Item]:
    """Items at level `top` with nested `sub` items; unmarked paragraphs continue the last one."""
    items: list[_Item] = []
    current: _Item | None = None
    standing: list[str] = []
    for para in paras:
        marker = match_marker(para.text)
        if marker and marker.level in (top, sub):
            current = _Item(marker, para.line, marker.rest, standing=standing)
            standing = []
            if marker.level == sub and items:
                items[-1].children.append(current)
            else:
                items.append(current)
        elif standing_rule(para.text):  # 以下任务均需…落实，不再逐项列出。 on a line of its own
            standing = standing_rule(para.text)
        elif current is not None and is_note_paragraph(para.text):
            current.notes_below.append(para.text)
        elif current is not None:
            current.raw += para.text
        else:
            state.warn(f"无法归入任何任务的段落：{para.text[:20]}…", para.line)
    for item in items:
        _place_notes(item)
    return items


def _place_notes(item: _Item) -> None:
    """Give each note printed on a line of its own to the task or item it belongs to.

    A note between two numbered items is the earlier item's. A note below the last item is the
    whole task's when no item carries a note of its own (the items share the task's units), and
    the last item's when its siblings carry theirs.
    """
    for note in item.notes_below:
        item.add_note(note)
    children = item.children
    for k, child in enumerate(children):
        if not child.notes_below:
            continue
        siblings_noted = any(extract_unit_note(c.raw.strip())[2] for c in children if c is not child)
        owner = child if k + 1 < len(children) or siblings_noted else item
        for note in child.notes_below:
            owner.add_note(note)


def _build_task(item: _Item, task_id: str, state: ParseState, standing: list[str]) -> Task:
    body, units_text, note = extract_unit_note(item.raw.strip())
    title, text = _split_title(body)
    task = Task(id=task_id, number=item.marker.label, title=title, text=text, line=item.line)
    if note:
        task.units, task.units_text = note.units, units_text
        task.lead, task.support = list(note.lead), list(note.support)
        task.implementers = list(note.implementers)
    if item.standing:
        standing[:] = item.standing
    task.implementers += [u for u in standing if u not in task.implementers]
    if note and note.standing:
        standing[:] = note.standing
    # A note may carry the time as well (（牵头单位：…；完成时限：…）).
    task.deadlines = find_deadlines(f"{task.full_text}{units_text}", state.ref_date)
    for time in note.times if note else []:  # 完成时限：2024年12月 — a bare date, read as a cell
        if not find_deadlines(time, state.ref_date):
            task.deadlines += parse_deadline(time, state.ref_date)
    for child in item.children:
        task.children.append(_build_task(child, f"{task_id}.{child.marker.number}", state, standing))
    return task


def _sections_from(groups: list[tuple[Marker | None, str, int, list[Para]]], top: str, sub: str,
                   state: ParseState) -> list[Section]:
    sections, standing = [], []
    for index, (marker, title, line, paras) in enumerate(groups, start=1):
        title, units_text, note = extract_unit_note(title)
        section = Section(id=str(index), number=marker.label if marker else "", title=title, line=line)
        for item in _collect(paras, top, sub, state):
            task_id = f"{section.id}.{item.marker.number}"
            if any(t.id == task_id for t in section.tasks):
                state.warn(f"任务编号 {task_id} 重复。", item.line)
            section.tasks.append(_build_task(item, task_id, state, standing))
        if note and note.units:
            _inherit_units(section.tasks, note.units, units_text)
        sections.append(section)
    return sections


def _inherit_units(tasks: list[Task], units: list[str], units_text: str) -> None:
    """A unit note on a section heading (（一）…（牵头单位：…）) holds for its tasks without one."""
    for task in tasks:
        if not task.units:
            task.units, task.units_text = list(units), units_text


def _split_sections(part: _Part, state: ParseState) -> list[tuple[Marker | None, str, int, list[Para]]]:
    groups: list[tuple[Marker | None, str, int, list[Para]]] = []
    for para in part.paras:
        marker = match_marker(para.text)
        if marker and marker.level == "section":
            title, rest = _split_title(marker.rest)
            if rest:
                state.warn("节标题后的文字未归入任何任务。", para.line)
            groups.append((marker, title or marker.rest, para.line, []))
        elif groups:
            groups[-1][3].append(para)
        elif match_marker(para.text):
            groups.append((None, part.title, part.line, [para]))
        else:
            state.warn(f"重点任务下、第一节之前的段落未归类：{para.text[:20]}…", para.line)
    return groups


def read_outline(state: ParseState) -> None:
    """Find the part holding the tasks and build sections and tasks; the rest are parts."""
    plan = state.plan
    parts = _group_parts(state)
    if not parts:
        return
    levels = [_levels_in(p) for p in parts]
    national = national_shape(parts, levels)
    if national is not None:
        task_idx, sub = national
        groups = [(parts[i].marker, parts[i].title, parts[i].line, parts[i].paras) for i in task_idx]
        plan.sections = _sections_from(groups, "section", sub, state)
        _frame_around(plan, parts, task_idx)
        return
    with_items = [i for i, lv in enumerate(levels) if lv.get("item") and not _is_frame(parts[i].title)]
    if not with_items:
        with_items = [max(range(len(parts)), key=lambda i: levels[i].get("item", 0))]
        if not levels[with_items[0]].get("item"):
            with_items = []
    if with_items and any(levels[i].get("section") for i in with_items):
        best = max(with_items, key=lambda i: levels[i].get("item", 0))
        task_idx = [best]
        plan.sections = _sections_from(_split_sections(parts[best], state), "item", "subitem", state)
    elif len(with_items) > 1:  # each 一、 part is itself a group of numbered tasks
        task_idx = with_items
        groups = [(parts[i].marker, parts[i].title, parts[i].line, parts[i].paras) for i in with_items]
        plan.sections = _sections_from(groups, "item", "subitem", state)
    elif with_items:  # numbered tasks straight under one part
        task_idx = with_items
        part = parts[with_items[0]]
        plan.sections = _sections_from([(None, part.title, part.line, part.paras)], "item", "subitem", state)
    else:  # （一） items are the tasks, under 一、 parts that are not frame parts
        task_idx = [i for i, lv in enumerate(levels) if lv.get("section") and not _is_frame(parts[i].title)]
        groups = [(parts[i].marker, parts[i].title, parts[i].line, parts[i].paras) for i in task_idx]
        plan.sections = _sections_from(groups, "section", "item", state)
    if not task_idx:  # no numbered tasks: every part frames the plan (a task table may follow)
        plan.general = [_to_part(p) for p in parts]
        return
    _frame_around(plan, parts, task_idx)


def _frame_around(plan, parts: list[_Part], task_idx: list[int]) -> None:
    """Parts before the task parts frame the plan (总体要求); parts after them close it."""
    first, last = min(task_idx), max(task_idx)
    plan.tasks_heading = parts[first].title if len(task_idx) == 1 else "重点任务"
    plan.general = [_to_part(p) for p in parts[:first]]
    plan.closing = [_to_part(p) for p in parts[last + 1 :]]
