"""Parse a source document into a Plan: an ordered list of small named steps over one state."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..model import Plan
from ..sources import SourceText, read_source
from .state import ParseState


def _steps():
    # Imported here so that `import cascade.parse` stays cheap for the CLI.
    from . import ledger_table, level, measures, notice, outline, table_tasks, unwrap

    return [
        unwrap.clean_lines,
        unwrap.split_attachment,
        unwrap.unwrap_paragraphs,
        notice.read_notice,
        notice.read_tail,
        outline.read_outline,
        table_tasks.tasks_from_table,
        ledger_table.read_ledger_table,
        level.infer_level,
        measures.split_step,
    ]


def plan_id_for(path: str | Path) -> str:
    """A stable plan id from a file name: `guangdong-2023.txt` → `guangdong-2023`."""
    stem = Path(path).name
    for suffix in (".plan.yaml", ".plan.json", ".txt", ".docx", ".xlsx", ".pdf", ".doc", ".wps",
                   ".yaml", ".json"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return re.sub(r"\s+", "-", stem.strip()) or "plan"


def parse_source(source: SourceText, *, plan_id: str | None = None) -> Plan:
    """Run every parsing step over a read source and return the Plan."""
    plan = Plan(id=plan_id or plan_id_for(source.path), title="", source=Path(source.path).name)
    state = ParseState(source=source, plan=plan)
    for line, message in source.meta.get("warnings", ()):  # what the reader noticed (bad bytes)
        state.warn(message, line)
    for step in _steps():
        step(state)
    if not plan.sections or not plan.tasks():
        raise ParseError(
            "没有找到可识别的方案结构（应有“一、…”“（一）…”“1.…”形式的重点任务）。",
            path=source.path,
        )
    return plan


def parse_file(path: str | Path, *, plan_id: str | None = None) -> Plan:
    """Read and parse a .txt/.docx/.xlsx source document."""
    return parse_source(read_source(path), plan_id=plan_id)
