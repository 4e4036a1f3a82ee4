"""Catalogue lines a government website prints above a document (索引号、文号、发布日期…).

Pages print them in many ways: one `key：value` a line, several pairs on one line separated by
spaces, a `key | value | key | value |` grid, or a bulleted key with its value on the next line.
They are rewritten to one tab-separated line of `key：value` cells, so the un-wrapper keeps them
apart from the text and the notice reader finds the 文号 and the 发文机关 in them.
"""

from __future__ import annotations

import re

# The keys, as data (extend freely); a space may fall between their characters.
CATALOGUE_KEYS = (
    "索引号", "主题分类", "主题词", "体裁分类", "组配分类", "信息分类", "公文目录", "文件类型",
    "发文机关", "发文单位", "发文机构", "发布机构", "制发机构", "所属单位", "来源",
    "发文字号", "文号", "名称", "标题", "成文日期", "发文日期", "发布日期", "公开发布日期",
    "发布时间", "生效日期", "废止日期", "有效性", "时效性", "公开方式", "公开范围", "内容概述",
    "日期", "更新时间", "归档时间", "字号", "浏览量", "浏览次数", "点击数", "视力保护色", "作者",
    "当前位置", "您的位置", "您当前的位置", "所在位置", "法宝引证码", "效力级别", "实施日期",
)
_KEY_ALT = "|".join(r"\s*".join(key) for key in sorted(CATALOGUE_KEYS, key=len, reverse=True))
_BULLET = r"[•·●▪◆■]?\s*"
KEY = re.compile(rf"(?:{_KEY_ALT})\s*(?:[:：]|(?=\s*[|｜]))")
_LEADING_KEY = re.compile(rf"^{_BULLET}(?:{_KEY_ALT})\s*[:：|｜]|^【(?:{_KEY_ALT})】")
# A key inside a line starts a new pair only after a space or a separator.
_INNER_KEY = re.compile(rf"(?:(?<=\s)|(?<=[|｜\t]))(?:{_KEY_ALT})\s*[:：]")


def is_catalogue(line: str) -> bool:
    """True when a line starts with a catalogue key (`索 引 号：…`, `• 发文字号:`)."""
    return bool(_LEADING_KEY.match(line.strip()))


def _key_name(key: str) -> str:
    return re.sub(r"[\s:：|｜]", "", key)


def _grid_cells(line: str) -> list[str]:
    """`索 引 号 | 116… | 主题分类 | 金政发 |` → [`索引号：116…`, `主题分类：金政发`]."""
    cells = [c.strip() for c in re.split(r"[|｜]", line)]
    out: list[str] = []
    for cell in cells:
        if not cell:
            continue
        if _LEADING_KEY.match(cell + "：") and re.fullmatch(rf"(?:{_KEY_ALT})", cell):
            out.append(_key_name(cell) + "：")
        elif out and out[-1].endswith("："):
            out[-1] += cell
        elif out:
            out[-1] += " " + cell
    return out


def catalogue_cells(line: str) -> list[str]:
    """The `key：value` cells of one catalogue line (a value may be empty: it is on the next line)."""
    text = re.sub(rf"^{_BULLET}", "", line.strip())
    text = re.sub(rf"【({_KEY_ALT})】", r" \1：", text).strip()  # 【时效性】现行有效
    if "|" in text or "｜" in text:
        return _grid_cells(text)
    text = text.replace("\t", " ")
    starts = [0] + [m.start() for m in _INNER_KEY.finditer(text) if m.start() > 0]
    cells = []
    for a, b in zip(starts, starts[1:] + [len(text)], strict=False):
        key, _, value = (re.split(r"([:：])", text[a:b], maxsplit=1) + ["", ""])[:3]
        cells.append(f"{_key_name(key)}：{value.strip()}")
    return cells


_VALUE_LIKE = re.compile(r"^(?:\d{4}\s*[-年/.]|.{1,12}[〔\[【]\s*\d{4}\s*[〕\]】]\s*\d+\s*号)")


def _next_text(lines: list[tuple[int, str]], i: int) -> str:
    return next((t.strip() for _, t in lines[i + 1 :] if t.strip()), "")


def rewrite_catalogue(lines: list[tuple[int, str]], end: int) -> list[tuple[int, str]]:
    """Rewrite the catalogue lines among lines[:end] as tab-separated `key：value` cells.

    A key printed alone takes the next line as its value when that line reads like a value (a
    date, a 文号) or is followed by another catalogue line; otherwise it is the document's text.
    """
    out = list(lines)
    pending: int | None = None  # index of a line whose last key waits for its value
    for i, (number, text) in enumerate(lines[:end]):
        stripped = text.strip()
        if not stripped:
            continue
        if is_catalogue(stripped):
            cells = catalogue_cells(stripped)
            out[i] = (number, "\t".join(cells) + ("\t" if len(cells) == 1 else ""))
            pending = i if cells and cells[-1].endswith("：") else None
        elif pending is not None and (_VALUE_LIKE.match(stripped)
                                      or is_catalogue(_next_text(lines[:end], i))):
            head = out[pending][1].rstrip("\t")
            out[pending] = (out[pending][0], head + stripped + "\t")
            out[i] = (number, "")
            pending = None
        else:
            pending = None
    return out
