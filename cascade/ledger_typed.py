"""What people typed into a ledger, as the ledger update hands it to the renderer to put back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Typed:
    """A value somebody typed into a ledger cell, with what makes it look the same again:
    its number format, whether it is a formula, and its comment (批注) and hyperlink."""

    value: Any
    number_format: str = "General"
    formula: bool = False
    comment: str | None = None
    author: str | None = None
    link: str | None = None


@dataclass
class CopiedSheet:
    """A sheet people added to a ledger, carried over cell by cell when it is regenerated."""

    name: str
    cells: dict[tuple[int, int], Typed] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Archived:
    """A typed cell that has no row to go back to, as one row of the archive sheet."""

    sheet: str
    where: str  # a cell reference, or the measure's key
    column: str
    typed: Typed
    note: str = ""


@dataclass
class Kept:
    """Everything from an old ledger that a regenerated one must hold again.

    `typed` maps a measure id to its row's typed values by header (the standard typed columns
    or `extra_columns`); `removed_rows` are archived rows by header (`removed_columns` order);
    `inserted` holds the rows people added under a measure, which stay under it; `stats_cells`
    are cells people typed on the 统计 sheet, put back where they were when that cell is free;
    `archive` every other typed cell, in the one archive sheet.
    """

    typed: dict[str, dict[str, Typed]] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    removed_columns: list[str] = field(default_factory=list)
    removed_rows: list[dict[str, Typed]] = field(default_factory=list)
    sheets: list[CopiedSheet] = field(default_factory=list)
    # Rows people inserted under a measure's row (measure id → rows of cells by header).
    inserted: dict[str, list[dict[str, Typed]]] = field(default_factory=dict)
    # The 统计截至 date is one a person typed into the ledger: later updates keep it too.
    as_of_typed: bool = False
    stats_cells: dict[tuple[int, int], Typed] = field(default_factory=dict)
    archive: list[Archived] = field(default_factory=list)
