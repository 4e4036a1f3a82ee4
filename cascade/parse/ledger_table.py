"""The attachment task ledger (任务台账) rows → measures under their tasks. Being built."""

from __future__ import annotations

from .state import ParseState


def read_ledger_table(state: ParseState) -> None:
    """Parse `state.table` rows into Measures and attach each to its task by content."""
    return None
