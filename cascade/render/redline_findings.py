"""The review document's comments: one Note per diff finding, placed on a clause, task or extra task.

Built on a generic per-clause findings list: a clause that carries typed `findings` (the
diff@2 model: `type`, `parent`, `child`, `message`) gives one Note each; an older clause without
them is read from its status, flags and the task's deadline issues. Whole-task findings (units
left blank) and extra child tasks give one Note each too. `moved` Notes are added by the layout
(a kept clause shown out of its parent's order) and name where the clause went.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compare.model import LABELS as DIFF_LABELS
from ..compare.normalise import tidy

# Finding types in the order of the cover's summary table, with their Chinese names; the diff's
# own names (compare.model.LABELS) win where it has one, so every report says the same words.
_OWN_LABELS = {
    "clause_missing": "缺失条款",
    "phrase_dropped": "删去表述",
    "scope_narrowed": "范围缩小",
    "duty_weakened": "表述弱化",
    "duty_reversed": "要求反转",
    "target_lowered": "指标降低",
    "deadline_later": "时限推后",
    "deadline_dropped": "时限删除",
    "units_changed": "责任单位改变",
    "units_missing": "未列责任单位",
    "omitted": "有意删减",
    "extra_task": "新增任务",
    "modified": "表述改写",
    "moved": "条款移位",
}
TYPE_LABELS = {kind: DIFF_LABELS.get(kind, own) for kind, own in _OWN_LABELS.items()}
# diff@1 clause flags and deadline issues → finding types.
_FLAG_TYPES = {"weakened": "duty_weakened", "lowered": "target_lowered"}
_DEADLINE_TYPES = {"later": "deadline_later", "dropped": "deadline_dropped"}
QUOTE_MAX = 60  # characters of a quoted clause in a comment


@dataclass
class Note:
    """One comment: its finding type, its Chinese text, and what it is anchored on.

    `parent_task` + `clause` (index in that task's clauses) anchor on a parent clause; with
    `clause` None on the task as a whole (its units, its head); `child_task` alone anchors on
    an extra child task; `part` with `quote` on the paragraph of that part holding the quote.
    """

    type: str
    text: str
    parent_task: str | None = None
    clause: int | None = None
    child_task: str | None = None
    part: str | None = None  # general | closing: a clause of 总体要求 or 组织实施 …
    quote: str = ""  # … anchored on the parent paragraph holding these words

    @property
    def label(self) -> str:
        """The finding type in Chinese."""
        return TYPE_LABELS.get(self.type, self.type)


def quote(text: str | None) -> str:
    """`text` in Chinese quotes, cut to QUOTE_MAX characters."""
    text = tidy(text or "")
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1] + "…"
    return f"“{text}”"


def diff_notes(diff) -> list[Note]:
    """Every finding of `diff` as a Note, task by task in the parent's order, then extra tasks."""
    notes: list[Note] = []
    for task in diff.tasks:
        placed = _deadlines_by_clause(task) if getattr(task, "deadlines", None) else {}
        for k, clause in enumerate(task.clauses):
            for kind, text in clause_findings(clause, placed.get(k, [])):
                notes.append(Note(kind, text, task.parent_task, k))
        # diff@2 reports units left blank as a units_changed finding on a clause already.
        typed = any(getattr(c, "findings", None) is not None for c in task.clauses)
        if task.units.missing and not typed:
            text = (f"{TYPE_LABELS['units_missing']}：上级列明{quote('、'.join(task.units.parent))}，"
                    "本级未列责任单位。")
            notes.append(Note("units_missing", text, task.parent_task))
    for part in getattr(diff, "parts", None) or []:
        for clause in part.clauses:
            for kind, text in clause_findings(clause):
                notes.append(Note(kind, text, part=part.part, quote=clause.parent_clause))
    for extra in diff.extra_tasks:
        text = f"{TYPE_LABELS['extra_task']}：本级新增{quote(extra.title)}，上级方案没有对应的任务。"
        notes.append(Note("extra_task", text, child_task=extra.child_task))
    return notes


def clause_findings(clause, deadlines=()) -> list[tuple[str, str]]:
    """(type, comment text) for each finding of one clause: a missing or omitted clause itself,
    then its typed findings (diff@2), or, from an older diff, its flags and deadline issues."""
    typed = getattr(clause, "findings", None)
    if typed is not None and not isinstance(typed, bool):
        whole = _status_finding(clause)
        return (whole or []) + [(f.type, _typed_text(f)) for f in typed]
    whole = _status_finding(clause)
    if whole:
        return whole
    out = []
    for detail in getattr(clause, "flag_details", []):
        kind = _FLAG_TYPES.get(detail.flag, detail.flag)
        out.append((kind, f"{TYPE_LABELS.get(kind, kind)}：上级“{detail.parent}”，本级“{detail.child}”。"))
    for issue in deadlines:
        kind = _DEADLINE_TYPES[issue.issue]
        child = issue.child or "未写时限"
        text = f"{TYPE_LABELS[kind]}：上级 {issue.parent}，本级 {child}"
        out.append((kind, text + (f"；本级写明的理由：{_sentence(issue.reason)}" if issue.reason
                                  else "。")))
    if clause.status == "modified" and not out:
        out.append(("modified", f"{TYPE_LABELS['modified']}：上级{quote(clause.parent_clause)}，"
                                f"本级{quote(clause.child_clause)}。"))
    return out


def _status_finding(clause) -> list[tuple[str, str]] | None:
    """A clause the child left out: missing (silently) or omitted (with a reason)."""
    if clause.status == "missing":
        return [("clause_missing", f"{TYPE_LABELS['clause_missing']}：上级{quote(clause.parent_clause)}，"
                                   "本级方案没有对应的表述。")]
    if clause.status == "omitted":
        return [("omitted", f"{TYPE_LABELS['omitted']}：上级{quote(clause.parent_clause)}，"
                            f"本级有意删去，理由：{_sentence(clause.reason)}")]
    return None


def _sentence(reason: str | None) -> str:
    """A recorded reason ending with one full stop."""
    reason = (reason or "未写明").strip().rstrip("。.")
    return reason + "。"


def _typed_text(finding) -> str:
    """A typed finding's comment: its type in Chinese, its message, both plans' words."""
    label = TYPE_LABELS.get(finding.type, finding.type)
    message = (getattr(finding, "message", "") or "").strip()
    words = f"上级“{finding.parent or ''}”，本级“{finding.child or '（无）'}”"
    text = f"{label}：{message.rstrip('。')}（{words}）。" if message else f"{label}：{words}。"
    reason = getattr(finding, "reason", None)
    return text + (f"本级写明的理由：{_sentence(reason)}" if reason else "")


def _deadlines_by_clause(task) -> dict[int, list]:
    """The task's deadline issues keyed by the index of the parent clause they belong to."""
    keys = [tidy(c.parent_clause) for c in task.clauses]
    out: dict[int, list] = {}
    for issue in task.deadlines:
        wanted = tidy(issue.clause)
        k = next((i for i, key in enumerate(keys) if key == wanted), None)
        if k is None:
            k = next((i for i, key in enumerate(keys) if issue.parent in key), 0)
        out.setdefault(k, []).append(issue)
    return out
