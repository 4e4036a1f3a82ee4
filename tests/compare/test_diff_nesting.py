"""Nested items (1.（1）) against flat tasks, both ways, on the 随州 plan moved up or down a level;
and real tasks merged and split in a lower level's words."""

from __future__ import annotations

import copy

from cascade.compare import diff_plans
from cascade.compare.clauses import task_clauses
from cascade.levels import translate


def _moved(plan, level: str, region: str, *, flatten: bool):
    """`plan` in another level's words; with `flatten`, nested items folded into their task."""
    out = copy.deepcopy(plan)
    words = {"from_region": plan.region, "to_region": region}
    out.id, out.level, out.region, out.parent = f"{level}-copy", level, region, None
    for task in out.tasks():
        task.text = translate(task.text, plan.level, level, **words)
        task.title = translate(task.title, plan.level, level, **words)
        task.units = [translate(u, plan.level, level, **words) for u in task.units]
    if flatten:
        for section in out.sections:
            for task in section.tasks:
                if task.children:
                    task.text = (task.text or "") + "".join(c.text for c in task.children)
                    task.units = list(dict.fromkeys(u for c in task.children for u in c.units))
                    task.children = []
    return out


def _links(diff):
    return {t.parent_task: t.child_tasks for t in diff.tasks}


def test_nested_city_items_carry_a_flat_province_task(seed_plans):
    city = seed_plans["suizhou"]
    nested = [t for t in city.top_tasks() if t.children]
    assert len(nested) >= 4
    province = _moved(city, "province", "某某省", flatten=True)
    diff = diff_plans(city, province)
    s = diff.summary
    assert (s.missing, s.partial, s.missing_clauses, s.extra) == (0, 0, 0, 0)
    for task in nested:
        assert _links(diff)[task.id] == [c.id for c in task.children]


def test_a_flat_county_task_carries_every_nested_city_item(seed_plans):
    city = seed_plans["suizhou"]
    county = _moved(city, "county", "某某县", flatten=True)
    diff = diff_plans(county, city)
    s = diff.summary
    assert (s.missing, s.partial, s.missing_clauses, s.extra) == (0, 0, 0, 0)
    assert not any(t.units.missing for t in diff.tasks)
    for task in city.top_tasks():
        for item in task.children:
            assert _links(diff)[item.id] == [task.id]


def test_real_tasks_merged_and_split_in_city_words(seed_plans):
    province = seed_plans["guangdong"]
    city = _moved(province, "city", "某某市", flatten=False)
    first, second = city.sections[0].tasks[:2]
    first.text += second.text
    first.title += "和" + second.title
    del city.sections[0].tasks[1]
    big = city.task("2.5")
    clauses = task_clauses(big)
    half = len(clauses) // 2
    extra = copy.deepcopy(big)
    big.text, extra.text = "".join(clauses[:half]), "".join(clauses[half:])
    extra.id, extra.title = "2.5b", "细化行政裁量权基准"
    section = city.sections[1]
    section.tasks.insert(section.tasks.index(big) + 1, extra)
    diff = diff_plans(city, province)
    assert _links(diff)["1.1"] == _links(diff)["1.2"] == ["1.1"]
    assert _links(diff)["2.5"] == ["2.5", "2.5b"]
    s = diff.summary
    assert (s.missing, s.partial, s.missing_clauses, s.extra) == (0, 0, 0, 0)


def test_units_named_in_the_ledger_or_on_the_containing_task_count(seed_plans):
    """A task whose 责任单位 sit only in its ledger rows, or only on the task its items are
    nested in, is not reported as naming no units."""
    county = copy.deepcopy(seed_plans["kaiping"])
    for task in county.tasks():
        assert any(m.units for m in task.measures)
        task.units = []
    diff = diff_plans(county, seed_plans["guangdong"])
    assert not any(t.units.missing for t in diff.tasks)
    city = copy.deepcopy(seed_plans["suizhou"])
    nested = [t for t in city.top_tasks() if t.children]
    for task in nested:
        task.units = list(dict.fromkeys(u for c in task.children for u in c.units))
        for item in task.children:
            item.units = []
    province = _moved(seed_plans["suizhou"], "province", "某某省", flatten=True)
    assert not any(t.units.missing for t in diff_plans(city, province).tasks)
    for task in nested:
        task.units = []
    # Now none of the items nor their task names units: each province task they carry is reported.
    diff = diff_plans(city, province)
    assert sum(t.units.missing for t in diff.tasks) == len(nested)
    assert sum(f.message == "下级未列责任单位" for _, _, f in diff.all_findings()) == len(nested)
