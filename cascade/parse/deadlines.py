"""Deadline phrases (完成时限) → Deadline objects: a table of (pattern, handler) rules.

Matching runs on a normalised copy of the text (full-width digits made ASCII, Chinese numerals
before a date unit made Arabic, whitespace dropped) that keeps a map back to the original, so
every Deadline's `text` is the phrase exactly as the document wrote it.

Two modes share the rules. `find_deadlines` reads running text (a task or measure body): there a
bare date such as `2024年6月` or `2023年12月18日` counts only with a deadline marker (前, 底, 末,
到/截至 …), ongoing words only as a phrase of their own (`…，持续推进。`), and nothing inside a
《title》 counts. `parse_deadline` reads a ledger's 完成时限 cell, where the whole cell is about
time: bare dates count, and a cell that holds no known phrase gives one `unknown` deadline.

A phrase without a year (`6月底前`, `年内`, `第一季度`) takes the year of `ref_date` (the plan's
date) and is marked `inferred`; when that day would fall before `ref_date`, the following year is
meant (a plan of December writing 6月底前 means next June). Without `ref_date` such a phrase is
kept as kind `unknown`: a date is never invented. Recurring month-end days use a common (non-leap)
year, so February's is `02-28`.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..chinese import DIGITS, FULL_DIGITS, digits_value
from ..model import Deadline

# -- normalisation -----------------------------------------------------------------------------

# Chinese numerals are read as numbers only right before a unit of time (or after 第).
# A run is matched from its first numeral only (the look-behind), so a long run of numerals
# followed by no unit costs one pass, not one per starting position.
_CN_NUMBER = re.compile(r"(?<![〇○零一二两三四五六七八九十])[〇○零一二两三四五六七八九十]+(?=[年月日号季个天周])"
                        r"|(?<=第)[一二三四]")


def _cn_to_arabic(run: str) -> str:
    """二〇二四 → 2024 (digit by digit); 十一 → 11, 二十八 → 28 (positional with 十)."""
    if "十" not in run:
        return digits_value(run)
    tens, _, ones = run.partition("十")
    value = (DIGITS.get(tens[-1], 1) if tens else 1) * 10
    if ones:
        value += DIGITS.get(ones[-1], 0)
    return str(value)


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The matching copy of `text` and, per character, its [start, end) span in the original."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    numerals = {m.start(): m for m in _CN_NUMBER.finditer(text)}
    i = 0
    while i < len(text):
        if i in numerals:
            m = numerals[i]
            for ch in _cn_to_arabic(m.group()):
                out.append(ch)
                starts.append(m.start())
                ends.append(m.end())
            i = m.end()
            continue
        ch = text[i]
        if not ch.isspace():
            out.append(ch.translate(FULL_DIGITS))
            starts.append(i)
            ends.append(i + 1)
        i += 1
    return "".join(out), starts, ends


# -- calendar helpers --------------------------------------------------------------------------


def month_end(year: int, month: int) -> _dt.date:
    """The last day of a month, from the calendar (leap years included)."""
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _mmdd(month: int, day: int | None) -> str:
    """A recurring day as "MM-DD"; `day=None` is the month's end in a common year."""
    if day is None:
        day = calendar.monthrange(2001, month)[1]
    _dt.date(2000, month, day)  # validates (2000 is leap: 02-29 allowed)
    return f"{month:02d}-{day:02d}"


# Parts of a month a phrase can name, and the day each means (None → the month's end).
_MONTH_PARTS = {"": None, "底": None, "末": None, "下旬": None, "上旬": 10, "中旬": 20}
_QUARTER_END_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}
_HALF_END = {"上": (6, 30), "下": (12, 31)}
# Words before 年底/年内 that give the year relative to the plan's date.
_YEAR_WORDS = {"": 0, "今": 0, "本": 0, "当": 0, "明": 1, "次": 1}

# -- rule machinery ----------------------------------------------------------------------------

TEXT, CELL = "text", "cell"


@dataclass
class _Ctx:
    """What a handler needs besides its match: the mode and the plan's date."""

    mode: str
    ref_date: _dt.date | None


Handler = Callable[[re.Match, _Ctx], Deadline | None]


@dataclass(frozen=True)
class _Rule:
    """One phrase shape: a pattern over normalised text and the handler that reads a match."""

    name: str
    pattern: re.Pattern
    handler: Handler
    modes: tuple[str, ...] = (TEXT, CELL)


_BEFORE = r"(?:之前|以前|前|止)"
_PRE = r"(?P<pre>截至|截止到|截止|到|至)?"
_DASH = r"(?:[—–\-－~～]{1,2}|至|到)"
_ONGOING_WORDS = ("长期推进", "持续推进", "长期坚持", "常态化推进", "长期开展", "持续开展",
                  "长期执行", "常态化开展", "长期")
