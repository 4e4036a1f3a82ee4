"""Intentional omissions recorded by the child plan read `omitted` with their reason."""

from __future__ import annotations

from diff_helpers import PARENT_TASKS, make_plan

from cascade.compare import diff_plans
from cascade.model import Omission

CITY = [(t, title, text.replace("省", "市"), units) for t, title, text, units in PARENT_TASKS]


def test_omitted_task_and_clause_carry_the_reason():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    first, _ = CITY[3][2].split("。")[:2]
    tasks = [CITY[0], CITY[1], ("2.3", CITY[2][1], CITY[2][2].split("。")[0] + "。", CITY[2][3])]
    child = make_plan("c", "city", "某某市", tasks, omitted=[
        Omission(task="2.4", reason="地方性法规修订由省级负责"),
        Omission(task="2.3", clause="省各有关部门的专项整治台账要于2023年底前报省司法厅备案", reason="本市不设备案环节"),
    ])
    diff = diff_plans(child, parent)
    whole = diff.task("2.4")
    assert (whole.status, whole.reason) == ("omitted", "地方性法规修订由省级负责")
    assert {c.status for c in whole.clauses} == {"omitted"}
    part = diff.task("2.3")
    assert [c.status for c in part.clauses] == ["covered", "omitted"]
    assert part.clauses[1].reason == "本市不设备案环节"
    assert part.status == "matched"
    s = diff.summary
    assert (s.missing, s.omitted, s.missing_clauses, s.omitted_clauses) == (0, 1, 0, 3)
    assert not diff.findings("missing")


def test_omission_by_clause_number_and_unrelated_omissions_do_not_hide_gaps():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    tasks = [CITY[0], ("1.2", CITY[1][1], CITY[1][2].split("。")[1] + "。", CITY[1][3]), CITY[2],
             CITY[3]]
    child = make_plan("c", "city", "某某市", tasks,
                      omitted=[Omission(task="1.2", clause="1", reason="已另行部署"),
                               Omission(task="1.1", clause="不存在的条款内容", reason="无关")])
    diff = diff_plans(child, parent)
    assert [c.status for c in diff.task("1.2").clauses] == ["omitted", "covered"]
    assert diff.task("1.1").status == "matched"
    assert diff.summary.missing_clauses == 0


def test_child_task_without_units_is_reported():
    parent = make_plan("p", "province", "某某省", PARENT_TASKS)
    tasks = [(t, title, text) if t == "1.2" else (t, title, text, units)
             for t, title, text, units in CITY]
    diff = diff_plans(make_plan("c", "city", "某某市", tasks[:3]), parent)
    assert diff.task("1.2").units.missing and diff.task("1.2").units.to_dict()["no_units"]
    assert not diff.task("1.1").units.missing
    assert not diff.task("2.4").units.missing  # no child task at all: reported as a missing task
    assert sum(t.units.missing for t in diff.tasks) == 1
    assert diff.summary.findings == {"units_changed": 1}
    assert diff.findings("any") and diff.findings("units_changed") and not diff.findings("later")


def test_omissions_apply_only_against_the_plan_the_child_names_as_parent():
    parent = make_plan("p-2024", "province", "某某省", PARENT_TASKS)
    child = make_plan("c", "city", "某某市", CITY[:3], omitted=[Omission(task="2.4", reason="另行部署")])
    for named, status in (("p-2024", "omitted"), ("plans/p-2024.plan.yaml", "omitted"),
                          (None, "omitted"), ("national-2023", "missing")):
        child.parent = named
        assert diff_plans(child, parent).task("2.4").status == status, named
