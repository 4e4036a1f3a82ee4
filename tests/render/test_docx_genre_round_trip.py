"""Plans shaped unlike the seeds render to a .docx that parses back to the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.parse import parse_file
from cascade.render.docx import render_docx

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*.txt"))


def _signature(plan):
    tasks = [(t.id, t.title, t.units, [(d.kind, d.date) for d in t.deadlines]) for t in plan.tasks()]
    sections = [s.title for s in plan.sections]
    return plan.title, plan.level, plan.issuer, plan.date, sections, tasks, len(plan.measures())


@pytest.mark.parametrize("source", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_round_trips_through_docx(source, tmp_path):
    plan = parse_file(source)
    back = parse_file(render_docx(plan, tmp_path / f"{source.stem}.docx"), plan_id=plan.id)
    assert _signature(back) == _signature(plan)