_PUNCT_AFTER = r"(?=$|[，。；、,;:：）)\]】])"


def _g(m: re.Match, name: str) -> str:
    """A named group's text, '' when it did not take part."""
    return m.group(name) or ""


def _marked(m: re.Match, ctx: _Ctx, *groups: str) -> bool:
    """In running text a bare date is a deadline only with a marker; in a cell it always is."""
    return ctx.mode == CELL or any(_g(m, g) for g in groups)


def _by(day: _dt.date, start: _dt.date | None = None, inferred: bool = False) -> Deadline:
    """A `by` deadline; the runner fills in its text."""
    return Deadline(text="", kind="by", date=day, start=start, inferred=inferred)


def _infer(ctx: _Ctx, make: Callable[[int], _dt.date], offset: int = 0) -> Deadline:
    """A deadline whose year comes from the plan's date; unknown when there is none."""
    if ctx.ref_date is None:
        return Deadline(text="", kind="unknown")
    year = ctx.ref_date.year + offset
    day = make(year)
    if offset == 0 and day < ctx.ref_date:
        day = make(year + 1)
    return _by(day, inferred=True)


# -- handlers ----------------------------------------------------------------------------------


def _recurring_year(m: re.Match, ctx: _Ctx) -> Deadline | None:
    days = _g(m, "days")
    if ctx.mode == TEXT and not (_g(m, "mark") or _g(m, "yend") or re.search(r"[底末日号]", days)):
        return None
    if _g(m, "yend"):
        dates = ["12-31"]
    else:
        items = re.findall(r"(\d{1,2})月份?(?:底|末|(\d{1,2})[日号])?", days)
        dates = [_mmdd(int(mon), int(day) if day else None) for mon, day in items]
    start = _dt.date(int(m.group("from")), 1, 1) if _g(m, "from") else None
    return Deadline(text="", kind="recurring", every="year", dates=dates, start=start)


def _recurring_quarter(m: re.Match, ctx: _Ctx) -> Deadline:
    dates = []
    if _g(m, "end") or _g(m, "mark"):
        dates = [_mmdd(mon, None) for mon in _QUARTER_END_MONTH.values()]
    return Deadline(text="", kind="recurring", every="quarter", dates=dates)


def _recurring_month(m: re.Match, ctx: _Ctx) -> Deadline:
    day = _g(m, "day")
    dates: list[str] = []
    if day:
        if not 1 <= int(day) <= 31:
            raise ValueError(f"no day {day} in any month")
        dates = [_mmdd(mon, min(int(day), calendar.monthrange(2001, mon)[1]))
                 for mon in range(1, 13)]
    elif _g(m, "end") or _g(m, "mark"):
        dates = [_mmdd(mon, None) for mon in range(1, 13)]
    return Deadline(text="", kind="recurring", every="month", dates=dates)


def _year_range(m: re.Match, ctx: _Ctx) -> Deadline:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if y2 < y1:
        raise ValueError("range ends before it starts")
    return _by(_dt.date(y2, 12, 31), start=_dt.date(y1, 1, 1))


def _month_range(m: re.Match, ctx: _Ctx) -> Deadline:
    y1 = int(m.group("y1"))
    y2 = int(m.group("y2") or y1)
    start = _dt.date(y1, int(m.group("m1")), 1)
    end = month_end(y2, int(m.group("m2")))
    if end < start:
        raise ValueError("range ends before it starts")
    return _by(end, start=start)


def _by_day(m: re.Match, ctx: _Ctx) -> Deadline | None:
    if not _marked(m, ctx, "pre", "mark"):
        return None
    return _by(_dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))


def _month_day(year: int, month: int, part: str) -> _dt.date:
    day = _MONTH_PARTS[part]
    return month_end(year, month) if day is None else _dt.date(year, month, day)


def _by_month(m: re.Match, ctx: _Ctx) -> Deadline | None:
    if not _marked(m, ctx, "pre", "part", "mark"):
        return None
    return _by(_month_day(int(m.group("y")), int(m.group("m")), _g(m, "part")))


def _by_half(m: re.Match, ctx: _Ctx) -> Deadline:
    return _by(_dt.date(int(m.group("y")), *_HALF_END[m.group("h")]))


def _by_quarter(m: re.Match, ctx: _Ctx) -> Deadline:
    return _by(month_end(int(m.group("y")), _QUARTER_END_MONTH[int(m.group("q"))]))


def _by_year_end(m: re.Match, ctx: _Ctx) -> Deadline:
    return _by(_dt.date(int(m.group("y")), 12, 31))


