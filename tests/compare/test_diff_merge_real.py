"""A county that folds two of its rewritten tasks into one still carries both provincial tasks;
a county that drops a task leaves it missing (on 开平 against 广东, whose tasks are rewritten)."""

from __future__ import annotations

import copy

import pytest

from cascade.compare import diff_plans


def _merged(plan, first: str, second: str):
    """`plan` with task `first` folded into task `second` (bodies and ledger rows joined)."""
    out = copy.deepcopy(plan)
    gone, kept = out.task(first), out.task(second)
    kept.text = gone.text + kept.text
    kept.measures = gone.measures + kept.measures
    for section in out.sections:
        section.tasks = [t for t in section.tasks if t.id != first]
    return out


@pytest.mark.parametrize("first, second", [("2.6", "2.7"), ("3.9", "3.10"), ("1.1", "1.2"),
                                           ("2.7", "2.8"), ("4.14", "4.15")])
def test_rewritten_tasks_folded_together_carry_both_parent_tasks(seed_plans, first, second):
    county, province = seed_plans["kaiping"], seed_plans["guangdong"]
    base = diff_plans(county, province)
    carried = [t.parent_task for t in base.tasks if set(t.child_tasks) & {first, second}]
    assert len(carried) == 2
    diff = diff_plans(_merged(county, first, second), province)
    assert [diff.task(p).child_tasks for p in carried] == [[second], [second]]
    assert diff.summary.missing == 0
    assert diff.summary.missing_clauses == base.summary.missing_clauses


def test_a_task_the_county_dropped_stays_missing(seed_plans):
    county, province = seed_plans["kaiping"], seed_plans["guangdong"]
    base = diff_plans(county, province)
    for entry in base.tasks:
        child = copy.deepcopy(county)
        for section in child.sections:
            section.tasks = [t for t in section.tasks if t.id not in entry.child_tasks]
        diff = diff_plans(child, province)
        assert diff.task(entry.parent_task).status == "missing", entry.parent_task
        assert diff.summary.missing == 1


@pytest.mark.parametrize("parent_task, child_task", [("1.3", "1.4"), ("3.7", "3.9"), ("2.4", "2.6")])
def test_a_rewritten_task_split_in_two_carries_its_parent_task_in_both(seed_plans, parent_task,
                                                                      child_task):
    from cascade.compare.clauses import split_clauses

    county = copy.deepcopy(seed_plans["kaiping"])
    task = county.task(child_task)
    clauses = split_clauses(task.text)
    piece = copy.deepcopy(task)
    half = len(clauses) // 2
    task.text, piece.text = "".join(clauses[:half]), "".join(clauses[half:])
    piece.id, piece.title, piece.measures = child_task + "b", "另起一项", []
    for section in county.sections:
        if task in section.tasks:
            section.tasks.insert(section.tasks.index(task) + 1, piece)
    diff = diff_plans(county, seed_plans["guangdong"])
    assert diff.task(parent_task).child_tasks == [child_task, piece.id]
    assert piece.id not in [e.child_task for e in diff.extra_tasks]
