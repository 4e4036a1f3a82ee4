"""Parse step: measures (主要措施) split from task bodies for a plan without an attachment ledger.

A plan parsed with its attachment ledger already carries `Task.measures`. For a plan without one,
each leaf task's body is split into requirement sentences (one measure each, short ones merged),
stored in the plan and marked `split`; a measure takes its units and deadlines from its own words,
else from its task. Derive re-splits after it changes a task's words.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt

from ..measures import task_units
from ..model import Measure, Plan, Task
from .clauses import CLOSE, ENDINGS, OPEN, split_outside
from .deadlines import find_deadlines
from .units import NOTE_WORDS, split_units

# A sentence ends at these marks (the clause splitter's), when outside brackets and quotes.
SENTENCE_ENDS = ENDINGS
# A measure shorter than this (in characters) is merged with its neighbour.
MIN_MEASURE_CHARS = 24
# Words that end the subject of a requirement sentence: `省司法厅要…`, `各地级以上市政府负责…`.
SUBJECT_ENDS = ("要", "应", "负责", "牵头", "会同", "组织", "于", "在", "按照", "加强", "结合")
SUBJECT_MAX_CHARS = 40
# A bracketed group naming units inside a sentence: `（责任单位：…）`, `（…按职责分工负责）`.
# The unit step's note words: the labels (责任单位…) head a group, the duty words end one.
UNIT_GROUP_HEADS = tuple(w for w in NOTE_WORDS if w.endswith(("单位", "部门")))
UNIT_GROUP_TAILS = ("按职责分工负责", *(w for w in NOTE_WORDS if w in ("负责", "落实")))


def fill_measures(plan: Plan) -> Plan:
    """Give every leaf task without measures its split ones (also beside an attachment ledger).

    Idempotent: tasks that already hold measures are left as they are.
    """
    for task in plan.leaf_tasks():
        if not task.measures:
            task.measures = split_measures(task, ref_date=plan.date)
    return plan


def without_split_measures(plan: Plan) -> Plan:
    """A copy of the plan holding only its ledger's measures (what derive starts from)."""
    import copy

    plan = copy.deepcopy(plan)
    for task in plan.tasks():
        task.measures = task.ledger_measures
    return plan


def split_step(state) -> None:
    """The parse step: fill split measures once the outline, units and deadlines are read."""
    fill_measures(state.plan)


def split_measures(task: Task, *, ref_date: _dt.date | None = None) -> list[Measure]:
    """Split a task's body into measures: one requirement sentence each, short ones merged.

    Labels are left empty (`ledger_entries` numbers them by row).
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
        units = own_units or _subject_units(text, task) or task_units(task)
        deadlines = list(find_deadlines(text, ref_date))
        if deadlines:
            deadline_text = "；".join(d.text for d in deadlines)
        else:
            deadlines = [dataclasses.replace(d) for d in task.deadlines]  # own objects
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
                split=True,
            )
        )
    return measures


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences at 。；！？ outside brackets and quotes.

    When the brackets do not balance (extraction noise), every mark splits.
    """
    if _balanced(text):
        sentences = split_outside(text, SENTENCE_ENDS)
    else:
        sentences = split_outside(text, SENTENCE_ENDS, opens="", closes="")
    return [s.strip() for s in sentences if s.strip(" \u3000\n\t" + SENTENCE_ENDS)]


def _balanced(text: str) -> bool:
    """True when every bracket and quote that opens closes, and none closes unopened."""
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


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
    found = [(subject.find(u), u) for u in task_units(task) if u and u in subject]
    return [u for _, u in sorted(found)]


def _pop_unit_groups(sentence: str) -> tuple[str, list[str]]:
    """Remove bracketed unit groups (`（责任单位：…）`) from a sentence; return text and units."""
    units: list[str] = []
    out = []
    depth = 0
    group_start = None
    last = 0
    for i, ch in enumerate(sentence):
        if ch in OPEN:
            if depth == 0:
                group_start = i
            depth += 1
        elif ch in CLOSE and depth:
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
    return split_units(text)


