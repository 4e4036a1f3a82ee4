"""Apply an overrides file to its parent plan: the child plan, with links and omissions recorded."""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from .. import levels
from ..model import (
    Deadline,
    LaterDeadline,
    Measure,
    Notice,
    Omission,
    Part,
    Plan,
    Section,
    Task,
)
from ..parse.measures import fill_measures, without_split_measures
from .clauses import (
    ClauseLookupError,
    clause_key,
    find_clauses,
    join_clauses,
    split_clauses,
    with_ending,
)
from .dates import DateError, latest, read_phrase
from .numbering import numbered_through, renumber, section_template
from .overrides import NewMeasure, NewSection, NewTask, Overrides, TaskEdit
from .placement import chained_place, expand_section_drops
from .vocab import Vocabulary, default_vocabulary

NOTICE_BODY = ("《{title}》已经{gov}同意，现印发给你们，请认真组织实施。"
               "实施过程中遇到的问题，请径向{justice}反映。")
NOTICE_TITLE = "{issuer}关于印发{title}的通知"
UNITS_TEXT = "{open}责任单位：{units}{implementers}{close}"
IMPLEMENTERS_TEXT = "；{implementers}落实"
_BRACKETS = {"[": "]", "【": "】", "(": ")", "（": "）"}


@dataclass
class _Context:
    """What every step of one derivation shares."""

    parent: Plan
    ov: Overrides
    vocab: Vocabulary
    default_units: list[str]
    bracket: str
    omitted: list[Omission] = field(default_factory=list)
    allowed_later: list[LaterDeadline] = field(default_factory=list)
    after: dict[str, list[NewTask]] = field(default_factory=lambda: defaultdict(list))

    def fail(self, message: str, line: int | None):
        return self.ov.fail(message, line)


def derive_plan(parent: Plan, ov: Overrides, *, plan_id: str) -> Plan:
    """The child plan `ov` describes, built from `parent`; OverridesError on any bad reference.

    Measures split from the parent's task bodies are not carried over: the child's are split
    again from its own words once its tasks are derived.
    """
    parent = without_split_measures(parent)
    _check_level(parent, ov)
    expand_section_drops(parent, ov)
    _check_references(parent, ov)
    pairs = ov.vocabulary if ov.vocabulary is not None else default_vocabulary(parent, ov.level, ov.region)
    first_units = next((t.units_text for t in parent.tasks() if t.units_text), "（")
    ctx = _Context(
        parent=parent, ov=ov, vocab=Vocabulary(pairs, ov.protect),
        default_units=ov.default_units if ov.default_units is not None
        else levels.default_units(ov.level, ov.region),
        bracket=first_units.strip()[:1] if first_units.strip()[:1] in _BRACKETS else "（",
    )
    at_end: dict[str, list[NewTask]] = defaultdict(list)
    for new in ov.added:
        chained = chained_place(new, ov.added, ctx.after, at_end)
        if chained is not None:
            chained[0].insert(chained[1], new)
        else:
            (ctx.after[new.after] if new.after else at_end[new.section]).append(new)
    new_sections: dict[str | None, list[NewSection]] = defaultdict(list)
    for sec in ov.sections:
        new_sections[sec.after].append(sec)

    sections = []
    for section in parent.sections:
        tasks = _derive_tasks(section.tasks, ctx) + [_new_task(n, ctx) for n in at_end[section.id]]
        if tasks:
            sections.append(Section(id=section.id, number=section.number,
                                    title=ctx.vocab.apply(section.title), tasks=tasks))
        sections += [_new_section(s, ctx) for s in new_sections[section.id]]
    sections += [_new_section(s, ctx) for s in new_sections[None]]

    child = _plan_shell(parent, ov, ctx, plan_id)
    child.sections = sections
    child.omitted = ctx.omitted
    child.allowed_later = ctx.allowed_later
    renumber(child, through=numbered_through(parent), section_style=section_template(parent.sections),
             task_style=next((t.number for t in parent.top_tasks() if t.number), "1."))
    child.notice = _notice(child, parent, ctx.vocab, ov)
    return fill_measures(child)


# -- references ---------------------------------------------------------------------------------


def _nearest(wanted: str, choices: list[str], titles: dict[str, str]) -> str:
    near = difflib.get_close_matches(wanted, choices, n=3, cutoff=0.0)
    return "、".join(f"{c}（{titles[c]}）" if titles.get(c) else c for c in near)


def _check_level(parent: Plan, ov: Overrides) -> None:
    order = levels.LEVEL_ORDER
    if parent.level in order and order.index(ov.level) < order.index(parent.level):
        raise ov.fail(f"本级层级“{ov.level}”高于上级方案的层级“{parent.level}”，无法向下派生。",
                      ov.meta_lines.get("level"))


