"""Page furniture: web-page navigation, page numbers and running headers, removed wherever they fall.

A web copy carries the site's frame (首页 > 政务公开 …, 当前位置, 字体 大 中 小, 打印 关闭 分享,
浏览次数, a lone 全文); a PDF copy carries page numbers (`— 3 —`, `- 3 -`, `第3页`, `3/12`) and a
running header repeated at the top of every page. None of it is the document's text: the lines
are dropped (with one warning saying how many) and a page mark printed inside a line is cut out,
so a sentence or a unit note broken by a page joins up again.
"""

from __future__ import annotations

import re
from collections import Counter

from ..chinese import display_width

# Whole lines of a web page's frame (data; each matched against the stripped line).
NAVIGATION = tuple(re.compile(p) for p in (
    r"^(?:网站)?首页\s*(?:[>＞»/|｜]|$)",                       # 首页 > 政务公开 > …
    r"^(?:当前|您的|您当前的|您现在的|您现在所在的|所在)位置\s*[:：]",  # 当前位置：首页 > …
    r"^字\s*(?:体|号)\s*[:：]?\s*[\[【(（]?\s*大\s*[\]】)）]?\s*[\[【(（]?\s*中",  # 字体：[ 大 中 小 ]
    r"^(?:[【\[]?\s*(?:打印|关闭|分享|收藏|返回|纠错|保存|打印本页|关闭窗口|加入收藏|设为首页|长辈版|"
    r"无障碍浏览|返回顶部|分享到)\s*[】\]]?[\s|｜•·]*)+$",          # 打印 关闭 分享 / 【打印本页】
    r"^(?:【(?:打印|关闭|收藏|字体|大|中|小|返回|保存|纠错)[^【】]{0,6}】\s*)+$",  # 【字体：大】【中】【小】
    r"^字号\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?$",
    r"^(?:浏览次数|浏览量|阅读次数|访问量|点击数|点击量)\s*[:：]?\s*\d*\s*$",
    r"^(?:全文|正文|信息来源)\s*[:：]?$",                          # a lone 全文 over the text
    r"^分享到\s*[:：]",
    r"^(?:上一篇|下一篇)\s*[:：]",
    r"^扫一扫(?:在手机(?:上)?打开当前页)?$",
    r"^相关(?:链接|文件|阅读|解读)\s*[:：]?$",
))
# A page number printed on a line of its own.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—\-－–_·•]*\s*[\d０-９]{1,3}\s*[—\-－–_·•]*"
    r"|第\s*[\d０-９]{1,3}\s*页(?:\s*[,，/]?\s*共\s*[\d０-９]{1,3}\s*页)?"
    r"|[\d０-９]{1,3}\s*/\s*[\d０-９]{1,3})\s*$"
)
# A page number printed inside a line (`按职 — 3 — 责分工`): dashes on both sides, spaced.
# A match starts only where a run of spaces starts (the lookbehind), so a long run of spaces
# is scanned once, not once per space.
INLINE_PAGE_NUMBER = re.compile(r"(?:^|(?<=\S))\s*[—－–\-]{1,2}\s+[\d０-９]{1,3}\s+[—－–\-]{1,2}\s*")
# A running header is short and repeats on several pages.
HEADER_MAX_WIDTH = 30
HEADER_MIN_REPEATS = 3


def is_navigation(line: str) -> bool:
    """True for a line of a web page's frame (navigation, font size, print/close, hit counts)."""
    text = line.strip()
    return bool(text) and any(p.match(text) for p in NAVIGATION)


def is_page_number(line: str) -> bool:
    """True for a line that only holds a page number."""
    return bool(PAGE_NUMBER.match(line))


def cut_page_marks(line: str) -> str:
    """A line with any page number printed inside it cut out (`… — 3 — …` → `……`)."""
    return INLINE_PAGE_NUMBER.sub("", line) if "—" in line or " -" in line or "－" in line else line


def running_headers(lines: list[str], is_heading) -> set[int]:
    """Indexes of a PDF copy's running header (or footer): a short line repeated on pages.

    A line counts when it appears at least twice, each time where a page starts or ends (a
    form feed, a page number next to it), or three times, at least half of them there. Only
    the occurrences at a page break are furniture: the same words elsewhere (the signature
    repeating the header's office) stay. Headings and notes (`is_heading`) and table rows never
    count.
    """
    stripped = [line.strip() for line in lines]
    counts = Counter(t for t in stripped if t and "\t" not in t and display_width(t) <= HEADER_MAX_WIDTH)
    found: set[int] = set()
    for text, count in counts.items():
        if count < 2 or is_heading(text) or is_page_number(text):
            continue
        near = [i for i, t in enumerate(stripped) if t == text and _near_page_break(lines, stripped, i)]
        if len(near) == count or (count >= HEADER_MIN_REPEATS and 2 * len(near) >= count):
            found.update(near)
    return found


def _near_page_break(lines: list[str], stripped: list[str], i: int) -> bool:
    """True when line i starts a page (a form feed), follows a page number or precedes one
    (blank lines skipped): where a running header or footer sits."""
    if "\f" in lines[i]:
        return True
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(stripped) and not stripped[k]:
            k += step
        if 0 <= k < len(stripped) and is_page_number(stripped[k]):
            return True
    return False
