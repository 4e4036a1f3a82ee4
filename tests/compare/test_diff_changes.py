"""Changes a child makes to kept clauses, on a copy of a real city plan: flags, moves, deadlines."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from cascade.compare import diff_plans
from cascade.compare.timing import deadline_issues
from cascade.model import Task
from cascade.parse.deadlines import find_deadlines


@pytest.fixture()
def pair(seed_plans):
    return copy.deepcopy(seed_plans["meizhou"]), seed_plans["guangdong"]


def test_weakened_and_lowered_clause_is_modified_with_both_values(pair):
    child, parent = pair
    task = child.task("1.2")
    task.text = task.text.replace("确保每人每年接受不少于 60", "力争每人每年接受不少于 40")
    task.text = task.text.replace("确保每人每年接受不少于60", "力争每人每年接受不少于40")
    diff = diff_plans(child, parent)
    (clause,) = [c for c in diff.task("1.2").clauses if "学时" in c.parent_clause and c.flags]
    assert clause.status == "modified" and clause.flags == ["lowered", "weakened"]
    assert {(f.flag, f.parent, f.child) for f in clause.flag_details} == {
        ("weakened", "确保", "力争"), ("lowered", "每年接受不少于60学时", "每年接受不少于40学时")}
    assert "[-确保-]{+力争+}" in clause.redline
    assert clause.to_dict()["flag_details"][0] == {"flag": "weakened", "parent": "确保", "child": "力争"}
    assert diff.summary.weakened == diff.summary.lowered == 1
    assert diff.findings("any")


def test_clause_moved_to_another_task_is_covered_there(pair):
    child, parent = pair
    sentence = "加强执法行为规范和职业道德教育。"
    source, target = child.task("1.2"), child.task("6.16")
    assert sentence in source.text
    source.text = source.text.replace(sentence, "")
    target.text += sentence
    diff = diff_plans(child, parent)
    (clause,) = [c for c in diff.task("1.2").clauses if c.parent_clause == sentence]
    assert (clause.status, clause.child_task) == ("covered", "6.16")
    assert diff.task("1.2").status == "matched"


def test_real_plan_reversed_and_renumbered_still_aligns(pair):
    child, parent = pair
    tasks = [t for s in child.sections for t in s.tasks][::-1]
    for k, task in enumerate(tasks):
        task.id, task.number = f"9.{k + 1}", f"{k + 1}."
    child.sections = child.sections[:1]
    child.sections[0].tasks = tasks
    diff = diff_plans(child, parent)
    expected = {t.id: [f"9.{16 - k}"] for k, t in enumerate(parent.tasks())}
    assert {t.parent_task: t.child_tasks for t in diff.tasks} == expected
    assert diff.summary.missing == 0 and diff.extra_tasks == []


def test_deadline_rules():
    task = Task(id="x", number="1.", title="")
    ref = dt.date(2024, 1, 1)
    later = deadline_issues("于每年11月底前报送", ref, "于每年12月底前报送", ref, task)
    assert [(d.parent, d.child, d.issue) for d in later] == [("每年11月底前", "每年12月底前", "later")]
    assert deadline_issues("于每年11月底前报送", ref, "于每年10月底前报送", ref, task) == []
    dropped = deadline_issues("于2024年6月底前完成", ref, "持续推进完成", ref, task)
    assert [(d.child, d.issue) for d in dropped] == [(None, "dropped")]
    assert deadline_issues("于2024年6月底前完成", ref, "于2024年 6 月底前完成", ref, task) == []
    # The date moved into the task's ledger rows: later only if all of them are later.
    task.deadlines = find_deadlines("2024年8月底前", ref)
    moved = deadline_issues("于2024年6月底前完成", ref, "完成", ref, task)
    assert [(d.child, d.issue) for d in moved] == [("2024年8月底前", "later")]
