"""Numeric targets between a parent phrase and its child: `lowered` when the same kind of quantity
(学时, %, 次 per 年, 个, 项, 天内 …) becomes smaller where more is stricter, larger where less is
stricter (N个工作日内), or the same count is asked at a slower pace (每年2次 → 每两年2次).

Quantities and paces are data tables (QUANTITIES, PER_YEAR).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .normalise import tidy


class Lowered(NamedTuple):
    """One target the child lowered, with both values as written."""

    parent: str  # e.g. 不少于60学时
    child: str  # e.g. 不少于40学时


CONTEXT = 6  # characters either side of a number that say what it measures
SAME_TARGET = 0.6  # how alike two contexts must be for their numbers to be compared

# Chinese numerals that may write a target (每年两次).
_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
       "七": 7, "八": 8, "九": 9, "十": 10, "百": 100}
# (unit pattern, key, more_is_stricter): quantities compared between parent and child.
QUANTITIES: list[tuple[str, str, bool]] = [
    (r"个?学时", "学时", True),
    (r"个?小时(?!内)", "小时", True),
    (r"个?课时", "课时", True),
    (r"%|％", "%", True),
    (r"个百分点", "个百分点", True),
    (r"次", "次", True),
    (r"场", "场", True),
    (r"期", "期", True),
    (r"批", "批", True),
    (r"项", "项", True),
    (r"家", "家", True),
    (r"(?:名|人)(?!民)", "人", True),
    (r"个(?![工月百])", "个", True),
    (r"个工作日内", "个工作日内", False),
    (r"(?:天|日)内", "天内", False),
    (r"小时内", "小时内", False),
    (r"个月内", "个月内", False),
]
# A frequency written before the number is part of the kind (每年2次 ≠ 每季度2次), even with a
# few words between (每年至少组织开展2次); so is an upper bound (不超过).
# Periods a year of each frequency word, to compare a count at one pace with another (每季度1次
# is stricter than 每半年1次).
PER_YEAR = {"每年": 1, "每半年": 2, "每季度": 4, "每季": 4, "每月": 12, "每周": 52, "每两年": 0.5,
            "每2年": 0.5, "每三年": 1 / 3, "每3年": 1 / 3, "每五年": 0.2, "每5年": 0.2,
            "每年度": 1, "每两个月": 6, "每双月": 6, "每旬": 36, "每日": 365, "每天": 365}
_FREQUENCY = r"(?:(" + "|".join(sorted(PER_YEAR, key=len, reverse=True)) + r")[^，。；;,、\d]{0,8}?)?"
_BOUND = r"(不少于|不低于|至少|不超过|达到)?"
_NUMBER = r"(\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百]+)"
_QUANTITY = re.compile(
    _FREQUENCY + _BOUND + r"\s*" + _NUMBER + r"\s*(" + "|".join(p for p, _, _ in QUANTITIES) + ")"
)


def _to_number(text: str) -> float:
    """'60' → 60, '两' → 2, '十二' → 12, '二十' → 20."""
    if text[0].isdigit():
        return float(text)
    total, current = 0, 0
    for ch in text:
        value = _CN[ch]
        if value >= 10:
            total += max(current, 1) * value
            current = 0
        else:
            current = value
    return float(total + current)


def _kind(unit: str) -> tuple[str, bool]:
    """The table row of a matched unit: (key, more_is_stricter)."""
    for pattern, key, more in QUANTITIES:
        if re.fullmatch(pattern, unit):
            return key, more
    raise KeyError(unit)


def quantities(text: str) -> dict[tuple[str, str], list[tuple[float, str, str]]]:
    """Numeric targets in `text` by (frame, unit key): [(value, as written, context)] in order."""
    found: dict[tuple[str, str], list[tuple[float, str, str]]] = {}
    text = tidy(text)
    for m in _QUANTITY.finditer(text):
        frequency, bound, number, unit = m.groups()
        key, _ = _kind(unit)
        frame = (frequency or "") + ("不超过" if bound == "不超过" else "")
        found.setdefault((frame, key), []).append(
            (_to_number(number), m.group(0), _context(text, m.start(), m.end())))
    return found


def _context(text: str, start: int, end: int) -> str:
    """What a number measures: the match without its digits and the words around it, within
    its own ，/；-part (培训覆盖率达到…% is not 考试合格率达到…%)."""
    left = re.split(r"[，。；：、,;]", text[max(0, start - CONTEXT):start])[-1]
    right = re.split(r"[，。；：、,;]", text[end:end + CONTEXT])[0]
    return left + re.sub(_NUMBER, "#", text[start:end]) + right


def _pairs(values: list, mine: list) -> list[tuple]:
    """Each parent value with the child value that measures the same thing: the one whose
    context is most alike, if alike enough; each child value used once."""
    from rapidfuzz import fuzz

    pairs, free = [], list(mine)
    for item in values:
        scored = [(fuzz.ratio(item[2], other[2]) / 100.0, k) for k, other in enumerate(free)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= SAME_TARGET:
            pairs.append((item, free.pop(best[1])))
    return pairs


def lowered(parent: str, child: str) -> list[Lowered]:
    """Targets the child made smaller or looser, each with both values as written."""
    out: list[Lowered] = []
    theirs = quantities(child)
    for (frame, key), values in quantities(parent).items():
        mine = theirs.get((frame, key), [])
        pace = 1.0
        if not mine:
            frame, mine, pace = _other_pace(frame, key, theirs)
        more_is_stricter = next(m for _, k, m in QUANTITIES if k == key)
        for (p_value, p_text, _), (c_value, c_text, _) in _pairs(values, mine):
            c_value *= pace
            looser = c_value < p_value if more_is_stricter else c_value > p_value
            if looser:
                out.append(Lowered(p_text, c_text))
    return out


def _other_pace(frame: str, key: str, theirs) -> tuple[str, list, float]:
    """The child's values of the same quantity at another frequency (每季度 → 每半年), with the
    factor that turns them into the parent's pace; nothing when the child names no other."""
    parent_pace = next((PER_YEAR[f] for f in PER_YEAR if frame.startswith(f)), None)
    if parent_pace is None:
        return frame, [], 1.0
    bound = frame[len(next(f for f in PER_YEAR if frame.startswith(f))):]
    for (other, other_key), values in theirs.items():
        if other_key != key or other == frame:
            continue
        pace = next((f for f in PER_YEAR if other.startswith(f)), None)
        if pace is not None and other[len(pace):] == bound:
            return other, values, PER_YEAR[pace] / parent_pace
    return frame, [], 1.0


_PACE = re.compile("|".join(sorted(map(re.escape, PER_YEAR), key=len, reverse=True)))


def _paces(text: str) -> list[tuple[float, str]]:
    """The frequency words of a text (每年, 每两年 …) with their periods a year, in order."""
    return [(PER_YEAR[m.group(0)], m.group(0)) for m in _PACE.finditer(text)]


def slower(parent: str, child: str) -> list[Lowered]:
    """Frequencies the child made slower (每年 → 每两年) where it lost the parent's pace."""
    mine, theirs = _paces(tidy(parent)), _paces(tidy(child))
    lost = [p for p in mine if p[1] not in [t[1] for t in theirs]]
    gained = [t for t in theirs if t[1] not in [p[1] for p in mine]]
    out = []
    for (p_pace, p_word), (c_pace, c_word) in zip(lost, gained):
        if c_pace < p_pace:
            out.append(Lowered(p_word, c_word))
    return out


def targets_lowered(parent: str, child: str) -> list[Lowered]:
    """Every lowered number and slower pace between a parent phrase and its child phrase."""
    found = lowered(parent, child)
    shown = {x.child for x in found}
    return found + [x for x in slower(parent, child)
                    if not any(x.child in text for text in shown)]
