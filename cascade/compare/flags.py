"""Weakened obligations and lowered numeric targets between a parent clause and its child.

Both are data tables. A clause is `weakened` when a strong word of a row occurs fewer times in
the child while one of that row's weak words occurs more often (确保 → 力争). A target is
`lowered` when the same kind of quantity (学时, %, 次 per 年 …) becomes smaller where more is
stricter, or larger where less is stricter (N个工作日内).
"""

from __future__ import annotations

import re

from .model import FlagDetail
from .normalise import tidy

# (strong words, weak words): the weak words soften an obligation the strong ones state.
WEAKENING: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("确保",), ("力争", "争取", "努力", "尽量", "力求")),
    (("必须", "应当", "务必"), ("可以", "原则上", "鼓励", "尽可能", "视情")),
    (("一律",), ("原则上", "一般")),
    (("严禁", "不得"), ("原则上不得", "不宜", "尽量不", "避免")),
    (("全面",), ("逐步", "部分", "有序", "稳步", "适度")),
    (("全覆盖", "全部覆盖"), ("基本覆盖", "基本全覆盖", "逐步覆盖", "部分覆盖")),
    (("全部", "所有", "全员"), ("大部分", "部分", "多数", "逐步")),
    (("按时", "及时", "定期"), ("适时", "视情", "择机")),
    (("建立", "建成"), ("探索建立", "逐步建立", "研究建立")),
    (("实现",), ("力争实现", "逐步实现", "基本实现")),
]

CONTEXT = 6  # characters either side of a number that say what it measures
SAME_TARGET = 0.6  # how alike two contexts must be for their numbers to be compared

# Chinese numerals that may write a target (每年两次).
_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
       "七": 7, "八": 8, "九": 9, "十": 10, "百": 100}
# (unit pattern, key, more_is_stricter): quantities compared between parent and child.
QUANTITIES: list[tuple[str, str, bool]] = [
    (r"个?学时", "学时", True),
    (r"个?课时", "课时", True),
    (r"%|％", "%", True),
    (r"个百分点", "个百分点", True),
    (r"次", "次", True),
    (r"场", "场", True),
    (r"个工作日内", "个工作日内", False),
    (r"(?:天|日)内", "天内", False),
    (r"小时内", "小时内", False),
    (r"个月内", "个月内", False),
]
# A frequency written before the number is part of the kind (每年2次 ≠ 每季度2次), even with a
# few words between (每年至少组织开展2次); so is an upper bound (不超过).
# Periods a year of each frequency word, to compare a count at one pace with another (每季度1次
# is stricter than 每半年1次).
PER_YEAR = {"每年": 1, "每半年": 2, "每季度": 4, "每月": 12, "每周": 52}
_FREQUENCY = r"(?:(" + "|".join(PER_YEAR) + r")[^，。；;,、\d]{0,8}?)?"
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


def lowered(parent: str, child: str) -> list[FlagDetail]:
    """Targets the child made smaller or looser, each with both values as written."""
    out: list[FlagDetail] = []
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
                out.append(FlagDetail("lowered", p_text, c_text))
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


def _count(text: str, words: tuple[str, ...], mask: tuple[str, ...] = ()) -> int:
    """Occurrences of `words`, after blanking out `mask` words that contain them."""
    for word in sorted(mask, key=len, reverse=True):
        text = text.replace(word, "\0")
    return sum(text.count(w) for w in words)


def _longer(word: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The other words of a row that contain `word` (基本全覆盖 contains 全覆盖)."""
    return tuple(x for x in words if word in x and x != word)


def weakened(parent: str, child: str) -> list[FlagDetail]:
    """Obligations the child softened, as (strong word, weak word) pairs from WEAKENING."""
    parent, child = tidy(parent), tidy(child)
    out: list[FlagDetail] = []
    for strong, weak in WEAKENING:
        if not any(w in parent for w in strong):
            continue
        fewer = _count(child, strong, weak) < _count(parent, strong, weak)
        gained = [w for w in weak if _count(child, (w,), _longer(w, weak))
                  > _count(parent, (w,), _longer(w, weak))]
        if fewer and gained:
            lost = next(w for w in strong if _count(child, (w,), weak) < _count(parent, (w,), weak))
            out.append(FlagDetail("weakened", lost, gained[0]))
    return out


def clause_flags(parent: str, child: str) -> list[FlagDetail]:
    """Every weakened word and lowered target between a parent clause and its child clause."""
    return weakened(parent, child) + lowered(parent, child)
