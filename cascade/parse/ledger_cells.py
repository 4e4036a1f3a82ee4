"""Ledger table cells: header words, measure labels, and what a cell's content looks like."""

from __future__ import annotations

import re

from ..ledger_layout import COLUMN_ROLES, HEADER_ALIASES, column_of
from .textnorm import squeeze, strip_markup
from .units import UNIT_PREFIXES, UNIT_SUFFIXES

# Column roles and the header words that name them: the ledger layout's one table.
HEADER_WORDS: dict[str, tuple[str, ...]] = {}
for _column, _role in COLUMN_ROLES.items():
    HEADER_WORDS[_role] = HEADER_WORDS.get(_role, ()) + HEADER_ALIASES[_column]

# Roles whose columns all hold units: the 责任单位 cell of a measure joins them in this order.
UNIT_ROLES = ("lead", "support", "units")

# A measure cell starts with its printed label: (17) （17） ⑰.
_MEASURE_LABEL = re.compile(r"^\s*(?:[（(]\s*(\d{1,3})\s*[）)]|([\u2460-\u2473]))\s*[、．.]?\s*")

# Words that only a 完成时限 cell holds (a time, a period, or a standing commitment).
_DEADLINE_WORDS = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|[底末]前|以前|之前|长期|持续推进|常态化|每年|每季度?|每月|每半年"
    r"|年底|年内|季度|上半年|下半年|立即|即时|按期|按时"
)
_SENTENCE_END = "。；！？"
_PAGE_NUMBER = re.compile(r"^[—\-－–_\s]*\d{1,3}[—\-－–_\s]*$")
_SEPARATORS = re.compile(r"[、，,；;]")


def clean_cell(text: str) -> str:
    """A cell's text as the document means it: no tags or wrap spaces, Chinese punctuation."""
    text = squeeze(strip_markup(text or ""))
    # A mark turned full-width (`)` → `）`) can make its neighbours Chinese context in turn
    # (`）, 2024` → `），2024`), so repeat until nothing changes.
    for _ in range(4):
        again = squeeze(text)
        if again == text:
            break
        text = again
    return text


def split_label(cell: str) -> tuple[str, int, str] | None:
    """(label as printed, its number, the rest) when the cell starts with a measure label."""
    text = strip_markup(cell).strip()
    m = _MEASURE_LABEL.match(text)
    if not m:
        return None
    if m.group(1):
        number = int(m.group(1))
        label = re.sub(r"\s+", "", m.group(0)).rstrip("、．.")
    else:
        number = ord(m.group(2)) - 0x2460 + 1
        label = m.group(2)
    return label, number, text[m.end():]


def is_page_number(cells: list[str]) -> bool:
    """True for a line that only holds a page number (`— 12 —`) printed between table rows."""
    return bool(_PAGE_NUMBER.match("".join(cells))) and any(c.strip() for c in cells)


def header_role(cell: str) -> str | None:
    """The column role a header cell names, or None when it is no header word."""
    column = column_of(re.sub(r"\s+", "", strip_markup(cell)))
    return COLUMN_ROLES.get(column) if column else None


def is_header(cells: list[str]) -> bool:
    """True when a row names at least two column roles, one of them the measures (or, in a table
    of tasks without a measure column, the tasks)."""
    roles = {header_role(c) for c in cells} - {None}
    return bool(roles & {"measure", "task"}) and len(roles) >= 2


def looks_like_deadline(text: str) -> bool:
    """True for a short phrase of time (a 完成时限 cell or a piece of one)."""
    text = clean_cell(text)
    return bool(text) and len(text) <= 80 and "。" not in text and bool(_DEADLINE_WORDS.search(text))


def is_unit_name(name: str) -> bool:
    """True when `name` reads as a whole unit (ends like one and is more than that ending)."""
    core = re.sub(r"[（(][^（）()]*[）)]$", "", name)  # 各镇（街） → 各镇
    if len(core) < 2 or name in UNIT_SUFFIXES:
        return False
    return len(name) >= 3 and core.endswith(UNIT_SUFFIXES)


def looks_like_units(text: str) -> bool:
    """True when every name in the text (split on 、，；) reads as a whole unit."""
    names = [n for n in _SEPARATORS.split(clean_cell(text)) if n]
    return bool(names) and all(is_unit_name(n) for n in names)


def ends_sentence(text: str) -> bool:
    """True when a measure's text ends a sentence (so a following fragment is no continuation)."""
    text = clean_cell(text).rstrip("”’）)」")
    return bool(text) and text[-1] in _SENTENCE_END


def separate_units(text: str) -> str:
    """Turn the spaces of a space-separated unit list into 、, leaving wrap spaces to `clean_cell`.

    Only a cell with no other separator can be a space-separated list; its spaces separate units
    when every piece between them then reads as a whole unit name starting like one (市…, 各…).
    Among such readings the one with the most units wins; a cell that cannot be read that way
    was wrapped, and its spaces are wraps.
    """
    text = strip_markup(text or "").strip()
    if _SEPARATORS.search(text):
        return text
    pieces = text.split()
    if len(pieces) < 2:
        return text
    best = _segment(pieces)
    return "、".join(best) if best else text


def _segment(pieces: list[str]) -> list[str] | None:
    """The split of `pieces` into the most whole unit names, joining neighbours where needed."""
    n = len(pieces)
    # best[i]: the best segmentation of pieces[i:], or None when there is none.
    best: list[list[str] | None] = [None] * n + [[]]
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            name = "".join(pieces[i:j])
            rest = best[j]
            if rest is None or not is_unit_name(name):
                continue
            if (rest or i) and not name.startswith(UNIT_PREFIXES):
                continue
            candidate = [name, *rest]
            if best[i] is None or len(candidate) > len(best[i]):
                best[i] = candidate
    return best[0]
