"""Where the ledger's printed pages break: between task groups where a group fits on the page,
otherwise inside it, with the merged labels split there so each page shows its own label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..ledger_layout import COLUMNS, EXTRA_WIDTH, MARGINS, PAGE_HEIGHT_PT

A4_LANDSCAPE_WIDTH_PT = 842.0


def print_scale(widths: Sequence[float]) -> float:
    """The scale fit-to-width printing uses for columns `widths` (Excel character units)."""
    points = sum(w * 7 + 5 for w in widths) * 0.75
    usable = A4_LANDSCAPE_WIDTH_PT - 72 * (MARGINS["left"] + MARGINS["right"])
    return min(1.0, usable / points) if points else 1.0


def ledger_widths(ncols: int) -> list[float]:
    """Printed column widths of the ledger sheet (the hidden key column prints nothing)."""
    widths = [w for _, w in COLUMNS]
    return widths + [EXTRA_WIDTH] * max(0, ncols - len(widths) - 1)


def page_breaks(heights: Mapping[int, float], groups: Sequence[tuple[int, int]], first: int,
                header_height: float, scale: float) -> list[int]:
    """Rows after which a page ends: a group that does not fit on what is left of a page starts
    a new one; a group taller than a page breaks where the page is full."""
    room = PAGE_HEIGHT_PT / scale - header_height
    breaks: list[int] = []
    used = sum(heights.get(r, 0) for r in range(1, first))  # title rows on the first page
    for start, end in groups:
        need = sum(heights.get(r, 0) for r in range(start, end + 1))
        if used + need > room and used > 0 and need <= room:
            breaks.append(start - 1)
            used = 0
        for row in range(start, end + 1):
            h = heights.get(row, 0)
            if used + h > room and used > 0:
                breaks.append(row - 1)
                used = 0
            used += h
    return breaks


def split_at(runs: Sequence[tuple[int, int]], breaks: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of rows cut where a page breaks inside them."""
    out = []
    for first, last in runs:
        start = first
        for b in breaks:
            if start <= b < last:
                out.append((start, b))
                start = b + 1
        out.append((start, last))
    return out