def _check_references(parent: Plan, ov: Overrides) -> None:
    """Every task and section id the file names exists in the parent; none sits in a dropped task."""
    titles = {t.id: t.title for t in parent.tasks()}
    ids = list(titles)
    section_ids = [s.id for s in parent.sections]
    section_titles = {s.id: s.title for s in parent.sections}

    def need_task(task_id: str, line: int, what: str) -> None:
        if task_id not in titles:
            raise ov.fail(f"{what}中的任务编号“{task_id}”在上级方案中不存在；最接近的有："
                          f"{_nearest(task_id, ids, titles)}。", line)

    def need_section(section_id: str, line: int, what: str) -> None:
        if section_id not in section_titles:
            raise ov.fail(f"{what}中的分组编号“{section_id}”在上级方案中不存在；现有分组："
                          f"{_nearest(section_id, section_ids, section_titles)}。", line)

    for edit in ov.tasks.values():
        need_task(edit.task, edit.line, "tasks")
    for k, new in enumerate(ov.added):
        if new.after in {n.title for n in ov.added[:k]}:
            continue  # after a local task added above it
        if new.after:
            need_task(new.after, new.line, "add 的 after")
        else:
            need_section(new.section, new.line, "add 的 section")
    for sec in ov.sections:
        if sec.after:
            need_section(sec.after, sec.line, "sections 的 after")
    dropped = [e.task for e in ov.tasks.values() if e.drop]
    for target, line in [(e.task, e.line) for e in ov.tasks.values()] + [
        (n.after, n.line) for n in ov.added if n.after
    ]:
        inside = next((d for d in dropped if target.startswith(d + ".")), None)
        if inside:
            raise ov.fail(f"任务 {target} 属于已删除的任务 {inside}，不能再修改或在其后插入任务。", line)


# -- tasks --------------------------------------------------------------------------------------


def _derive_tasks(tasks: list[Task], ctx: _Context) -> list[Task]:
    out = []
    for task in tasks:
        derived = _derive_task(task, ctx)
        if derived is not None:
            out.append(derived)
        out += [_new_task(n, ctx) for n in ctx.after[task.id]]
    return out


def _derive_task(task: Task, ctx: _Context) -> Task | None:
    edit = ctx.ov.tasks.get(task.id) or TaskEdit(task=task.id, line=0)
    if edit.drop:
        ctx.omitted.append(Omission(task=task.id, reason=edit.reason))
        return None
    text, body_changed = _body(task, edit, ctx)
    text = _move_deadlines_in(text, edit)
    units = edit.units if edit.units is not None else ctx.vocab.apply_all(task.units)
    implementers = ctx.vocab.apply_all(task.implementers)
    return Task(
        id=task.id, number=task.number, title=edit.title or ctx.vocab.apply(task.title), text=text,
        units=units, units_text=_units_text(units, ctx, implementers), implementers=implementers,
        deadlines=_deadlines(task, edit, text, body_changed, ctx), measures=_measures(task, edit, ctx),
        children=_derive_tasks(task.children, ctx), derived_from=task.id,
    )


def _later(old_text: str, new_text: str) -> tuple[str, str] | None:
    """(parent date, new date) when the latest date of `new_text` is after that of `old_text`."""
    old, new = latest(old_text), latest(new_text)
    return (old.isoformat(), new.isoformat()) if old and new and new > old else None


def _body(task: Task, edit: TaskEdit, ctx: _Context) -> tuple[str, bool]:
    """The task body after vocabulary and clause/text edits; True when edits changed it."""
    parent_clauses = split_clauses(task.text)
    clauses = [ctx.vocab.apply(c) for c in parent_clauses]
    changed = bool(edit.text is not None or edit.clauses or edit.append)
    if edit.text is not None:
        later = _later(task.text, edit.text)
        if later and not edit.allow_later:
            raise ctx.fail(f"任务 {task.id} 的新正文把时限从 {later[0]} 推后到 {later[1]}；"
                           "如确需推后，请写 allow_later: 理由。", edit.line)
        _allowed(ctx, task.id, edit.allow_later, later)
        text = edit.text
    else:
        done: dict[int, int] = {}
        for op in edit.clauses:
            try:
                found = find_clauses(op.clause, parent_clauses, clauses)
            except ClauseLookupError as exc:
                problem = "对应多条不同的条款，请写得更完整" if exc.ambiguous else "在正文中找不到"
                raise ctx.fail(f"任务 {task.id} 的条款“{op.clause}”{problem}；可选："
                               f"{'；'.join(exc.candidates)}。", op.line) from None
            for i in found:  # a clause the body repeats word for word is edited everywhere
                if i in done:
                    raise ctx.fail(f"任务 {task.id} 的同一条款已在第{done[i]}行修改过。", op.line)
                done[i] = op.line
                _edit_clause(task, edit, op, i, parent_clauses, clauses, ctx)
        text = join_clauses(clauses)
    if edit.append:
        text = (text if not text or text[-1] in "。；！？" else text + "。") + edit.append
    return text, changed


