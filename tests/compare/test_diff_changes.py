"""Changes a child makes to kept clauses, on a copy of a real city plan: findings, moves, dates."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from cascade.compare import diff_plans
from cascade.compare.timing import deadline_findings
from cascade.model import Task
from cascade.parse.deadlines import find_deadlines


@pytest.fixture()
def pair(seed_plans):
    return copy.deepcopy(seed_plans["meizhou"]), seed_plans["guangdong"]


def _fresh(pair):
    return copy.deepcopy(pair[0])


def test_weakened_and_lowered_clause_is_modified_with_both_values(pair):
    child, parent = pair
    before = diff_plans(_fresh(pair), parent).summary.findings
    task = child.task("1.2")
    task.text = task.text.replace("确保每人每年接受不少于 60", "力争每人每年接受不少于 40")
    task.text = task.text.replace("确保每人每年接受不少于60", "力争每人每年接受不少于40")
    diff = diff_plans(child, parent)
    (clause,) = [c for c in diff.task("1.2").clauses if "学时" in c.parent_clause and c.findings]
    assert clause.status == "modified"
    assert {(f.type, f.parent, f.child) for f in clause.findings} == {
        ("duty_weakened", "确保", "力争"),
        ("target_lowered", "每年接受不少于60学时", "每年接受不少于40学时")}
    assert "[-确保-]{+力争+}" in clause.redline
    weak = clause.to_dict()["findings"][0]
    assert (weak["type"], weak["parent"], weak["child"]) == ("duty_weakened", "确保", "力争")
    assert clause.parent_clause[slice(*weak["parent_span"])] == "确保"
    assert clause.child_clause[slice(*weak["child_span"])] == "力争"
    after = diff.summary.findings
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {
        "duty_weakened": 1, "target_lowered": 1}
    assert diff.findings("any") and diff.findings("duty_weakened")


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


def _dates(parent, child, task, ref=dt.date(2024, 1, 1)):
    return [(f.parent, f.child, f.type) for f in deadline_findings(parent, ref, child, ref, task)]


def test_deadline_rules():
    task = Task(id="x", number="1.", title="")
    ref = dt.date(2024, 1, 1)
    assert _dates("于每年11月底前报送", "于每年12月底前报送", task) == [
        ("每年11月底前", "每年12月底前", "deadline_later")]
    assert _dates("于每年11月底前报送", "于每年10月底前报送", task) == []
    assert _dates("于2024年6月底前完成", "持续推进完成", task) == [
        ("2024年6月底前", None, "deadline_dropped")]
    assert _dates("于2024年6月底前完成", "于2024年 6 月底前完成", task) == []
    # The date moved into the task's ledger rows: later only if all of them are later.
    task.deadlines = find_deadlines("2024年8月底前", ref)
    assert _dates("于2024年6月底前完成", "完成", task) == [
        ("2024年6月底前", "2024年8月底前", "deadline_later")]


def test_deadlines_are_judged_date_by_date():
    task = Task(id="x", number="1.", title="")
    both = "台账要于2023年底前报省司法厅备案，并于2024年6月底前将整治情况报送省司法厅汇总。"
    one = "台账要于2023年底前报省司法厅备案，并将整治情况报送省司法厅汇总。"
    assert _dates(both, one, task) == [("2024年6月底前", None, "deadline_dropped")]
    # A year left out is dropped, unless the child states the year for that clause.
    assert _dates("于2024年6月底前完成", "于6月底前完成", task) == [
        ("2024年6月底前", "6月底前", "deadline_dropped")]
    assert _dates("于2024年6月底前完成", "2024年，各地于6月底前完成", task) == []
    # Only the punctuation moved: the same date is no finding.
    assert _dates("各地要完善制度，2024年6月底前完成。", "各地要完善制度。2024年6月底前完成。",
                  task) == []
