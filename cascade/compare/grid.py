"""Small dense float matrices as Python lists, with the few ndarray operations the diff uses.

Plans have tens of tasks and a few hundred clauses; numpy cost ~110 ms to import (OpenBLAS
starting threads nothing here uses) for matrices this size. `Matrix[i, j]`, `Matrix[i]` (a row
`Vector`), `.T`, `.shape`, `.size` and the `Vector` methods below behave as numpy's do for the
float and bool values used here (row and column maxima, argmax, element-wise masks).
"""

from __future__ import annotations


class Vector(list):
    """A row of numbers: a list with numpy's `max`, `argmax`, `copy`, `size` and element-wise
    `*`, `|`, `<`, `==` (comparisons give a Vector of bools, as numpy's do)."""

    __hash__ = None

    @property
    def size(self) -> int:
        """Number of elements."""
        return len(self)

    def max(self):
        """Largest element (ValueError on an empty row, as numpy)."""
        if not self:
            raise ValueError("max of an empty Vector")
        return max(self)

    def argmax(self) -> int:
        """Index of the first largest element."""
        if not self:
            raise ValueError("argmax of an empty Vector")
        best = 0
        for i in range(1, len(self)):
            if self[i] > self[best]:
                best = i
        return best

    def copy(self) -> Vector:
        """A Vector with the same elements."""
        return Vector(self)

    def _each(self, other, op) -> Vector:
        if isinstance(other, list):
            return Vector(op(a, b) for a, b in zip(self, other, strict=True))
        return Vector(op(a, other) for a in self)

    def __mul__(self, other):
        return self._each(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __or__(self, other):
        return self._each(other, lambda a, b: a or b)

    def __lt__(self, other):
        return self._each(other, lambda a, b: a < b)

    def __eq__(self, other):
        return self._each(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._each(other, lambda a, b: a != b)


class Matrix:
    """Rows × columns of floats; `m[i, j]` is one value, `m[i]` row i (shared, not a copy)."""

    __slots__ = ("rows", "ncols")

    def __init__(self, rows: list[list[float]], ncols: int | None = None):
        """`rows` of equal length (`ncols` gives the width of a matrix without rows)."""
        self.rows = [r if isinstance(r, Vector) else Vector(r) for r in rows]
        self.ncols = len(self.rows[0]) if self.rows else (ncols or 0)

    @classmethod
    def zeros(cls, n: int, m: int) -> Matrix:
        """An n × m matrix of 0.0."""
        return cls([[0.0] * m for _ in range(n)], m)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return len(self.rows), self.ncols

    @property
    def size(self) -> int:
        """Number of values."""
        return len(self.rows) * self.ncols

    @property
    def T(self) -> Matrix:  # noqa: N802 - numpy's name
        """The transpose (a new matrix)."""
        if not self.rows:
            return Matrix([[] for _ in range(self.ncols)], 0)
        return Matrix([list(col) for col in zip(*self.rows)], len(self.rows))

    def column(self, j: int) -> Vector:
        """Column j as a new Vector."""
        return Vector(row[j] for row in self.rows)

    def __getitem__(self, key):
        if isinstance(key, tuple):
            i, j = key
            return self.rows[i][j]
        return self.rows[key]

    def __setitem__(self, key, value) -> None:
        i, j = key
        self.rows[i][j] = value

    def __len__(self) -> int:
        return len(self.rows)
