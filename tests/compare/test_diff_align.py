"""Task alignment: reordered, renumbered, split, merged and derived child tasks find a parent."""

from __future__ import annotations

import copy

from diff_helpers import PARENT_TASKS, make_plan

from cascade.compare import diff_plans

CITY_TASKS = [
    (tid, title, text.replace("省司法厅", "市司法局").replace("省各", "市各"), units)
    for tid, title, text, units in PARENT_TASKS
]


def _links(diff) -> dict[str, list[str]]:
    return {t.parent_task: t.child_tasks for t in diff.tasks}


def test_same_tasks_in_city_words_align_one_to_one():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    child = make_plan("c", "city", "某某市", CITY_TASKS)
    diff = diff_plans(child, parent)
    assert _links(diff) == {"1.1": ["1.1"], "1.2": ["1.2"], "2.3": ["2.3"], "2.4": ["2.4"]}
    assert diff.summary.covered_clauses == diff.summary.clauses == 8
    assert diff.extra_tasks == []


def test_reordered_and_renumbered_child_still_aligns():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    shuffled = [CITY_TASKS[i] for i in (3, 2, 0, 1)]
    renumbered = [(f"{k // 2 + 1}.{k + 7}", *rest) for k, (_, *rest) in enumerate(shuffled)]
    child = make_plan("c", "city", "某某市", renumbered)
    links = _links(diff_plans(child, parent))
    assert links == {"1.1": ["2.9"], "1.2": ["2.10"], "2.3": ["1.8"], "2.4": ["1.7"]}


def test_a_task_split_in_two_maps_to_both():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    title, text = CITY_TASKS[1][1], CITY_TASKS[1][2]
    first, second = text.split("。")[:2]
    tasks = [CITY_TASKS[0], ("1.2", title, first + "。"), ("1.3", "组织全员轮训", second + "。"),
             *[(f"2.{int(t[0][-1]) + 1}", *t[1:]) for t in CITY_TASKS[2:]]]
    diff = diff_plans(make_plan("c", "city", "某某市", tasks), parent)
    assert _links(diff)["1.2"] == ["1.2", "1.3"]
    assert diff.task("1.2").status == "matched"
    assert diff.extra_tasks == []


def test_two_tasks_merged_into_one_are_both_covered():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    merged = ("2.3", "落实问题清单和监督制度", CITY_TASKS[2][2] + CITY_TASKS[3][2])
    diff = diff_plans(make_plan("c", "city", "某某市", [*CITY_TASKS[:2], merged]), parent)
    assert _links(diff)["2.3"] == ["2.3"] and _links(diff)["2.4"] == ["2.3"]
    assert diff.summary.missing == 0 and diff.summary.missing_clauses == 0


def test_derived_from_wins_and_new_tasks_are_extra():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    tasks = [*CITY_TASKS, ("3.5", "推行包容审慎监管", "对新技术、新产业、新业态、新模式的市场主体实行包容审慎监管，推行执法清单制度。")]
    child = make_plan("c", "city", "某某市", tasks)
    child.task("1.1").derived_from = "2.4"  # a deliberate mapping beats text similarity
    diff = diff_plans(child, parent)
    assert "1.1" in _links(diff)["2.4"]
    assert "1.1" not in _links(diff)["1.1"]
    assert [(e.child_task, e.title) for e in diff.extra_tasks] == [("3.5", "推行包容审慎监管")]


def test_a_task_dropped_entirely_is_missing():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    child = make_plan("c", "city", "某某市", CITY_TASKS[:3])
    diff = diff_plans(child, copy.deepcopy(parent))
    assert diff.task("2.4").status == "missing" and diff.task("2.4").child_tasks == []
    assert diff.summary.missing == 1 and diff.findings("missing")
