"""Long parent clauses a child rewrote shorter are kept (modified); clauses it dropped are not.

Judged by reading 开平 against 广东: 开平 task 6 keeps 广东 2.4's demand (梳理突出问题清单，明确整治
措施…，形成专项整治台账) with its own list of problems; task 9 keeps 3.7's 事项目录 sentence without
its opening on 司法行政部门; task 14 keeps 4.11's 司法所 sentence without the 省政府 preamble; task 10
re-states 3.8's 指导目录 sentence as taking part in it. 广东 2.5's two sentences on who writes the
基准 and 3.7's 一单两用 sentence have nothing in 开平.
"""

from __future__ import annotations

import copy

import pytest

from cascade.compare import diff_plans
from cascade.compare.clauses import task_clauses
from cascade.compare.normalise import tidy


def _status(diff, task_id: str, words: str) -> tuple[str, str | None]:
    (clause,) = [c for c in diff.task(task_id).clauses if words in c.parent_clause]
    return clause.status, clause.child_task


@pytest.mark.parametrize("task_id, words, child_task", [
    ("2.4", "运动式执法", "2.6"),
    ("3.7", "法治协调职责", "3.9"),
    ("4.11", "司法所履行行政执法监督职能", "4.14"),
    # One child sentence joins two parent sentences, each from its own stretch of it.
    ("3.8", "指导目录以外的事项原则上不得下放", "3.10"),
    ("3.8", "之前已经下放的由原决定机关公告收回", "3.10"),
    # Half the sentence kept word for word (落实行政执法监督员制度), half dropped: a cut-down rewrite.
    ("4.12", "行政执法监督员制度", "4.15"),
])
def test_condensed_clauses_are_kept_reworded(kaiping, task_id, words, child_task):
    assert _status(kaiping, task_id, words) == ("modified", child_task)


@pytest.mark.parametrize("task_id, words", [
    ("2.5", "原则上由省级行政执法部门制定"),
    ("2.5", "由本级行政执法部门制定"),
    ("3.7", "一单两用"),
])
def test_clauses_the_county_left_out_stay_missing(kaiping, task_id, words):
    assert _status(kaiping, task_id, words)[0] == "missing"


def test_a_clause_cut_to_one_verbatim_phrase_is_modified_with_the_rest_dropped(seed_plans):
    """Keeping only the last phrase of a long sentence word for word drops the rest of it: the
    clause is modified (partly kept) and each phrase it lost is reported."""
    parent = seed_plans["guangdong"]
    child = copy.deepcopy(parent)
    task = child.task("2.4")
    first = task_clauses(task)[0]
    tail = first.rstrip("。").split("，")[-1] + "。"
    assert len(tail) < len(first) / 4
    task.text = task.text.replace(first, tail, 1)
    diff = diff_plans(child, parent)
    (clause,) = [c for c in diff.task("2.4").clauses if c.parent_clause.startswith(tidy(first)[:20])]
    assert clause.status == "modified" and diff.summary.missing_clauses == 0
    dropped = [f.parent for f in clause.findings if f.type == "phrase_dropped"]
    assert "聚焦是否存在违反罚缴分离、收支两条线等制度" in dropped
    assert tidy(tail).rstrip("。") not in dropped


def test_a_child_clause_goes_to_the_parent_clause_it_rewrites(seed_plans):
    """梅州 2.5 keeps 广东's sentence on 本级 bases (本市地方性法规…由本级行政执法部门制定) and drops the
    one before it on 省级 bases; the kept sentence is not also evidence for the dropped one."""
    diff = diff_plans(seed_plans["meizhou"], seed_plans["guangdong"])
    assert _status(diff, "2.5", "原则上由省级行政执法部门制定")[0] == "missing"
    assert _status(diff, "2.5", "各地级以上市地方性法规") == ("modified", "2.5")
