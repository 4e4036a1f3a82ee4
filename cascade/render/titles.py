"""Title line breaking per GB/T 9704-2012 7.3.1: whole words, balanced lines, trapezoid or diamond.

`break_title` is pure: it splits a title into lines no wider than the text area allows,
breaking at the places a clerk would choose (after 关于/印发, before a year note, before
的通知 …) and never inside a number with its 年, a bracketed note or a 《》 title when a legal
alternative exists. The preferred places and their weights are data (PREFERRED).
"""

from __future__ import annotations

import math
import re

from ..chinese import is_wide

# Where a break is welcome: (pattern, bonus). The empty group `()` marks the break position.
PREFERRED: list[tuple[str, int]] = [
    (r"关于()", 20),
    (r"(?:印发|转发|批转|发布|公布|下达)()", 25),
    (r"()的(?:通知|意见|决定|函|报告|批复|通报|请示|公告)$", 20),
    (r"()[（(][^（）()]*\d{4}[^（）()]*[）)]", 30),  # a year note: （2023—2025年）
    (r"()《", 15),
    (r"》()", 15),
    (r"()(?:实施|工作|行动|专项|推进)(?:方案|计划|意见|细则|要点|办法)", 8),
    (r"(?:人民政府|办公室|办公厅|委员会|领导小组)()", 5),
    (r"[，、；：]()", 10),
    (r"[和与及]()", 2),
]
# Spans a break must not cut: a number with its range and unit (2023—2025年, 14号).
NUMBER_SPAN = re.compile(r"\d[\d.]*(?:\s*[—–\-~～至]\s*\d[\d.]*)*\s*[年月日号个项条%]?")
OPENING = "（(《〈「『【〔[“‘"
CLOSING = "）)》〉」』】〕]”’"
# A line may not start with these (closing marks and pauses) nor end with an opening mark.
NO_LINE_START = CLOSING + "，。、；：！？…·"
# Costs: a break between two characters of a run (it may split a word), an extra line, balance.
PLAIN_BREAK = 40
EXTRA_LINE = 30
BALANCE_WEIGHT = 2
SHORT_LAST_LINE = (4, 10)  # a last line narrower than 4 characters costs 10


def char_width(ch: str) -> float:
    """Width in title characters: wide, full-width and ambiguous (— “ ”) 1, others 0.5."""
    return 1.0 if is_wide(ch) else 0.5


def title_width(text: str) -> float:
    """Width of `text` in title characters."""
    return sum(char_width(c) for c in text)


def protected_positions(text: str) -> set[int]:
    """Break positions (index of the next line's first character) that would cut a unit."""
    bad: set[int] = set()
    depth = 0
    for i, ch in enumerate(text):
        if i and depth > 0:
            bad.add(i)
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
    for m in NUMBER_SPAN.finditer(text):
        bad.update(range(m.start() + 1, m.end()))
    for i in range(1, len(text)):
        if text[i] in NO_LINE_START or text[i - 1] in OPENING:
            bad.add(i)
    return bad


def break_costs(text: str) -> list[float]:
    """Cost of breaking before text[i] for every i (index 0 unused); preferred places are cheap."""
    costs = [float(PLAIN_BREAK)] * (len(text) + 1)
    for pattern, bonus in PREFERRED:
        for m in re.finditer(pattern, text):
            pos = m.start(1)
            if 0 < pos < len(text):
                costs[pos] = min(costs[pos], float(-bonus))
    return costs


MAX_BREAK_CHARS = 600


def break_title(text: str, max_chars: float) -> list[str]:
    """Split `text` into centred-title lines each at most `max_chars` wide (GB/T 9704 7.3.1).

    The joined lines give back `text` exactly. Lines break at preferred places, balanced in
    length; a number with its 年, a bracketed note or a 《》 title is cut only when no split
    that keeps it whole exists.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least one character")
    text = text or ""
    if title_width(text) <= max_chars:
        return [text] if text else []
    if len(text) > MAX_BREAK_CHARS:  # the search is quadratic; a title this long is no title
        return [text]
    costs = break_costs(text)
    bad = protected_positions(text)
    legal = _min_lines(text, max_chars, bad)
    forbidden, fewest = (bad, legal) if legal else (set(), _min_lines(text, max_chars, set()))
    penalty = {i: (1000.0 if i in bad else 0.0) for i in range(len(text) + 1)}
    best: tuple[float, list[int]] | None = None
    for count in (fewest, fewest + 1):
        found = _best_split(text, max_chars, count, costs, penalty, forbidden)
        if found and (best is None or found[0] < best[0]):
            best = found
    assert best is not None  # `fewest` lines are always reachable
    cuts = [0, *best[1], len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _min_lines(text: str, max_chars: float, forbidden: set[int]) -> int:
    """Fewest lines packing greedily at allowed positions, or 0 when some piece cannot fit."""
    lines, start, last_ok, width = 1, 0, None, 0.0
    i = 0
    while i < len(text):
        if i > start and i not in forbidden:
            last_ok = i
        width += char_width(text[i])
        if width > max_chars:
            if last_ok is None or last_ok <= start:
                return 0
            lines, start, last_ok = lines + 1, last_ok, None
            width, i = 0.0, start
            continue
        i += 1
    return lines


def _best_split(
    text: str,
    max_chars: float,
    count: int,
    costs: list[float],
    penalty: dict[int, float],
    forbidden: set[int],
) -> tuple[float, list[int]] | None:
    """Cheapest split into exactly `count` lines (dynamic programming over break positions)."""
    n = len(text)
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + char_width(ch))
    target = prefix[-1] / count
    inf = math.inf
    # best[k][i]: cost of the first i characters as k lines ending with a break before i.
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[-1] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for i in range(1, n + 1):
            if i < n and (i in forbidden):
                continue
            for j in range(i - 1, -1, -1):
                width = prefix[i] - prefix[j]
                if width > max_chars:
                    break
                if best[k - 1][j] == inf:
                    continue
                cost = best[k - 1][j] + BALANCE_WEIGHT * abs(width - target)
                if i < n:
                    cost += costs[i] + penalty[i]
                elif width < SHORT_LAST_LINE[0] and count > 1:
                    cost += SHORT_LAST_LINE[1]
                if cost < best[k][i]:
                    best[k][i], back[k][i] = cost, j
    if best[count][n] == inf:
        return None
    cuts, i = [], n
    for k in range(count, 0, -1):
        i = back[k][i]
        cuts.append(i)
    cuts = sorted(cuts)[1:]
    return best[count][n] + EXTRA_LINE * count, cuts
