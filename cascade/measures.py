"""Ledger rows of a plan: its measures (主要措施), split from task bodies when no ledger exists.

A plan parsed with its attachment ledger already carries `Task.measures`. For a plan without one,
each leaf task's body is split into requirement sentences (one measure each, short ones merged),
and a measure takes its units and deadlines from its own words, else from its task.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

from .model import Deadline, Measure, Plan, Section, Task

# A sentence ends at these marks, when they are outside brackets and quotes.
SENTENCE_ENDS = "。；;！？!?"
OPENERS = "（(《“‘「【[〔"
CLOSERS = "）)》”’」】]〕"
# A measure shorter than this (in characters) is merged with its neighbour.
MIN_MEASURE_CHARS = 24
# Words that end the subject of a requirement sentence: `省司法厅要…`, `各地级以上市政府负责…`.
SUBJECT_ENDS = ("要", "应", "负责", "牵头", "会同", "组织", "于", "在", "按照", "加强", "结合")
SUBJECT_MAX_CHARS = 40
# A bracketed group naming units inside a sentence: `（责任单位：…）`, `（…按职责分工负责）`.
UNIT_GROUP_HEADS = ("责任单位", "牵头单位", "配合单位", "责任部门")
UNIT_GROUP_TAILS = ("按职责分工负责", "负责", "落实")


@dataclass
class LedgerEntry:
    """One ledger row: the section, the task chain (top task … leaf) and the measure."""

    section: Section
    tasks: list[Task]
    measure: Measure

    @property
    def task(self) -> Task:
        """The task the measure belongs to."""
        return self.tasks[-1]


def ledger_entries(plan: Plan) -> list[LedgerEntry]:
    """Every ledger row of the plan in source order; tasks without measures get split ones.

    Split measures are labelled (1), (2)… numbered through the plan; the plan is not changed.
    """
    entries: list[LedgerEntry] = []
    for section in plan.sections:
        for top in section.tasks:
            _collect(section, [top], plan, entries)
    for number, entry in enumerate(entries, 1):
        if not entry.measure.label:
            entry.measure = dataclasses.replace(entry.measure, label=f"({number})")
    return entries


def _collect(section: Section, chain: list[Task], plan: Plan, out: list[LedgerEntry]) -> None:
    """Entries of a task (its measures, or split ones for a leaf) and of its nested tasks."""
    task = chain[-1]
    measures = list(task.measures)
    if not measures and not task.children:
        measures = split_measures(task, ref_date=plan.date)
    out.extend(LedgerEntry(section, chain, m) for m in measures)
    for child in task.children:
        _collect(section, [*chain, child], plan, out)


def split_measures(task: Task, *, ref_date: _dt.date | None = None) -> list[Measure]:
    """Split a task's body into measures: one requirement sentence each, short ones merged.

    Labels are left empty (`ledger_entries` numbers them through the plan).
    """
    body = task.text.strip() or task.title.strip()
    pieces = merge_short(split_sentences(body))
    if not pieces:
        pieces = [task.title.strip() or task.number]
    measures = []
    for k, piece in enumerate(pieces, 1):
        text, own_units = _pop_unit_groups(piece)
        if text.endswith(("；", ";")):
            text = text[:-1] + "。"
        units = own_units or _subject_units(text, task) or _task_units(task)
        deadlines = _find_deadlines(text, ref_date)
        if deadlines:
            deadline_text = "；".join(d.text for d in deadlines)
        else:
            deadlines = list(task.deadlines)
            deadline_text = "；".join(d.text for d in task.deadlines)
        measures.append(
            Measure(
                id=f"{task.id}.m{k}",
                label="",
                text=text,
                units=units,
                deadline_text=deadline_text,
                deadlines=deadlines,
                line=task.line,
            )
        )
    return measures


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences at 。；！？ outside brackets and quotes.

    When the brackets do not balance (extraction noise), every mark splits.
    """
    sentences = _split_at_marks(text, nested=True)
    if sentences is None:
        sentences = _split_at_marks(text, nested=False)
    return [s.strip() for s in sentences if s.strip(" \u3000\n\t" + SENTENCE_ENDS)]


