"""Region-neutral text normalisation, so a city's sentence and the province's compare equal.

Two forms: `tidy` (width, numerals, spaces, extraction noise — still readable, used in reports)
and `normalise` (tidy + level vocabulary replaced by role tokens + punctuation folded to one
canonical set — used only for scoring). Titles in 《》 keep their words: levels.neutralise
protects them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..levels import ROLES, department_pattern, neutralise, protected_spans

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Half-width punctuation written inside Chinese text → the full-width form a plan prints.
_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？",
                          "!": "！", "[": "［", "]": "］"})
# For scoring only: brackets, quotes and dashes of every shape fold to one character each.
_FOLD = str.maketrans({
    "［": "（", "【": "（", "〔": "〔", "］": "）", "】": "）", "“": '"', "”": '"', "‘": "'",
    "’": "'", "「": '"', "」": '"', "『": '"', "』": '"', "－": "—", "–": "—", "―": "—",
    "─": "—", "•": "·",
})
# Role tokens from levels.neutralise (〈justice〉) become one private-use character each, so a
# role weighs like one word in similarity scores.
_ROLE = re.compile(r"〈([a-z_]+)〉")
_ROLE_CHAR = {role: chr(0xE000 + i) for i, role in enumerate(sorted(ROLES))}
_SPACE = re.compile(r"\s+")
# A stray English "and" between Chinese words is extraction noise for 和.
_AND = re.compile(rf"(?<=[{_CJK}])\s*\band\b\s*(?=[{_CJK}])")
# A full stop after an ASCII digit inside a date or list marker (1. 2.) is kept as is.
_ASCII_RUN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)+")


def _keep_ascii_spaces(text: str) -> str:
    """Remove whitespace except single spaces between two Latin words."""
    keep: list[tuple[int, int]] = [m.span() for m in _ASCII_RUN.finditer(text)]
    if not keep:
        return _SPACE.sub("", text)
    out, pos = [], 0
    for start, end in keep:
        out.append(_SPACE.sub("", text[pos:start]))
        out.append(_SPACE.sub(" ", text[start:end]))
        pos = end
    out.append(_SPACE.sub("", text[pos:]))
    return "".join(out)


@lru_cache(maxsize=8192)
def tidy(text: str) -> str:
    """Readable canonical text: NFKC widths (⒈ → 1.), Chinese punctuation, no stray spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _AND.sub("和", text)
    text = _keep_ascii_spaces(text)
    # NFKC turned （，；： into ASCII; put the Chinese forms back next to Chinese text.
    return text.translate(_TO_FULL)


# A department named with its plan's level word (市财政局, 省财政厅) scores as this character and
# its bare name (财政局), so 市财政局 in a city plan and 县财政局 in a county plan compare equal.
DEPARTMENT_MARK = "\ue0ff"


def departments(text: str, level: str, region: str | None, repl) -> str:
    """`text` with each level-worded department outside protected spans rewritten by
    `repl(bare name)` (bare name: 财政 for 市财政局 or 省财政厅)."""
    found = list(department_pattern(level, region).finditer(text))
    if not found:
        return text
    spans = protected_spans(text)
    out, pos = [], 0
    for m in found:
        if any(a <= m.start() < b for a, b in spans):
            continue
        out += [text[pos : m.start()], repl(m.group(1))]
        pos = m.end()
    return "".join(out) + text[pos:]


@lru_cache(maxsize=8192)
def normalise(text: str, level: str, region: str | None = None) -> str:
    """Scoring form: tidy, level words as role tokens (省司法厅/市司法局 → 〈justice〉), folded."""
    neutral = neutralise(tidy(text), level, region or None)
    neutral = departments(neutral, level, region or None, lambda name: DEPARTMENT_MARK + name + "局")
    return _ROLE.sub(lambda m: _ROLE_CHAR.get(m.group(1), m.group(0)), neutral).translate(_FOLD)


def normaliser(plan):
    """A one-argument normalise bound to a plan's level and region."""
    level, region = plan.level or "city", plan.region or None

    def run(text: str) -> str:
        return normalise(text, level, region)

    return run
