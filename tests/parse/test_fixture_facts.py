"""Every fixture with a `.facts.yaml` beside it parses to the facts its document states.

The facts files list the header (title, issuer, 文号, date, level), the frame parts and every
task id in order with its units (lead and support apart), implementers and deadlines as
written. Lead, support and implementers not listed must be empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cascade.parse import parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FACTS = sorted(FIXTURES.glob("*.facts.yaml"))


def _source(facts: Path) -> Path:
    return facts.with_name(facts.name.replace(".facts.yaml", ".txt"))


@pytest.fixture(scope="module")
def parsed():
    return {facts.name: parse_file(_source(facts)) for facts in FACTS}


def test_every_new_fixture_states_its_facts():
    assert len(FACTS) >= 8
    assert all(_source(f).exists() for f in FACTS)


@pytest.mark.parametrize("facts", FACTS, ids=[f.name.split(".")[0] for f in FACTS])
def test_header_facts(facts, parsed):
    want = yaml.safe_load(facts.read_text(encoding="utf-8"))
    plan = parsed[facts.name]
    got = {"title": plan.title, "issuer": plan.issuer, "doc_number": plan.doc_number,
           "date": plan.date, "level": plan.level}
    assert got == {key: want[key] for key in got}
    if "general" in want:
        assert [p.title for p in plan.general] == want["general"]
    if "closing" in want:
        assert [p.title for p in plan.closing] == want["closing"]


@pytest.mark.parametrize("facts", FACTS, ids=[f.name.split(".")[0] for f in FACTS])
def test_task_facts(facts, parsed):
    want = yaml.safe_load(facts.read_text(encoding="utf-8"))["tasks"]
    plan = parsed[facts.name]
    assert [t.id for t in plan.tasks()] == [str(k) for k in want]
    for task_id, expected in want.items():
        task = plan.task(str(task_id))
        assert task.title == expected["title"], task_id
        assert task.units == expected["units"], task_id
        assert task.lead == expected.get("lead", []), task_id
        assert task.support == expected.get("support", []), task_id
        assert task.implementers == expected.get("implementers", []), task_id
        assert [d.text for d in task.deadlines] == expected["deadlines"], task_id
        table_rows = [m for m in task.measures if not m.split]  # split measures come from sentences
        assert len(table_rows) == expected.get("measures", 0), task_id
        assert set(task.lead + task.support) <= set(task.units), task_id


@pytest.mark.parametrize("facts", FACTS, ids=[f.name.split(".")[0] for f in FACTS])
def test_lead_and_support_survive_the_plan_file(facts, parsed, tmp_path):
    from cascade.model import load, save

    plan = parsed[facts.name]
    for suffix in (".plan.yaml", ".plan.json"):
        again = load(save(plan, tmp_path / f"p{suffix}"))
        assert again.to_dict() == plan.to_dict()
        assert [(t.lead, t.support) for t in again.tasks()] == [(t.lead, t.support) for t in plan.tasks()]
