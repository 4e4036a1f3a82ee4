"""A worksheet's cells as they exist in the file: never walked as a `max_row × max_column` box.

openpyxl's `iter_rows`, `ws.cell()` and `max_column` span the whole used rectangle, so one cell
typed at XFD1048576 makes every loop over them run 17 billion times (and `ws.cell` creates each
cell it visits). These helpers read only the cells the file holds.
"""

from __future__ import annotations

from collections.abc import Iterator

# Rows of nothing between two rows of a sheet read as text collapse to one blank line beyond
# this many, and so do empty columns inside a row: a far-away cell costs one line, not a million.
MAX_BLANK_RUN = 200


def _cells(ws) -> dict:
    """The cell mapping of a workbook opened in normal (not read-only) mode."""
    return getattr(ws, "_cells", {})


def filled(cell) -> bool:
    """True when a cell holds a value (comments and hyperlinks count: people typed them)."""
    return cell.value not in (None, "") or bool(getattr(cell, "comment", None)) or bool(
        getattr(cell, "hyperlink", None))


def cell_at(ws, row: int, column: int):
    """The cell at (row, column) when the file has it, else None — never creates one."""
    return _cells(ws).get((row, column))


def value_at(ws, row: int, column: int):
    """The value at (row, column), None for a cell the file lacks."""
    cell = cell_at(ws, row, column)
    return None if cell is None else cell.value


def rows(ws, min_row: int = 1, max_row: int | None = None) -> dict[int, dict[int, object]]:
    """Filled cells by row then column, rows in order, within [min_row, max_row]."""
    out: dict[int, dict[int, object]] = {}
    for (r, c), cell in sorted(_cells(ws).items()):
        if r < min_row or (max_row is not None and r > max_row) or not filled(cell):
            continue
        out.setdefault(r, {})[c] = cell
    return out


def filled_cells(ws) -> Iterator:
    """Every filled cell, row by row."""
    for row in rows(ws).values():
        yield from row.values()


def used_columns(ws, min_row: int = 1) -> list[int]:
    """The columns that hold a filled cell at or below `min_row`, in order."""
    return sorted({c for (r, c), cell in _cells(ws).items() if r >= min_row and filled(cell)})


def text_lines(ws) -> list[str]:
    """The sheet as tab-joined lines, one per row, long runs of empty rows and columns collapsed."""
    lines: list[str] = []
    last = 0
    for r, cells in rows(ws).items():
        gap = r - last - 1
        lines.extend([""] * (gap if gap <= MAX_BLANK_RUN else 1))
        last = r
        parts: list[str] = []
        col = 0
        for c, cell in cells.items():
            if cell.value in (None, ""):
                continue
            skip = c - col - 1
            parts.extend([""] * (skip if skip <= MAX_BLANK_RUN else 1))
            parts.append(str(cell.value).replace("\t", " ").replace("\n", ""))
            col = c
        lines.append("\t".join(parts))
    return lines