def _edit_clause(task: Task, edit: TaskEdit, op, i: int, parent_clauses: list[str],
                 clauses: list[str], ctx: _Context) -> None:
    """Drop (recording the omission) or replace clause `i`; a later date needs allow_later."""
    if op.drop:
        ctx.omitted.append(Omission(task=task.id, clause=clause_key(parent_clauses[i]),
                                    reason=op.reason))
        clauses[i] = ""
        return
    later = _later(parent_clauses[i], op.replace)
    if later and not (op.allow_later or edit.allow_later):
        raise ctx.fail(f"任务 {task.id} 的条款替换后时限从 {later[0]} 推后到 {later[1]}；"
                       "如确需推后，请写 allow_later: 理由。", op.line)
    _allowed(ctx, task.id, op.allow_later or edit.allow_later, later)
    clauses[i] = with_ending(op.replace, parent_clauses[i])


def _allowed(ctx: _Context, task_id: str, reason: str, later: tuple[str, str] | None) -> None:
    """Record a deadline set later than the parent's on purpose, with the allow_later reason."""
    if later and reason:
        ctx.allowed_later.append(LaterDeadline(task_id, reason, *later))


def _move_deadlines_in(text: str, edit: TaskEdit) -> str:
    for move in edit.deadlines:
        text = text.replace(move.old, move.new)
    return text


def _phrase_date(phrase: str, parent_deadlines: list[Deadline]):
    known = next((d.date for d in parent_deadlines if d.text == phrase and d.date), None)
    if known:
        return known
    try:
        return read_phrase(phrase).date
    except DateError:
        return None


def _deadlines(task: Task, edit: TaskEdit, text: str, body_changed: bool, ctx: _Context) -> list[Deadline]:
    """The parent's deadlines, moved as asked and re-read where the body changed."""
    known = [m.deadline_text for m in task.measures] + [m.text for m in task.measures]
    out = copy.deepcopy(task.deadlines)
    for move in edit.deadlines:
        hits = [d for d in out if move.old in d.text]
        if not hits and move.old not in task.text and not any(move.old in k for k in known):
            listed = "、".join(d.text for d in task.deadlines) or "（无）"
            raise ctx.fail(f"任务 {task.id} 中没有时限“{move.old}”；上级写的时限有：{listed}。", move.line)
        old, new = _phrase_date(move.old, task.deadlines), read_phrase(move.new, ctx.ov.date).date
        if old and new and new > old and not (move.allow_later or edit.allow_later):
            raise ctx.fail(f"任务 {task.id} 的时限“{move.old}”改为“{move.new}”，晚于上级；"
                           "如确需推后，请写 allow_later: 理由。", move.line)
        if old and new and new > old:
            _allowed(ctx, task.id, move.allow_later or edit.allow_later,
                     (old.isoformat(), new.isoformat()))
        moved = read_phrase(move.new, ctx.ov.date)
        out = [moved if d in hits else d for d in out] if hits else out + [moved]
    if body_changed:
        from ..parse.deadlines import find_deadlines

        kept = [d for d in out if d.text in text or d.text not in task.text]
        seen = {d.text for d in kept}
        kept += [d for d in find_deadlines(text, ctx.ov.date or ctx.parent.date) if d.text not in seen]
        out = sorted(kept, key=lambda d: text.find(d.text) if d.text in text else len(text))
    unique: list[Deadline] = []
    for d in out:
        if d not in unique:
            unique.append(d)
    return unique


def _measures(task: Task, edit: TaskEdit, ctx: _Context) -> list[Measure]:
    ids = [m.id for m in task.measures]
    removed = set()
    for measure_id, line in edit.remove_measures:
        if measure_id not in ids:
            raise ctx.fail(f"任务 {task.id} 没有措施“{measure_id}”；现有措施："
                           f"{'、'.join(ids) or '（无）'}。", line)
        removed.add(measure_id)
    out = []
    for m in task.measures:
        if m.id in removed:
            continue
        new = Measure(id=m.id, label=m.label, text=_move_deadlines_in(ctx.vocab.apply(m.text), edit),
                      units=ctx.vocab.apply_all(m.units),
                      deadline_text=_move_deadlines_in(m.deadline_text, edit),
                      deadlines=copy.deepcopy(m.deadlines))
        for move in edit.deadlines:
            new.deadlines = [read_phrase(move.new, ctx.ov.date) if move.old in d.text else d
                             for d in new.deadlines]
        out.append(new)
    units = edit.units if edit.units is not None else ctx.vocab.apply_all(task.units)
    return out + [_new_measure(n, units, ctx) for n in edit.add_measures]