def _by_year(m: re.Match, ctx: _Ctx) -> Deadline | None:
    if not _marked(m, ctx, "pre", "mark"):
        return None
    return _by(_dt.date(int(m.group("y")), 12, 31))


def _no_year_month(m: re.Match, ctx: _Ctx) -> Deadline | None:
    # A day needs 前 to be a deadline in running text (6月30日召开 is an event, not a deadline).
    if not _marked(m, ctx, "mark") and not (_g(m, "part") and not _g(m, "d")):
        return None
    month, offset = int(m.group("m")), _YEAR_WORDS[_g(m, "yw")]
    if _g(m, "d"):
        day = int(m.group("d"))
        _dt.date(2000, month, day)
        return _infer(ctx, lambda y: _dt.date(y, month, min(day, month_end(y, month).day)), offset)
    part = _g(m, "part")
    month_end(2000, month)
    return _infer(ctx, lambda y: _month_day(y, month, part), offset)


def _no_year_quarter(m: re.Match, ctx: _Ctx) -> Deadline:
    month = _QUARTER_END_MONTH[int(m.group("q"))]
    return _infer(ctx, lambda y: month_end(y, month), _YEAR_WORDS[_g(m, "yw")])


def _no_year_half(m: re.Match, ctx: _Ctx) -> Deadline:
    month, day = _HALF_END[m.group("h")]
    return _infer(ctx, lambda y: _dt.date(y, month, day), _YEAR_WORDS[_g(m, "yw")])


def _no_year_end(m: re.Match, ctx: _Ctx) -> Deadline:
    return _infer(ctx, lambda y: _dt.date(y, 12, 31), _YEAR_WORDS[_g(m, "yw")])


def _relative(m: re.Match, ctx: _Ctx) -> Deadline:
    return Deadline(text="", kind="relative")


def _ongoing(m: re.Match, ctx: _Ctx) -> Deadline:
    return Deadline(text="", kind="ongoing")


# -- the rule table (order breaks ties between matches of equal start and length) --------------

_YW = r"(?P<yw>今|本|当|明|次)?"
_YW_YEAR = r"(?:(?P<yw>今|本|当|明|次)年度?)?"  # 今年/明年… before a month, quarter or half
_MONTH_ITEM = r"\d{1,2}月份?(?:底|末|\d{1,2}[日号])?"
_ONGOING = "|".join(_ONGOING_WORDS)
_UNIT = r"(?:工作日|日|天|周|星期|个月|月|年)"

