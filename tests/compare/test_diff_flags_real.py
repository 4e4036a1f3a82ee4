"""Typed findings on a real plan: the listed softenings are found on their own clause, and
neutral rewording of the same plan finds nothing (precision)."""

from __future__ import annotations

import copy

import pytest

from cascade.compare import diff_plans
from cascade.compare.targets import lowered, targets_lowered
from cascade.levels import translate


def _city_copy(parent, edits):
    """The province plan in a city's words, with (task id, old, new) edits applied."""
    child = copy.deepcopy(parent)
    child.id, child.level, child.region = "city-copy", "city", "某某市"
    for task in child.tasks():
        task.text = translate(task.text, "province", "city", from_region=parent.region,
                              to_region=child.region)
    for task_id, old, new in edits:
        task = child.task(task_id)
        assert old in task.text, (task_id, old)
        task.text = task.text.replace(old, new, 1)
    return child


SOFTENED = [
    ("2.5", "确保在2023年底前", "力争在2023年底前", "duty_weakened", ("确保", "力争")),
    ("2.6", "全面落实行政执法公示", "逐步落实行政执法公示", "duty_weakened", ("全面", "逐步")),
    ("1.2", "不少于60学时", "不少于40学时", "target_lowered",
     ("每年接受不少于60学时", "每年接受不少于40学时")),
]


@pytest.mark.parametrize("task_id, old, new, flag, values", SOFTENED)
def test_softening_is_flagged_on_its_clause(seed_plans, task_id, old, new, flag, values):
    parent = seed_plans["guangdong"]
    diff = diff_plans(_city_copy(parent, [(task_id, old, new)]), parent)
    flagged = [(where, f.type, f.parent, f.child) for where, _, f in diff.all_findings()]
    assert flagged == [(task_id, flag, *values)]
    (clause,) = [c for c in diff.task(task_id).clauses if c.findings]
    assert clause.status == "modified" and old.replace(new, "") in clause.parent_clause
    (found,) = clause.findings
    start, end = found.parent_span
    assert clause.parent_clause[start:end] == found.parent


def test_a_later_date_is_reported_on_its_clause(seed_plans):
    parent = seed_plans["guangdong"]
    child = _city_copy(parent, [("3.7", "要在2024年6月底前", "要在2025年6月底前")])
    diff = diff_plans(child, parent)
    issues = [(where, f.parent, f.child, f.type) for where, _, f in diff.all_findings()]
    assert issues == [("3.7", "2024年6月底前", "2025年6月底前", "deadline_later")]


NEUTRAL = [("1.1", "进一步加强", "进一步强化"), ("1.2", "如实记录", "认真记录"),
           ("3.9", "健全事前事中事后", "完善事前事中事后"), ("4.11", "周密制定", "认真制定"),
           ("2.5", "确保在2023年底前普遍建立", "确保在2023年底前全面建立"),
           ("1.2", "不少于60学时", "60学时以上")]


def test_neutral_rewording_flags_nothing(seed_plans):
    parent = seed_plans["guangdong"]
    diff = diff_plans(_city_copy(parent, NEUTRAL), parent)
    s = diff.summary
    assert (s.missing_clauses, s.findings) == (0, {})
    # The level words alone change nothing: no clause outside the edited ones reads modified.
    modified = {t.parent_task for t in diff.tasks for c in t.clauses if c.status == "modified"}
    assert modified <= {task_id for task_id, _, _ in NEUTRAL}


@pytest.mark.parametrize("parent, child, flagged", [
    ("每季度开展1次专项检查", "每半年开展1次专项检查", True),
    ("每月报送1次", "每季度报送1次", True),
    ("每半年开展1次", "每季度开展1次", False),
    ("每年开展4次", "每季度开展1次", False),
    ("每年开展2次", "每季度开展1次", False),
])
def test_a_slower_pace_is_a_lowered_target(parent, child, flagged):
    assert bool(targets_lowered(parent, child)) is flagged


@pytest.mark.parametrize("parent, child", [
    ("每年至少开展2次执法检查", "每两年至少开展2次执法检查"),
    ("每年组织开展行政执法案卷评查", "每两年组织开展行政执法案卷评查"),
    ("每季度通报一次", "每半年通报一次"),
])
def test_a_count_asked_at_a_slower_pace_is_lowered(parent, child):
    assert targets_lowered(parent, child)
    assert targets_lowered(child, parent) == []


def test_level_words_alone_change_nothing(seed_plans):
    """省 words put in a city's (省地方性法规 stays, 市政府规章 is the lower level's) read covered."""
    parent = seed_plans["guangdong"]
    diff = diff_plans(_city_copy(parent, []), parent)
    assert {c.status for t in diff.tasks for c in t.clauses} == {"covered"}


@pytest.mark.parametrize("parent, child, flagged", [
    # A target the child dropped is not another target lowered.
    ("培训覆盖率达到100%，考试合格率达到95%。", "考试合格率达到95%。", []),
    ("线上办理率2024年达到80%，2025年达到100%。", "线上办理率2025年达到100%。", []),
    ("每年开展2次检查，每季度通报1次。", "每年开展1次检查。", [("每年开展2次", "每年开展1次")]),
    ("培训覆盖率达到100%，考试合格率达到95%。", "培训覆盖率达到100%，考试合格率达到90%。",
     [("达到95%", "达到90%")]),
])
def test_numbers_are_compared_only_with_what_measures_the_same(parent, child, flagged):
    assert [(f.parent, f.child) for f in lowered(parent, child)] == flagged
