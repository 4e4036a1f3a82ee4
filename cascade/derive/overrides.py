"""The overrides file: its schema, read into dataclasses with the line of every entry.

Checks that need only the file (types, unknown fields, reasons, dates) happen here; checks
that need the parent plan (task ids, clauses, later deadlines) happen when it is applied.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OverridesError
from ..levels import LEVEL_ORDER as LEVELS
from ..model import Part
from .dates import DateError, dates_in, iso_date, read_phrase
from .yamlines import LineList, LineMap, load_with_lines

# Hand-written lists (protect, units, vocabulary…): a county's overrides hold a few dozen.
MAX_LIST_ITEMS = 500
TOP_KEYS = ("parent", "metadata", "vocabulary", "protect", "default_units", "notice", "preamble",
            "general", "closing", "tasks", "add", "sections")
META_KEYS = ("title", "region", "level", "issuer", "doc_number", "date", "cc", "printer")
TASK_KEYS = ("title", "text", "append", "units", "deadlines", "allow_later", "measures", "clauses",
             "drop", "reason")
NEW_TASK_KEYS = ("after", "section", "title", "text", "units", "deadlines", "measures")
SECTION_KEYS = ("after", "title", "tasks")
CLAUSE_KEYS = ("clause", "drop", "reason", "replace", "allow_later")
MEASURE_KEYS = ("text", "units", "deadline")
NOTICE_KEYS = ("title", "addressees", "body")
PART_KEYS = ("title", "paragraphs")


@dataclass
class NewMeasure:
    """A ledger row added to a task."""

    text: str
    units: list[str] | None
    deadline: str
    line: int


@dataclass
class ClauseEdit:
    """Drop or replace one clause (sentence or ；-part) of a parent task's body."""

    clause: str
    line: int
    drop: bool = False
    reason: str = ""
    replace: str | None = None
    allow_later: str = ""


@dataclass
class DeadlineMove:
    """Replace a parent deadline phrase by a local one."""

    old: str
    new: str
    line: int
    allow_later: str = ""


@dataclass
class TaskEdit:
    """What changes in one parent task (keyed by its parent id)."""

    task: str
    line: int
    title: str | None = None
    text: str | None = None
    append: str | None = None
    units: list[str] | None = None
    deadlines: list[DeadlineMove] = field(default_factory=list)
    allow_later: str = ""
    add_measures: list[NewMeasure] = field(default_factory=list)
    remove_measures: list[tuple[str, int]] = field(default_factory=list)
    clauses: list[ClauseEdit] = field(default_factory=list)
    drop: bool = False
    reason: str = ""


@dataclass
class NewTask:
    """A local task, placed after a parent task or at the end of a parent section."""

    title: str
    text: str
    line: int
    after: str | None = None
    section: str | None = None
    units: list[str] | None = None
    deadlines: list[str] = field(default_factory=list)
    measures: list[NewMeasure] = field(default_factory=list)


@dataclass
class NewSection:
    """A local group of tasks, after a parent section or at the end."""

    title: str
    line: int
    after: str | None = None
    tasks: list[NewTask] = field(default_factory=list)


@dataclass
class Overrides:
    """An overrides file, read and checked on its own."""

    path: Path
    parent: Path
    parent_line: int
    region: str
    level: str
    title: str | None = None
    issuer: str | None = None
    doc_number: str = ""
    date: _dt.date | None = None
    cc: str = ""
    printer: str | None = None
    vocabulary: dict[str, str] | None = None
    protect: list[str] = field(default_factory=list)
    default_units: list[str] | None = None
    notice: dict[str, str] = field(default_factory=dict)
    preamble: str | None = None
    general: list[Part] | None = None
    closing: list[Part] | None = None
    tasks: dict[str, TaskEdit] = field(default_factory=dict)
    added: list[NewTask] = field(default_factory=list)
    sections: list[NewSection] = field(default_factory=list)
    meta_lines: dict[str, int] = field(default_factory=dict)

    def fail(self, message: str, line: int | None) -> OverridesError:
        """An OverridesError naming this file and `line`."""
        return OverridesError(message, path=self.path, line=line)


