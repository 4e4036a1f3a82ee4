"""The one model: plans saved as YAML and JSON load back equal, unknown fields are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade import model
from cascade.model import Deadline, Measure, Plan, Section, Task


@pytest.mark.parametrize("name", ["guangdong", "meizhou", "kaiping", "suizhou"])
@pytest.mark.parametrize("suffix", [".plan.yaml", ".plan.json"])
def test_seed_plans_round_trip(seed_plans, tmp_path, name, suffix):
    plan = seed_plans[name]
    path = model.save(plan, tmp_path / f"{name}{suffix}")
    assert model.load(path) == plan


def test_document_field_order_and_schema(seed_plans):
    data = seed_plans["guangdong"].to_dict()
    assert list(data)[:4] == ["schema", "id", "title", "level"]
    assert data["schema"] == "plan-cascade/plan@1"
    assert data["sections"][0]["tasks"][0]["id"] == "1.1"


def test_unknown_fields_are_refused():
    with pytest.raises(ValueError, match="unknown field"):
        Plan.from_dict({"id": "x", "title": "t", "sections": [], "colour": "red"})


# Control characters never reach a plan: the readers strip them (strip_markup).
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
_dates = st.one_of(st.none(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
_deadline = st.builds(Deadline, text=_text, kind=st.sampled_from(model.DEADLINE_KINDS), date=_dates,
                      start=_dates, dates=st.lists(st.sampled_from(["05-31", "11-30"]), max_size=2),
                      inferred=st.booleans())
_measure = st.builds(Measure, id=_text, label=_text, text=_text, units=st.lists(_text, max_size=3),
                     deadlines=st.lists(_deadline, max_size=2))
_task = st.builds(Task, id=_text, number=_text, title=_text, text=_text, units=st.lists(_text, max_size=3),
                  deadlines=st.lists(_deadline, max_size=2), measures=st.lists(_measure, max_size=2),
                  children=st.lists(st.builds(Task, id=_text, number=_text, title=_text), max_size=2))
_plan = st.builds(Plan, id=_text, title=_text, date=_dates,
                  sections=st.lists(st.builds(Section, id=_text, number=_text, title=_text,
                                              tasks=st.lists(_task, max_size=3)), max_size=3))


@given(_plan)
@settings(max_examples=60, deadline=None)
def test_any_plan_round_trips_through_yaml_and_json(plan):
    assert model.loads(model.dumps_yaml(plan)) == plan
    assert model.loads(model.dumps_json(plan), fmt="json") == plan
