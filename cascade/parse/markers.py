"""Outline markers: which numbering a paragraph starts with (一、 （一） 1. （1） …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..chinese import cn_number

_CN = "一二三四五六七八九十"

# level name, pattern (group "num" = the number, group "label" = the label as printed)
MARKERS: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(rf"^(?P<label>(?P<num>[{_CN}]{{1,3}})\s*[、．.])\s*")),
    ("part", re.compile(rf"^(?P<label>第\s*(?P<num>[{_CN}]{{1,3}})\s*部分)[\s、．.:：]*")),
    ("section", re.compile(rf"^(?P<label>[（(]\s*(?P<num>[{_CN}]{{1,3}})\s*[）)])\s*[、．.]?\s*")),
    ("section", re.compile(r"^(?P<label>(?P<num>[\u3220-\u3229]))\s*")),  # ㈠ … ㈩
    ("item", re.compile(r"^(?P<label>(?P<num>\d{1,2})\s*[.．、](?!\d))\s*")),
    ("item", re.compile(r"^(?P<label>(?P<num>[\u2488-\u249b]))\s*")),
    ("subitem", re.compile(r"^(?P<label>[（(]\s*(?P<num>\d{1,2})\s*[）)])\s*[、．.]?\s*")),
    ("subitem", re.compile(r"^(?P<label>(?P<num>[\u2474-\u2487]))\s*")),  # ⑴ … ⒇
    ("subitem", re.compile(r"^(?P<label>(?P<num>[\u2460-\u2473]))\s*")),
]

# Paragraph starts that are never the continuation of a wrapped line.
_STANDALONE = re.compile(
    r"^(?:附件\s*\d*\s*[:：]?\s*$|附件\s*\d*\s*[:：]|公开方式|抄送|主送|（此件|\(此件"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发)?\s*$"
    r"|(?:索\s*引\s*号|主题分类|发文机关|成文日期|发布日期|文\s*号|标\s*题)\s*[:：]"
    # a unit or time note on a line of its own: 责任单位：… 完成时限：…
    r"|(?:主要)?(?:责任|牵头|配合|参与|协办|主办)(?:单位|部门)\s*[:：]"
    r"|(?:完成|办结)(?:时限|时间|期限)\s*[:：]|时间节点\s*[:：])"
)


@dataclass
class Marker:
    """A numbering found at the start of a paragraph."""

    level: str  # part | section | item | subitem
    label: str  # as printed, e.g. "⒋", "4.", "（1）"
    number: int
    rest: str  # the paragraph after the label


def _value(num: str) -> int | None:
    if "\u2488" <= num <= "\u249b":
        return ord(num) - 0x2488 + 1
    if "\u2460" <= num <= "\u2473":
        return ord(num) - 0x2460 + 1
    if "\u2474" <= num <= "\u2487":
        return ord(num) - 0x2474 + 1
    if "\u3220" <= num <= "\u3229":
        return ord(num) - 0x3220 + 1
    return cn_number(num)


def match_marker(text: str) -> Marker | None:
    """The outline marker `text` starts with, or None."""
    for level, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            value = _value(m.group("num"))
            if value is None:
                continue
            rest = text[m.end():]
            if level == "item" and rest[:1].isdigit():
                continue
            return Marker(level=level, label=m.group("label").strip(), number=value, rest=rest)
    return None


def starts_paragraph(text: str) -> bool:
    """True when a line can only be the start of a new paragraph."""
    return match_marker(text) is not None or bool(_STANDALONE.match(text))