class _Reader:
    """Typed access to the LineMaps of one file, failing with the file and line."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, message: str, line: int | None) -> OverridesError:
        return OverridesError(message, path=self.path, line=line)

    def mapping(self, value: Any, keys: tuple[str, ...], what: str, line: int) -> LineMap:
        if value is None:
            value = LineMap()
            value.line = line
        if not isinstance(value, LineMap):
            raise self.fail(f"{what}应是“字段: 值”形式的映射。", line)
        for key in value:
            if key not in keys:
                near = difflib.get_close_matches(key, keys, n=1, cutoff=0.5)
                hint = f"，是否想写“{near[0]}”" if near else f"；可用字段：{'、'.join(keys)}"
                raise self.fail(f"{what}中有未知字段“{key}”{hint}。", value.line_of(key))
        return value

    def text(self, m: LineMap, key: str, what: str, *, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(f"{what}缺少“{key}”，或“{key}”为空。", m.line_of(key))
            return None
        if isinstance(value, (LineMap, LineList)) or isinstance(value, bool):
            raise self.fail(f"{what}的“{key}”应是一段文字。", m.line_of(key))
        return str(value).strip()

    def texts(self, m: LineMap, key: str, what: str) -> list[str] | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return [value.strip()] if value.strip() else []
        if not isinstance(value, LineList) or any(isinstance(v, (LineMap, LineList)) for v in value):
            raise self.fail(f"{what}的“{key}”应是文字列表，例如 [甲, 乙]。", m.line_of(key))
        if len(value) > MAX_LIST_ITEMS:
            raise self.fail(f"{what}的“{key}”列了 {len(value)} 项，超过 {MAX_LIST_ITEMS} 项的上限。", m.line_of(key))
        return [str(v).strip() for v in value if v is not None and str(v).strip()]

    def flag(self, m: LineMap, key: str, what: str) -> bool:
        value = m.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{what}的“{key}”应写 true 或 false。", m.line_of(key))
        return value

    def items(self, value: Any, what: str, line: int) -> list[tuple[Any, int]]:
        if value is None:
            return []
        if not isinstance(value, LineList):
            raise self.fail(f"{what}应是以“- ”开头的列表。", line)
        return [(item, value.line_of(i)) for i, item in enumerate(value)]

    def prose(self, m: LineMap, key: str, what: str, *, required: bool = False) -> str | None:
        """A text field that may name dates: each date in it must exist."""
        value = self.text(m, key, what, required=required)
        try:
            dates_in(value or "")
        except DateError as exc:
            raise self.fail(f"{what}的“{key}”中日期有误：{exc}。", m.line_of(key)) from None
        return value

    def deadline(self, phrase: str, what: str, line: int) -> str:
        try:
            read_phrase(phrase)
        except DateError as exc:
            raise self.fail(f"{what}的时限有误：{exc}。", line) from None
        return phrase


def read_overrides(path: str | Path) -> Overrides:
    """Read and check an overrides file on its own (the parent plan is not needed)."""
    path = Path(path)
    r = _Reader(path)
    top = r.mapping(load_with_lines(path), TOP_KEYS, "覆盖文件", 1)
    parent = r.text(top, "parent", "覆盖文件", required=True)
    meta = r.mapping(top.get("metadata"), META_KEYS, "metadata", top.line_of("metadata"))
    if "metadata" not in top:
        raise r.fail("覆盖文件缺少“metadata”（本级方案的地区、层级等）。", 1)
    level = r.text(meta, "level", "metadata", required=True)
    if level not in LEVELS:
        raise r.fail(f"metadata 的层级“{level}”无效，应为 {'、'.join(LEVELS)} 之一。", meta.line_of("level"))
    ov = Overrides(
        path=path, parent=(path.parent / parent), parent_line=top.line_of("parent"),
        region=r.text(meta, "region", "metadata", required=True), level=level,
        title=r.text(meta, "title", "metadata"), issuer=r.text(meta, "issuer", "metadata"),
        doc_number=r.text(meta, "doc_number", "metadata") or "", cc=r.text(meta, "cc", "metadata") or "",
        printer=r.text(meta, "printer", "metadata"), meta_lines=dict(meta.lines),
    )
    date = r.text(meta, "date", "metadata")
    if date:
        try:
            ov.date = iso_date(date)
        except DateError as exc:
            raise r.fail(f"metadata 的日期有误：{exc}。", meta.line_of("date")) from None
    _read_vocabulary(r, top, ov)
    ov.protect = r.texts(top, "protect", "覆盖文件") or []
    ov.default_units = r.texts(top, "default_units", "覆盖文件")
    notice = r.mapping(top.get("notice"), NOTICE_KEYS, "notice", top.line_of("notice"))
    for key in NOTICE_KEYS:
        value = r.text(notice, key, "notice")
        if value:
            ov.notice[key] = value
    ov.preamble = r.text(top, "preamble", "覆盖文件")
    ov.general = _read_parts(r, top, "general")
    ov.closing = _read_parts(r, top, "closing")
    tasks = top.get("tasks")
    if tasks is not None and not isinstance(tasks, LineMap):
        raise r.fail("tasks 应是以上级任务编号为键的映射，例如 \"2.4\": {drop: true, reason: …}。",
                     top.line_of("tasks"))
    for task_id, body in (tasks or {}).items():
        ov.tasks[task_id] = _read_task_edit(r, task_id, body, tasks.line_of(task_id))
    for item, line in r.items(top.get("add"), "add", top.line_of("add")):
        ov.added.append(_read_new_task(r, item, line, "add 中的新增任务", placed=True))
    for item, line in r.items(top.get("sections"), "sections", top.line_of("sections")):
        sec = r.mapping(item, SECTION_KEYS, "新增分组", line)
        new = NewSection(title=r.text(sec, "title", "新增分组", required=True), line=line,
                         after=r.text(sec, "after", "新增分组"))
        for t_item, t_line in r.items(sec.get("tasks"), "新增分组的 tasks", sec.line_of("tasks")):
            new.tasks.append(_read_new_task(r, t_item, t_line, "新增分组中的任务", placed=False))
        ov.sections.append(new)
    return ov


def _read_vocabulary(r: _Reader, top: LineMap, ov: Overrides) -> None:
    if "vocabulary" not in top:
        return
    vocab = top["vocabulary"]
    if vocab is None:
        ov.vocabulary = {}
        return
    if not isinstance(vocab, LineMap):
        raise r.fail("vocabulary 应是“上级用语: 本级用语”形式的映射。", top.line_of("vocabulary"))
    if len(vocab) > MAX_LIST_ITEMS:
        raise r.fail(f"vocabulary 列了 {len(vocab)} 组用语，超过 {MAX_LIST_ITEMS} 组的上限。", top.line_of("vocabulary"))
    ov.vocabulary = {}
    for word, target in vocab.items():
        if target is None or isinstance(target, (LineMap, LineList, bool)):
            raise r.fail(f"vocabulary 中“{word}”的本级用语应是一段文字。", vocab.line_of(word))
        ov.vocabulary[word] = str(target)


def _read_parts(r: _Reader, top: LineMap, key: str) -> list[Part] | None:
    if top.get(key) is None:
        return None
    parts = []
    for item, line in r.items(top[key], key, top.line_of(key)):
        part = r.mapping(item, PART_KEYS, f"{key} 中的一部分", line)
        paragraphs = r.texts(part, "paragraphs", f"{key} 中的一部分") or []
        parts.append(Part(title=r.text(part, "title", f"{key} 中的一部分") or "", paragraphs=paragraphs))
    return parts


def _read_measures(r: _Reader, value: Any, what: str, line: int) -> list[NewMeasure]:
    out = []
    for item, item_line in r.items(value, what, line):
        m = r.mapping(item, MEASURE_KEYS, what, item_line)
        deadline = r.text(m, "deadline", what) or ""
        if deadline:
            r.deadline(deadline, what, m.line_of("deadline"))
        out.append(NewMeasure(text=r.text(m, "text", what, required=True), units=r.texts(m, "units", what),
                              deadline=deadline, line=item_line))
    return out


def _read_task_edit(r: _Reader, task_id: str, body: Any, line: int) -> TaskEdit:
    what = f"任务 {task_id}"
    m = r.mapping(body, TASK_KEYS, what, line)
    edit = TaskEdit(task=task_id, line=line, drop=r.flag(m, "drop", what),
                    reason=r.text(m, "reason", what) or "")
    if edit.drop:
        if not edit.reason:
            raise r.fail(f"{what}标记为删除（drop），但没有写明理由（reason）。", m.line_of("drop"))
        others = [k for k in m if k not in ("drop", "reason")]
        if others:
            raise r.fail(f"{what}已删除，不能同时修改“{others[0]}”。", m.line_of(others[0]))
        return edit
    if edit.reason:
        raise r.fail(f"{what}写了理由（reason）但没有 drop: true。", m.line_of("reason"))
    edit.title, edit.text = r.prose(m, "title", what), r.prose(m, "text", what)
    edit.append, edit.units = r.prose(m, "append", what), r.texts(m, "units", what)
    edit.allow_later = r.text(m, "allow_later", what) or ""
    _read_moves(r, m, edit, what)
    measures = r.mapping(m.get("measures"), ("add", "remove"), f"{what}的 measures", m.line_of("measures"))
    edit.add_measures = _read_measures(r, measures.get("add"), f"{what}新增的措施", measures.line_of("add"))
    for item, item_line in r.items(measures.get("remove"), f"{what}的 measures.remove",
                                   measures.line_of("remove")):
        edit.remove_measures.append((str(item), item_line))
    for item, item_line in r.items(m.get("clauses"), f"{what}的 clauses", m.line_of("clauses")):
        edit.clauses.append(_read_clause(r, item, item_line, what))
    if edit.text is not None and edit.clauses:
        raise r.fail(f"{what}已整段替换正文（text），不能再逐条修改条款（clauses）。", m.line_of("clauses"))
    return edit


def _read_moves(r: _Reader, m: LineMap, edit: TaskEdit, what: str) -> None:
    moves = m.get("deadlines")
    if moves is None:
        return
    if not isinstance(moves, LineMap):
        raise r.fail(f"{what}的 deadlines 应写作“上级时限原文: 本级时限”，例如 2024年6月底前: 2024年3月底前。",
                     m.line_of("deadlines"))
    for old, new in moves.items():
        line = moves.line_of(old)
        allow = ""
        if isinstance(new, LineMap):
            spec = r.mapping(new, ("to", "allow_later"), f"{what}的时限“{old}”", line)
            allow = r.text(spec, "allow_later", what) or ""
            new = r.text(spec, "to", f"{what}的时限“{old}”", required=True)
        if new is None or isinstance(new, (LineList, bool)):
            raise r.fail(f"{what}的时限“{old}”应改为一段时限文字。", line)
        edit.deadlines.append(DeadlineMove(old=old, new=r.deadline(str(new), what, line), line=line,
                                           allow_later=allow))


def _read_clause(r: _Reader, item: Any, line: int, task_what: str) -> ClauseEdit:
    what = f"{task_what}的条款"
    c = r.mapping(item, CLAUSE_KEYS, what, line)
    edit = ClauseEdit(clause=r.text(c, "clause", what, required=True), line=line,
                      drop=r.flag(c, "drop", what), reason=r.text(c, "reason", what) or "",
                      replace=r.prose(c, "replace", what), allow_later=r.text(c, "allow_later", what) or "")
    if edit.drop and edit.replace is not None:
        raise r.fail(f"{what}不能既删除（drop）又替换（replace）。", c.line_of("replace"))
    if edit.drop and not edit.reason:
        raise r.fail(f"{what}“{edit.clause}”标记为删除（drop），但没有写明理由（reason）。", c.line_of("drop"))
    if not edit.drop and edit.replace is None:
        raise r.fail(f"{what}“{edit.clause}”应写 drop: true（附 reason）或 replace: 新条款。", line)
    return edit


def _read_new_task(r: _Reader, item: Any, line: int, what: str, *, placed: bool) -> NewTask:
    keys = NEW_TASK_KEYS if placed else tuple(k for k in NEW_TASK_KEYS if k not in ("after", "section"))
    t = r.mapping(item, keys, what, line)
    task = NewTask(title=r.prose(t, "title", what, required=True), text=r.prose(t, "text", what) or "",
                   line=line, after=r.text(t, "after", what), section=r.text(t, "section", what),
                   units=r.texts(t, "units", what))
    if placed and (task.after is None) == (task.section is None):
        raise r.fail(f"{what}“{task.title}”应写 after（插在哪项上级任务之后）或 section（放在哪个分组末尾）之一。",
                     line)
    for phrase in r.texts(t, "deadlines", what) or []:
        task.deadlines.append(r.deadline(phrase, what, t.line_of("deadlines")))
    task.measures = _read_measures(r, t.get("measures"), f"{what}的措施", t.line_of("measures"))
    return task
