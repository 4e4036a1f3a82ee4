"""Facts of written Chinese that every stage shares: numerals, full-width digits, display width.

One table of numeral characters serves reading (二〇二四年, 十一月, （十七）) and writing
(headings 一、…十二、, Word's outline numbers); one width rule serves unwrapping extracted lines,
fitting titles and notices on a page, sizing ledger rows and padding terminal tables.
"""

from __future__ import annotations

import unicodedata

# Digit characters and their values (〇 and ○ both write zero in dates; 两 is 2 before a unit).
DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
# The ten digits as headings and dates write them, 0 … 9.
WRITTEN_DIGITS = "〇一二三四五六七八九"
HEADING_DIGITS = "零一二三四五六七八九"
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_number(text: str) -> int | None:
    """The value of a small Chinese numeral (一 … 九十九) or of Arabic digits, else None."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text.translate(FULL_DIGITS))
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = DIGITS.get(tens) if tens else 1
        o = DIGITS.get(ones) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(text) == 1:
        return DIGITS.get(text)
    return None


def digits_value(run: str) -> str:
    """A run of numeral characters as Arabic digits, digit by digit: 二〇二四 → 2024."""
    return "".join(str(DIGITS[ch]) for ch in run)


def chinese_numeral(n: int, digits: str = HEADING_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading and outline numbers up to 99)."""
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def is_wide(ch: str, *, ambiguous: bool = True) -> bool:
    """True for a character that takes a full em: CJK, full-width, and (by default) ambiguous
    marks such as — “ ” that Chinese fonts draw wide."""
    return unicodedata.east_asian_width(ch) in ("WFA" if ambiguous else "WF")


def display_width(text: str, *, ambiguous: bool = True) -> float:
    """Width in Chinese characters (ems): a wide character 1, any other ½."""
    return sum(1.0 if is_wide(ch, ambiguous=ambiguous) else 0.5 for ch in text)


def terminal_width(text: str) -> int:
    """Terminal columns of a string: wide characters take two, ambiguous ones one."""
    return round(2 * display_width(text, ambiguous=False))
