"""Plan and notice titles: the short lines a title was broken into, and where the title starts.

A title carries no full stop and may be broken over several lines; a （2024—2026年） line
belongs to it, a （2024年3月12日…印发） line under it does not. Lines that only label what
follows (目录, 全文) are never part of it.
"""

from __future__ import annotations

import re

from ..chinese import display_width
from .catalogue import KEY as CATALOGUE
from .markers import match_marker
from .state import Para

TITLE_WORDS = ("方案", "计划", "规划", "意见", "办法", "措施", "要点", "清单", "安排", "细则")
TERMINAL = "。！？；：:"


# `（2024年3月12日某市人民政府办公室印发）` under a title (a gazette or web copy): who and when.
ISSUED = re.compile(
    r"^[（(]\s*(?P<date>[\d〇零一二三四五六七八九]{4}\s*年[\d一二三四五六七八九十]{1,3}\s*月"
    r"[\d一二三四五六七八九十]{1,3}\s*日)\s*(?P<who>[^（）()]*?)\s*(?:印发|发布|公布)\s*[）)]$"
)


def is_title_piece(text: str) -> bool:
    """True for a line that can be (part of) a title: short, unpunctuated, unnumbered."""
    return (display_width(text) <= 60 and text[-1:] not in TERMINAL and match_marker(text) is None
            and not CATALOGUE.match(text) and not ISSUED.match(text))


YEARS_NOTE = re.compile(r"^[（(][^（）()]{2,24}[）)]$")
YEARS_THEN_TITLE = re.compile(
    rf"^[（(][^（）()]{{2,24}}[）)][\u4e00-\u9fff]{{0,10}}(?:{'|'.join(TITLE_WORDS)})$"
)


def merge_title(paras: list[Para], i: int, ends: tuple[str, ...]) -> tuple[str, int]:
    """Merge the short lines a title was broken into, starting at paras[i]; return (title, next)."""
    title, j = paras[i].text, i + 1
    while j < len(paras) and is_title_piece(paras[j].text) and not title.endswith(ends):
        title += paras[j].text
        j += 1
    if j < len(paras) and display_width(title) <= 60 and not ISSUED.match(paras[j].text) and (
        YEARS_NOTE.match(paras[j].text) or YEARS_THEN_TITLE.match(paras[j].text)
    ):
        title += paras[j].text  # （2024—2026年） or （2024—2026年）实施方案 on a line of its own
        j += 1
    return title, j


# Lines that only label what follows (目录, 全文 …): never a title or part of one (data).
LABEL_LINES = ("目录", "全文", "正文", "附件", "通知", "文件", "索引", "正文内容", "文件全文")


def is_label_line(text: str) -> bool:
    """True for a line that only labels what follows (目录, 全文)."""
    return re.sub(r"[\s:：]", "", text) in LABEL_LINES


def title_start(front: list[Para], i: int) -> int:
    """Where the plan title starts: the heading just before the preamble.

    Lines above it that cannot be part of it (a gazette's masthead and issue number, a 目录
    label) are skipped: the title is the first run of title lines that reaches the preamble
    (or its （…印发） line) and ends like a title.
    """
    ends = TITLE_WORDS + ("）", ")")
    prose = next((k for k in range(i, len(front))
                  if not is_title_piece(front[k].text) and not ISSUED.match(front[k].text)
                  and not is_label_line(front[k].text)), len(front))
    reach = prose - 1 if prose - 1 >= i and ISSUED.match(front[prose - 1].text) else prose
    for k in range(i, reach):
        if is_label_line(front[k].text):
            continue
        title, j = merge_title(front, k, ends)
        if j == reach and title.endswith(ends) and not any(
                is_label_line(p.text) for p in front[k:j]):
            return k
    return i


def title_in_notice(title: str) -> str:
    """The plan a notice title issues: `…关于印发《X》的通知` or `…印发X的通知` → X."""
    m = re.search(r"(?:印发|转发|下发)[《〈<]?(?P<t>.+?)[》〉>]?的通知$", title)
    return m.group("t") if m else ""
