"""Strict reading of the dates an overrides file writes, to refuse malformed or later deadlines.

The parser's `find_deadlines` reads deadlines leniently from plan text; here every date-like
phrase the user wrote must be a real calendar date, and a moved deadline must be comparable
with the parent's.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata

from ..model import Deadline

# Words that make a deadline without a date acceptable.
ONGOING_WORDS = ("长期推进", "持续推进", "长期坚持", "常态化推进", "长期", "持续", "常态化")
RECURRING_WORDS = ("每年", "每半年", "每季度", "每月", "每周")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# One date phrase: a year, then optionally a month (and day), a half year, a quarter or 年底.
_DATE = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?:"
    r"(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?"
    r"|(?P<half>上半年|下半年)"
    r"|第?(?P<quarter>[一二三四1-4])\s*季度"
    r"|(?P<end>年底|年末|底|末)"
    r")?"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateError(ValueError):
    """A phrase that looks like a date but is not one; `str()` is a Chinese reason."""


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _date_of(m: re.Match) -> _dt.date:
    """The last day a matched phrase allows; DateError when month or day do not exist."""
    year = int(m["year"])
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            raise DateError(f"“{m.group(0)}”中的月份 {month} 不存在")
        if m["day"]:
            day = int(m["day"])
            try:
                return _dt.date(year, month, day)
            except ValueError:
                raise DateError(f"“{m.group(0)}”不是有效的日期") from None
        return _month_end(year, month)
    if m["half"]:
        return _dt.date(year, 6 if m["half"] == "上半年" else 12, 30 if m["half"] == "上半年" else 31)
    if m["quarter"]:
        return _month_end(year, _QUARTER[m["quarter"]] * 3)
    return _dt.date(year, 12, 31)


def dates_in(text: str) -> list[tuple[str, _dt.date]]:
    """Every date phrase in `text` with the last day it allows; DateError on an impossible one."""
    return [(m.group(0), _date_of(m)) for m in _DATE.finditer(_norm(text or ""))]


def latest(text: str) -> _dt.date | None:
    """The latest date `text` names, or None."""
    found = [d for _, d in dates_in(text)]
    return max(found) if found else None


def iso_date(value: str) -> _dt.date:
    """A YYYY-MM-DD metadata date; DateError when malformed."""
    m = _ISO.match(_norm(str(value)).strip())
    if not m:
        raise DateError(f"日期“{value}”应写作 YYYY-MM-DD（例如 2024-03-01）")
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise DateError(f"日期“{value}”不存在") from None


def read_phrase(phrase: str, ref_date: _dt.date | None = None) -> Deadline:
    """A deadline phrase from an overrides file → Deadline; DateError when malformed or unknown."""
    text = _norm(phrase).strip()
    if not text:
        raise DateError("时限不能为空")
    if _ISO.match(text):
        day = iso_date(text)
        return Deadline(text=phrase, kind="by", date=day)
    found = dates_in(text)
    if found:
        parsed = _lenient(phrase, ref_date)
        if parsed is not None and parsed.date == found[-1][1]:
            return parsed
        kind = "recurring" if any(w in text for w in RECURRING_WORDS) else "by"
        return Deadline(text=phrase, kind=kind, date=None if kind == "recurring" else found[-1][1])
    if any(word in text for word in RECURRING_WORDS):
        return _lenient(phrase, ref_date) or Deadline(text=phrase, kind="recurring")
    if any(word in text for word in ONGOING_WORDS):
        return Deadline(text=phrase, kind="ongoing")
    if re.search(r"\d|[年月日]", text):
        raise DateError(f"“{phrase}”不是可识别的日期（应写作如 2024年6月底前、2024年底前）")
    raise DateError(f"“{phrase}”不是可识别的时限（应写作如 2024年6月底前、长期推进）")


def _lenient(phrase: str, ref_date: _dt.date | None) -> Deadline | None:
    """The parser's reading of the phrase, when it finds one."""
    from ..parse.deadlines import find_deadlines

    found = find_deadlines(phrase, ref_date)
    return found[0] if found else None
