"""Deadline phrases (完成时限) → Deadline objects. Being built; see find_deadlines."""

from __future__ import annotations

import datetime as _dt

from ..model import Deadline


def find_deadlines(text: str, ref_date: _dt.date | None = None) -> list[Deadline]:
    """Every deadline phrase in a running text, in order, each normalised."""
    return []


def parse_deadline(text: str, ref_date: _dt.date | None = None) -> list[Deadline]:
    """A ledger cell's 完成时限 (the whole cell is about time) → its deadlines."""
    return []