def _new_measure(new: NewMeasure, units: list[str], ctx: _Context) -> Measure:
    deadlines = [read_phrase(new.deadline, ctx.ov.date)] if new.deadline else []
    return Measure(id="", label="", text=new.text, units=new.units if new.units is not None else units,
                   deadline_text=new.deadline, deadlines=deadlines)


def _new_task(new: NewTask, ctx: _Context) -> Task:
    from ..parse.deadlines import find_deadlines

    units = new.units if new.units is not None else list(ctx.default_units)
    deadlines = find_deadlines(new.text, ctx.ov.date)
    seen = {d.text for d in deadlines}
    deadlines += [read_phrase(p, ctx.ov.date) for p in new.deadlines if p not in seen]
    return Task(id="", number="", title=new.title, text=new.text, units=units,
                units_text=_units_text(units, ctx), deadlines=deadlines,
                measures=[_new_measure(m, units, ctx) for m in new.measures])


def _new_section(new: NewSection, ctx: _Context) -> Section:
    return Section(id="", number="", title=new.title, tasks=[_new_task(t, ctx) for t in new.tasks])


def _units_text(units: list[str], ctx: _Context, implementers: list[str] = ()) -> str:
    """The unit note printed after the body, in the parent's brackets: （责任单位：…；…落实）."""
    if not units and not implementers:
        return ""
    tail = IMPLEMENTERS_TEXT.format(implementers="、".join(implementers)) if implementers else ""
    return UNITS_TEXT.format(open=ctx.bracket, close=_BRACKETS[ctx.bracket], units="、".join(units),
                             implementers=tail)


# -- the plan around the tasks ------------------------------------------------------------------


def _parts(parts: list[Part], replaced: list[Part] | None, vocab: Vocabulary) -> list[Part]:
    if replaced is not None:
        return replaced
    return [Part(title=vocab.apply(p.title), paragraphs=[vocab.apply(x) for x in p.paragraphs])
            for p in parts]


def _plan_shell(parent: Plan, ov: Overrides, ctx: _Context, plan_id: str) -> Plan:
    vocab = ctx.vocab
    issuer = ov.issuer or levels.issuer_for(ov.level, ov.region)
    return Plan(
        id=plan_id, title=ov.title or vocab.apply(parent.title), level=ov.level, region=ov.region,
        issuer=issuer, doc_number=ov.doc_number, date=ov.date, parent=parent.id,
        preamble=ov.preamble if ov.preamble is not None else vocab.apply(parent.preamble),
        general=_parts(parent.general, ov.general, vocab), tasks_heading=vocab.apply(parent.tasks_heading),
        closing=_parts(parent.closing, ov.closing, vocab),
        attachment_title=vocab.apply(parent.attachment_title) if parent.measures() else "",
        disclosure=parent.disclosure, cc=ov.cc, printer=ov.printer or issuer, printed=_fresh(ov.date),
        source=ov.path.name,
    )


def _notice(child: Plan, parent: Plan, vocab: Vocabulary, ov: Overrides) -> Notice:
    """The 印发通知: addressed to the level below, approved by the government, signed by the issuer.

    The level below is named as the vocabulary renames the parent's own level below, so a
    clerk's choice (各镇人民政府 rather than 各乡镇（街道）) carries into the notice.
    """
    lower = levels.forms("lower_gov", child.level, child.region)[:1]
    parent_lower = levels.forms("lower_gov", parent.level, parent.region or None)[:1]
    if parent_lower and vocab.apply(parent_lower[0]) != parent_lower[0]:
        lower = [vocab.apply(parent_lower[0])]
    direct = levels.forms("direct", child.level, child.region)
    addressees = "，".join(lower + [f"{direct[0]}各有关单位" for _ in direct[:1]])
    body = NOTICE_BODY.format(title=child.title, gov=levels.forms("gov", child.level, child.region)[-1],
                              justice=levels.forms("justice", child.level, child.region)[0])
    return Notice(
        title=ov.notice.get("title") or NOTICE_TITLE.format(issuer=child.issuer, title=child.title),
        addressees=ov.notice.get("addressees") or addressees, body=ov.notice.get("body") or body,
        signer=child.issuer, date=_fresh(child.date),
    )


def _fresh(day: _dt.date | None) -> _dt.date | None:
    """An equal but distinct date, so the saved YAML repeats it instead of using an alias."""
    return None if day is None else _dt.date(day.year, day.month, day.day)