RULES: tuple[_Rule, ...] = tuple(
    _Rule(name, re.compile(pattern), handler, modes)
    for name, pattern, handler, modes in (
        ("recurring-year",
         rf"(?:(?P<from>\d{{4}})年(?:起|开始|以后)[，,]?)?每年的?"
         rf"(?:(?P<days>{_MONTH_ITEM}(?:(?:和|及|与|或|、){_MONTH_ITEM})*)|(?P<yend>年底|年末|底|末))"
         rf"(?P<mark>{_BEFORE})?", _recurring_year, (TEXT, CELL)),
        ("recurring-quarter", rf"每个?季度(?P<end>末|底)?(?P<mark>{_BEFORE})?",
         _recurring_quarter, (TEXT, CELL)),
        ("recurring-month",
         rf"每个?月的?(?:(?P<day>\d{{1,2}})[日号]|(?P<end>底|末))?(?P<mark>{_BEFORE})?(?![份度])",
         _recurring_month, (TEXT, CELL)),
        ("year-range", rf"(?<!\d)(?P<y1>\d{{4}})年?{_DASH}(?P<y2>\d{{4}})年(?!\d)",
         _year_range, (TEXT, CELL)),
        ("month-range",
         rf"(?<!\d)(?P<y1>\d{{4}})年(?P<m1>\d{{1,2}})月{_DASH}(?:(?P<y2>\d{{4}})年)?"
         rf"(?P<m2>\d{{1,2}})月份?(?:底|末)?{_BEFORE}?", _month_range, (TEXT, CELL)),
        ("by-day", rf"{_PRE}(?<!\d)(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]"
         rf"(?P<mark>{_BEFORE})?", _by_day, (TEXT, CELL)),
        ("by-month",
         rf"{_PRE}(?<!\d)(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月份?(?P<part>底|末|上旬|中旬|下旬)?"
         rf"(?P<mark>{_BEFORE})?(?![\d日号起]|开始|以来)", _by_month, (TEXT, CELL)),
        ("by-half", rf"(?<!\d)(?P<y>\d{{4}})年(?P<h>上|下)半年(?:底|末)?{_BEFORE}?",
         _by_half, (TEXT, CELL)),
        ("by-quarter", rf"(?<!\d)(?P<y>\d{{4}})年第?(?P<q>[1-4])季度(?:末|底)?{_BEFORE}?",
         _by_quarter, (TEXT, CELL)),
        ("by-year-end", rf"{_PRE}(?<!\d)(?P<y>\d{{4}})年年?(?:底|末){_BEFORE}?",
         _by_year_end, (TEXT, CELL)),
        ("by-year", rf"{_PRE}(?<!\d)(?P<y>\d{{4}})年(?P<mark>{_BEFORE}|以内|内)?"
         rf"(?![\d度起底末年上下第]|开始|以来)", _by_year, (TEXT, CELL)),
        ("no-year-month",
         rf"(?<![\d年每个]){_YW_YEAR}(?P<m>\d{{1,2}})月份?(?:(?P<d>\d{{1,2}})[日号]|"
         rf"(?P<part>底|末|上旬|中旬|下旬))?(?P<mark>{_BEFORE})?(?![\d份度起]|开始|以来)",
         _no_year_month, (TEXT, CELL)),
        ("no-year-quarter", rf"(?<![\d年每个]){_YW_YEAR}第?(?P<q>[1-4])季度(?:末|底)?{_BEFORE}?",
         _no_year_quarter, (TEXT, CELL)),
        ("no-year-half", rf"(?<![\d年每]){_YW_YEAR}(?P<h>上|下)半年(?:底|末)?{_BEFORE}?",
         _no_year_half, (TEXT, CELL)),
        ("no-year-end", rf"(?<![\d每去前]){_YW}年度?(?:底|末){_BEFORE}?", _no_year_end, (TEXT, CELL)),
        ("no-year-within", rf"(?<![\d个每去前]){_YW}年度?内(?![部设容涵])", _no_year_end, (TEXT, CELL)),
        ("relative-event",
         rf"(?:自|从|于)[^，。；,;：:自从于]{{1,24}}?(?:之日|以后|后)起?的?"
         rf"(?<!\d)\d{{1,3}}个?{_UNIT}(?:以内|之内|内)", _relative, (TEXT, CELL)),
        ("relative", rf"(?<![\d月])\d{{1,3}}个?{_UNIT}(?:以内|之内|内)", _relative, (TEXT, CELL)),
        ("ongoing-text", rf"(?:{_ONGOING}){_PUNCT_AFTER}", _ongoing, (TEXT,)),
        ("ongoing-cell", rf"(?:{_ONGOING})", _ongoing, (CELL,)),
    )
)

# Spans of running text that are never deadlines: 《titles》 and a plan title's year range.
_EXCLUDED = (
    re.compile(r"《[^《》]*》"),
    re.compile(r"(?<=计划|方案|规划|纲要|意见|行动)[（(]\d{4}年?" + _DASH + r"\d{4}年[）)]"),
)


# -- runner ------------------------------------------------------------------------------------


def _scan(text: str, ref_date: _dt.date | None, mode: str) -> list[Deadline]:
    """Apply every rule of the mode, keep the leftmost-longest non-overlapping readings."""
    if not text:
        return []
    norm, starts, ends = _normalise(text)
    ctx = _Ctx(mode=mode, ref_date=ref_date)
    blocked = [m.span() for rx in _EXCLUDED for m in rx.finditer(norm)] if mode == TEXT else []
    found: list[tuple[int, int, int, Deadline]] = []
    for order, rule in enumerate(RULES):
        if mode not in rule.modes:
            continue
        for m in rule.pattern.finditer(norm):
            if m.end() == m.start() or any(a <= m.start() < b for a, b in blocked):
                continue
            try:
                deadline = rule.handler(m, ctx)
            except ValueError:  # a date that does not exist (2月30日, 13月): keep the words
                deadline = Deadline(text="", kind="unknown")
            if deadline is not None:
                found.append((m.start(), -(m.end() - m.start()), order, deadline))
                deadline.text = text[starts[m.start()]:ends[m.end() - 1]]
    found.sort(key=lambda item: item[:3])
    result: list[Deadline] = []
    taken_until = -1
    for start, neg_len, _, deadline in found:
        if start >= taken_until:
            result.append(deadline)
            taken_until = start - neg_len
    return result


def find_deadlines(text: str, ref_date: _dt.date | None = None) -> list[Deadline]:
    """Every deadline phrase in a running text, in order, each normalised."""
    return _scan(text, ref_date, TEXT)


def parse_deadline(text: str, ref_date: _dt.date | None = None) -> list[Deadline]:
    """A ledger cell's 完成时限 (the whole cell is about time) → its deadlines."""
    found = _scan(text, ref_date, CELL)
    words = (text or "").strip()
    if not found and re.search(r"\w", words):
        found = [Deadline(text=words, kind="unknown")]
    return found
