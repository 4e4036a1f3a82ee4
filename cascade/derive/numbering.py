"""Give a derived plan's sections, tasks and measures their ids and printed labels again.

Labels keep the parent's style (（一）, ⒋, 4., （1）, (17)); only the number changes. Tasks are
numbered through the whole plan when the parent did so, else afresh in each section.
"""

from __future__ import annotations

import re

from ..model import Plan, Section, Task

_DIGITS = re.compile(r"[0-9]+|[０-９]+")
_CN_RUN = re.compile(r"[一二三四五六七八九十〇零百]+")
_CN = "零一二三四五六七八九"
# Enclosed number characters: (first code point for 1, how many exist).
_ENCLOSED = ((0x2488, 20), (0x2460, 20), (0x2474, 20), (0x2776, 10))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + _CN[rest] if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return _CN[hundreds] + "百" + tail


def _enclosed(ch: str) -> tuple[int, int] | None:
    for first, count in _ENCLOSED:
        if first <= ord(ch) < first + count:
            return first, count
    return None


def label_number(label: str) -> int | None:
    """The number a printed label shows (⒋ → 4, （十二） → 12, (17) → 17), or None."""
    m = _DIGITS.search(label)
    if m:
        return int(m.group(0).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    for ch in label:
        found = _enclosed(ch)
        if found:
            return ord(ch) - found[0] + 1
    m = _CN_RUN.search(label)
    if m:
        text = m.group(0)
        return next((n for n in range(1, 1000) if chinese_number(n) == text), None)
    return None


def relabel(label: str, n: int) -> str:
    """`label` showing `n` instead of its number, in the same style."""
    m = _DIGITS.search(label)
    if m:
        digits = str(n)
        if m.group(0)[0] in "０１２３４５６７８９":
            digits = digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return label[: m.start()] + digits + label[m.end():]
    for i, ch in enumerate(label):
        found = _enclosed(ch)
        if found:
            first, count = found
            new = chr(first + n - 1) if n <= count else f"{n}."
            return label[:i] + new + label[i + 1:]
    m = _CN_RUN.search(label)
    if m:
        return label[: m.start()] + chinese_number(n) + label[m.end():]
    return f"{n}."


def numbered_through(plan: Plan) -> bool:
    """True when the plan numbers tasks through all sections (（二） starts at 4., not 1.)."""
    for section in plan.sections[1:]:
        if section.tasks:
            first = label_number(section.tasks[0].number) or 1
            if first > 1:
                return True
    return False


def _style(labels: list[str], fallback: str) -> str:
    return next((label for label in labels if label), fallback)


def renumber(plan: Plan, *, through: bool, section_style: str, task_style: str) -> None:
    """Assign ids and labels to every section, task and measure, in document order."""
    n = 0
    measure_through = _measures_through(plan)
    m_count = 0
    for si, section in enumerate(plan.sections, 1):
        section.id = str(si)
        section.number = relabel(section.number or section_style, si)
        if not through:
            n = 0
        for task in section.tasks:
            n += 1
            task.number = relabel(task.number or task_style, n)
            task.id = f"{section.id}.{n}"
            m_count = _renumber_inside(task, m_count if measure_through else 0, measure_through)


def _renumber_inside(task: Task, m_count: int, through: bool) -> int:
    style = _style([c.number for c in task.children], "（1）")
    for k, child in enumerate(task.children, 1):
        child.number = relabel(child.number or style, k)
        child.id = f"{task.id}.{k}"
        m_count = _renumber_inside(child, m_count, through)
    m_style = _style([m.label for m in task.measures], "(1)")
    for k, measure in enumerate(task.measures, 1):
        m_count += 1
        measure.id = f"{task.id}.m{k}"
        measure.label = relabel(measure.label or m_style, m_count if through else k)
    return m_count


def _measures_through(plan: Plan) -> bool:
    """True when measure labels run through the plan rather than restart in each task."""
    firsts = [label_number(t.measures[0].label) for t in plan.tasks() if t.measures]
    return any(n and n > 1 for n in firsts[1:])


def section_template(sections: list[Section]) -> str:
    """A label to copy the style of for new sections."""
    return next((s.number for s in sections if s.number), "（一）")
