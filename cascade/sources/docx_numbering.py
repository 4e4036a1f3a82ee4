"""Word automatic numbering: the list labels (`1.` `（一）` `①`) Word draws but does not store.

A paragraph with a numbering property (`w:numPr`, directly or through its style) shows a label
built from numbering.xml: the list's level gives a format (`decimal`, `chineseCounting`, …) and
a pattern (`%1.`, `（%1）`); counters run per list and restart deeper levels. python-docx gives
the paragraph text without it, so a plan numbered this way would lose every 一、 and 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..chinese import WRITTEN_DIGITS, chinese_numeral

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = WRITTEN_DIGITS
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _chinese_counting(n: int) -> str:
    """Word's chineseCounting: 一 … 十二 … (written digits, 〇 for zero)."""
    return chinese_numeral(n, WRITTEN_DIGITS)


def _roman(n: int) -> str:
    out = ""
    for value, mark in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + mark, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


# numFmt → how a counter is written (data; an unknown format falls back to decimal).
FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "chineseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese_counting,
    "japaneseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "ideographDigital": lambda n: "".join(_CN[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_numeral(n, _LEGAL, "拾"),
    "ideographLegalTraditional": lambda n: chinese_numeral(n, _LEGAL, "拾"),
    "ideographTraditional": lambda n: _TIANGAN[(n - 1) % 10],
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    # Lists sharing an abstract definition count on together, unless one restarts a level.
    abstract: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    restarts: dict[str, set[int]] = field(default_factory=dict)  # numId → levels it restarts
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def label(self, p) -> str:
        """The label Word shows before paragraph `p` (advancing the counters), or ''."""
        ref = _num_ref(p.find(f"{_W}pPr"))
        if ref is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            ref = self.styles.get(style.get(f"{_W}val")) if style is not None else None
        if ref is None or ref[0] not in self.levels or ref[0] == "0":
            return ""
        num_id, ilvl = ref
        levels = self.levels[num_id]
        counters = self.counters.setdefault(self.abstract.get(num_id, num_id), {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for restarted in self.restarts.get(num_id, ()):
                counters.pop(restarted, None)
        level = levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k in range(9, -1, -1):
            if f"%{k + 1}" in text:
                lv = levels.get(k, _Level())
                value = counters.get(k, lv.start)
                text = text.replace(f"%{k + 1}", FORMATS.get(lv.fmt, str)(value))
        return "" if level.fmt == "bullet" else text


def _val(el, tag: str, default: str | None = None) -> str | None:
    found = el.find(f"{_W}{tag}") if el is not None else None
    return found.get(f"{_W}val") if found is not None else default


def _num_ref(ppr) -> tuple[str, int] | None:
    num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
    if num_pr is None or _val(num_pr, "numId") is None:
        return None
    return _val(num_pr, "numId"), int(_val(num_pr, "ilvl", "0") or 0)


def _levels_of(container) -> dict[int, _Level]:
    out = {}
    for lvl in container.findall(f"{_W}lvl"):
        out[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
            fmt=_val(lvl, "numFmt", "decimal"), text=_val(lvl, "lvlText", "") or "",
            start=int(_val(lvl, "start", "1") or 1),
        )
    return out


def read_numbering(document) -> Numbering:
    """The numbering definitions of a python-docx Document (empty when it has none)."""
    numbering = Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    abstract = {a.get(f"{_W}abstractNumId"): _levels_of(a) for a in root.findall(f"{_W}abstractNum")}
    for num in root.findall(f"{_W}num"):
        num_id = num.get(f"{_W}numId")
        numbering.abstract[num_id] = _val(num, "abstractNumId") or num_id
        levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
        for override in num.findall(f"{_W}lvlOverride"):
            ilvl = int(override.get(f"{_W}ilvl", "0"))
            numbering.restarts.setdefault(num_id, set()).add(ilvl)
            start = _val(override, "startOverride")
            inner = override.find(f"{_W}lvl")
            if inner is not None:
                levels[ilvl] = _levels_of(override)[int(inner.get(f"{_W}ilvl", ilvl))]
            if start is not None:
                base = levels.get(ilvl, _Level())
                levels[ilvl] = _Level(base.fmt, base.text, int(start))
        numbering.levels[num_id] = levels
    for style in document.styles.element.findall(f"{_W}style"):
        ref = _num_ref(style.find(f"{_W}pPr"))
        if ref is not None:
            numbering.styles[style.get(f"{_W}styleId")] = ref
    return numbering
