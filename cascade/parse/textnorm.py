"""CJK-aware text clean-up shared by the parsing steps: spaces, punctuation width, markers."""

from __future__ import annotations

import html
import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK letters plus full-width punctuation and quotes: no space belongs next to these.
WIDE = CJK + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·"

# Any HTML/XML tag (`<p>`, `<o:p>`, `<strong style=…>`); `<某某省…方案>` is a title, not a tag.
_TAGS = re.compile(r"</?[a-zA-Z][\w:.-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});")
# Invisible characters and control characters other than tab (a table cell separator).
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"[ \u00a0\u3000\u2002-\u200a]+")
_SPACE_NEAR_WIDE = re.compile(rf"(?<=[{WIDE}]) +|(?<! ) +(?=[{WIDE}])")  # a run tried once
_STRAY_AND = re.compile(rf"(?<=[{CJK}]) ?\band\b ?(?=[{CJK}])")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_NEAR_CJK = re.compile(rf"(?<=[{WIDE}])[,;:?!()]|[,;:?!()](?=[{CJK}])|\((?=[{CJK}\d])")


def strip_markup(line: str) -> str:
    """Remove leftover HTML tags and invisible characters from one extracted line."""
    line = _TAGS.sub("", line)
    if "&" in line:  # &nbsp; &ldquo; … left by a web page
        line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    return _ZERO_WIDTH.sub("", line)


def squeeze(text: str) -> str:
    """Normalise spacing the way Chinese official text is written.

    No space next to a Chinese character or full-width mark, single spaces elsewhere, the stray
    English `and` between Chinese words read back as 和, and half-width punctuation inside
    Chinese turned full-width.
    """
    text = _SPACES.sub(" ", text.replace("\t", " "))
    # Each change can enable another (`市),` → `市）,` → `市），`; `推: 2` → `推： 2` → `推：2`).
    for _ in range(len(text) + 1):
        before = text
        text = _STRAY_AND.sub("和", text)
        text = _SPACE_NEAR_WIDE.sub("", text)
        text = _balance_brackets(_HALF_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group(0)], text))
        if text == before:
            break
    return text.strip()


def _balance_brackets(text: str) -> str:
    """Make a half-width `)` that closes a full-width `（` full-width too (and vice versa)."""
    out, stack = [], []
    for ch in text:
        if ch in "（(":
            stack.append(ch)
        elif ch in "）)" and stack:
            opener = stack.pop()
            ch = "）" if opener == "（" else ")"
        out.append(ch)
    return "".join(out)


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one sentence split by a hard line break."""
    if left and right and left[-1].isascii() and right[0].isascii():
        if left[-1].isalnum() and right[0].isalnum() and not (left[-1].isdigit() and right[0].isdigit()):
            return f"{left} {right}"
    return left + right