def _split_at_marks(text: str, *, nested: bool) -> list[str] | None:
    """Pieces ending at sentence marks (outside brackets when `nested`); None if unbalanced."""
    sentences: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if nested and ch in OPENERS:
            depth += 1
        elif nested and ch in CLOSERS:
            depth -= 1
            if depth < 0:
                return None
        elif ch in SENTENCE_ENDS and depth == 0:
            sentences.append(text[start : i + 1])
            start = i + 1
    sentences.append(text[start:])
    return sentences if depth == 0 else None


def merge_short(sentences: list[str], min_chars: int = MIN_MEASURE_CHARS) -> list[str]:
    """Merge sentences shorter than `min_chars`, and ones ending with a colon, into a neighbour."""
    merged: list[str] = []
    carry = ""  # a lead-in (ends with ：) or a short first sentence, waiting for the next one
    for sentence in sentences:
        sentence = carry + sentence
        carry = ""
        if sentence.endswith(("：", ":")):
            carry = sentence
        elif len(sentence) < min_chars and merged:
            merged[-1] += sentence
        elif len(sentence) < min_chars:
            carry = sentence
        else:
            merged.append(sentence)
    if carry:
        if merged and not carry.endswith(("：", ":")):
            merged[-1] += carry
        else:
            merged.append(carry)
    return merged


def _task_units(task: Task) -> list[str]:
    """The task's 责任单位 followed by its implementers, without repeats."""
    return list(dict.fromkeys([*task.units, *task.implementers]))


def _subject_units(sentence: str, task: Task) -> list[str]:
    """Units of the task named as the sentence's subject (`省司法厅要…`), in sentence order."""
    cut = len(sentence)
    for word in SUBJECT_ENDS:
        pos = sentence.find(word)
        if 0 < pos < cut:
            cut = pos
    if cut > SUBJECT_MAX_CHARS:
        return []
    subject = sentence[:cut]
    found = [(subject.find(u), u) for u in _task_units(task) if u and u in subject]
    return [u for _, u in sorted(found)]


def _pop_unit_groups(sentence: str) -> tuple[str, list[str]]:
    """Remove bracketed unit groups (`（责任单位：…）`) from a sentence; return text and units."""
    units: list[str] = []
    out = []
    depth = 0
    group_start = None
    last = 0
    for i, ch in enumerate(sentence):
        if ch in OPENERS:
            if depth == 0:
                group_start = i
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
            if depth == 0 and group_start is not None:
                inner = sentence[group_start + 1 : i]
                found = _units_in_group(inner)
                if found:
                    out.append(sentence[last:group_start])
                    last = i + 1
                    units.extend(found)
    out.append(sentence[last:])
    return "".join(out).strip(), list(dict.fromkeys(units))


def _units_in_group(inner: str) -> list[str]:
    """The units a bracket group names, or [] when it is not a unit group."""
    text = inner.strip()
    head = next((h for h in UNIT_GROUP_HEADS if text.startswith(h)), None)
    if head:
        text = text[len(head) :].lstrip("：: ")
    else:
        tail = next((t for t in UNIT_GROUP_TAILS if text.endswith(t)), None)
        if tail is None:
            return []
        text = text[: -len(tail)]
    text = text.split("。")[0]
    return _split_units(text)


def _split_units(text: str) -> list[str]:
    """A unit list as written → unit names (the parser's splitter)."""
    from .parse.units import split_units

    return split_units(text)


def _find_deadlines(text: str, ref_date: _dt.date | None) -> list[Deadline]:
    """Deadline phrases in a measure's own words (the parser's finder)."""
    from .parse.deadlines import find_deadlines

    return list(find_deadlines(text, ref_date))


def earliest_due(deadlines: list[Deadline]) -> _dt.date | None:
    """The earliest `by` date among deadlines (the ledger's 截止日期), or None."""
    dates = [d.date for d in deadlines if d.kind == "by" and d.date is not None]
    return min(dates) if dates else None


def measure_deadlines(entry: LedgerEntry) -> list[Deadline]:
    """The deadlines a ledger row shows: the measure's own, else its task's."""
    m = entry.measure
    if m.deadlines or m.deadline_text:
        return list(m.deadlines)
    return list(entry.task.deadlines)


def measure_units(entry: LedgerEntry) -> list[str]:
    """The units a ledger row shows: the measure's own, else its task's and implementers."""
    return list(entry.measure.units) or _task_units(entry.task)
