"""Lint a parsed plan: tasks without units or deadlines, parse warnings, ledger/body mismatch.

What counts as present:
- units: a leaf task has units when it, one of its measures, or a task it is nested under names
  责任单位, or a standing rule (以下任务均需…落实) gave it implementers;
- deadline: a leaf task has one when it, one of its measures, or a task it is nested under states
  any deadline phrase (a date, recurring, ongoing, relative, or words kept as `unknown`).

Ledger checks run only for plans whose tasks carry measures (an attachment 任务台账). Text is
compared as Chinese characters only (labels, punctuation, digits and Latin letters dropped), by
how much of one text is found, in runs of at least `MIN_RUN` characters in order, in the other.
The alignment is difflib's longest-block-first matching: an LCS alignment (rapidfuzz Indel) may
pick, among equally long alignments, one that cuts a verbatim sentence into short scattered
pieces (it scored a measure copied word for word from its body at 67%). A body sentence is first
stripped of what a ledger moves to its own columns: deadline phrases and department lists.

Thresholds, measured on the county seed's ledger (64 measures, 19 tasks): a measure is found in
its own task's body at 0.96 or more and in any other task's at 0.70 or less, so `MEASURE_MIN` is
0.8; body sentences that some measure restates score 0.68 or more, the four sentences no measure
restates 0.26 or less, and a sentence against another task's measures at most 0.52, so
`SENTENCE_MIN` is 0.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Measure, Plan, Task
from .parse.clauses import sentence_pieces

MIN_RUN = 3
MEASURE_MIN = 0.8
SENTENCE_MIN = 0.5
QUOTE_CHARS = 30

# What a ledger row moves out of the sentence into its 责任单位 column.
SUBJECT_PATTERNS = (
    re.compile(r"(?:[\u4e00-\u9fff]{1,12}、){2,}[\u4e00-\u9fff]{1,12}等(?:部门|单位)要?"),
    re.compile(r"^[\u4e00-\u9fff]{2,12}(?:牵头|负责)(?:会同|联合|组织)[\u4e00-\u9fff]{2,16}[，,]"),
)
_LABEL = re.compile(r"^\s*[(（]\s*\d+\s*[)）]")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]")


# A deadline is often left to the plan's overall period: its absence is a hint, the rest problems.
SEVERITY = {"no-deadline": "提示"}
CODE_NAMES = {
    "parse-warning": "解析警告",
    "no-units": "未写明责任单位",
    "no-deadline": "未写明完成时限",
    "measure-unmatched": "措施与正文不符",
    "sentence-uncovered": "正文缺少台账措施",
}


@dataclass(frozen=True)
class Finding:
    """One problem found in a plan, with where it is."""

    code: str  # no-units | no-deadline | parse-warning | measure-unmatched | sentence-uncovered
    message: str
    task_id: str | None = None
    task_title: str = ""
    measure_label: str = ""
    line: int | None = None

    @property
    def severity(self) -> str:
        """问题 (to fix) or 提示 (worth a look)."""
        return SEVERITY.get(self.code, "问题")

    def format(self) -> str:
        """One Chinese line: who (task/measure/line) and what is wrong."""
        where = ""
        if self.measure_label:
            where = f"措施 {self.measure_label}（任务 {self.task_id}）"
        elif self.task_id:
            where = f"任务 {self.task_id}（{self.task_title}）"
        line = f"第{self.line}行" if self.line else ""
        tag = "【提示】" if self.severity == "提示" else ""
        if where:
            return f"{tag}{where}：{self.message}" + (f"（{line}）" if line else "")
        return tag + (f"{line}：{self.message}" if line else self.message)


# -- text helpers ------------------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    """Sentences of a body, cut at 。；！？ outside brackets and quotes."""
    return [s.strip() for s in sentence_pieces(text) if _chars(s)]


def _chars(text: str) -> str:
    """The Chinese characters of a text: what the comparison looks at."""
    return _NOT_CJK.sub("", _LABEL.sub("", text))


def coverage(part: str, whole_texts: list[str]) -> float:
    """Share of `part`'s characters found, in runs of MIN_RUN or more, in any of the texts."""
    from difflib import SequenceMatcher

    a = _chars(part)
    if not a:
        return 1.0
    hit: set[int] = set()
    for whole in whole_texts:
        matcher = SequenceMatcher(None, a, _chars(whole), autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= MIN_RUN:
                hit.update(range(block.a, block.a + block.size))
    return len(hit) / len(a)


def _ledger_words_removed(sentence: str) -> str:
    """The sentence without deadline phrases and department lists (a ledger's own columns)."""
    from .parse.deadlines import find_deadlines

    for deadline in find_deadlines(sentence):
        sentence = sentence.replace(deadline.text, "")
    for pattern in SUBJECT_PATTERNS:
        sentence = pattern.sub("", sentence)
    return sentence


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


# -- checks ------------------------------------------------------------------------------------


def _has_units(plan: Plan, task: Task) -> bool:
    chain = [task, *plan.ancestors(task)]
    return any(t.units or t.implementers for t in chain) or any(m.units for m in task.ledger_measures)


def _task_findings(plan: Plan, task: Task) -> list[Finding]:
    found = []
    where = {"task_id": task.id, "task_title": task.title, "line": task.line}
    if not _has_units(plan, task):
        found.append(Finding("no-units", "未写明责任单位", **where))
    if not any(t.has_deadline for t in [task, *plan.ancestors(task)]):
        found.append(Finding("no-deadline", "未写明完成时限", **where))
    return found


def _measure_findings(task: Task, measure: Measure) -> list[Finding]:
    score = coverage(measure.text, [task.full_text])
    if score >= MEASURE_MIN:
        return []
    message = f"在任务正文中找不到对应内容（相符 {score:.0%}）：“{_quote(_LABEL.sub('', measure.text))}”"
    return [Finding("measure-unmatched", message, task_id=task.id, task_title=task.title,
                    measure_label=measure.label, line=measure.line)]


def _sentence_findings(task: Task) -> list[Finding]:
    found = []
    texts = [m.text for m in task.ledger_measures]
    for sentence in split_sentences(task.text):
        score = coverage(_ledger_words_removed(sentence), texts)
        if score < SENTENCE_MIN:
            message = f"正文“{_quote(sentence)}”没有对应的台账措施（相符 {score:.0%}）"
            found.append(Finding("sentence-uncovered", message, task_id=task.id,
                                 task_title=task.title, line=task.line))
    return found


class CheckReport(list):
    """The findings of `check_plan` (a list), with the closing summary line."""

    def summary(self) -> str:
        """The closing line of `cascade check`: totals by severity and by kind."""
        return findings_summary(self)

    def fails(self, fail_on: str) -> bool:
        """True when `--fail-on` (any | problem) asks for exit code 1."""
        return any(fail_on == "any" or f.severity == "问题" for f in self)


def check_plan(plan: Plan) -> CheckReport:
    """Every finding, parse warnings first, then task by task in document order."""
    findings = [Finding("parse-warning", f"解析警告：{w.message}", line=w.line)
                for w in plan.warnings]
    has_ledger = plan.has_ledger()
    for task in plan.tasks():
        if task.children:
            continue
        findings.extend(_task_findings(plan, task))
        if not has_ledger:
            continue
        if not task.ledger_measures:
            findings.append(Finding("sentence-uncovered", "台账中没有这项任务的措施",
                                    task_id=task.id, task_title=task.title, line=task.line))
            continue
        for measure in task.ledger_measures:
            findings.extend(_measure_findings(task, measure))
        findings.extend(_sentence_findings(task))
    return CheckReport(findings)


def findings_summary(findings: list[Finding]) -> str:
    """The closing line of `cascade check`: totals by severity and by kind."""
    if not findings:
        return "未发现问题。"
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    kinds = "，".join(f"{CODE_NAMES.get(code, code)} {n} 项" for code, n in counts.items())
    problems = sum(1 for f in findings if f.severity == "问题")
    return f"共 {len(findings)} 项（问题 {problems} 项，提示 {len(findings) - problems} 项）：{kinds}。"
