"""The one state object the parsing steps read and write."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..model import ParseWarning, Plan
from ..sources import SourceText


@dataclass
class Para:
    """A paragraph after un-wrapping: its text and the source line it starts on."""

    text: str
    line: int
    kind: str = "text"  # text | table (a tab-separated table row)


@dataclass
class ParseState:
    """Everything the steps share. Each step reads what earlier steps left and adds its part."""

    source: SourceText
    plan: Plan
    lines: list[tuple[int, str]] = field(default_factory=list)  # cleaned (line no, text)
    body: list[Para] = field(default_factory=list)  # paragraphs of notice + plan
    table: list[tuple[int, str]] = field(default_factory=list)  # attachment ledger rows
    tail: list[Para] = field(default_factory=list)  # 版记 paragraphs after the plan
    ref_date: _dt.date | None = None  # the plan's date, for deadlines that give no year
    fallback_issuer: str = ""  # a catalogue's 发文单位: the issuer only when the text names none
    catalogue_title: str = ""  # a catalogue's 标题/名称 row: the notice title when none is printed

    def warn(self, message: str, line: int | None = None) -> None:
        """Record something the parser could not read with confidence."""
        self.plan.warnings.append(ParseWarning(message=message, line=line))
