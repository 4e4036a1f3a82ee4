"""The issue's examples on the real sources: 梅州 and 开平 against 广东, finding by finding."""

from __future__ import annotations

import copy

from cascade.compare import diff_plans


def _found(diff, task_id, kind):
    return [(f.parent, f.child) for f in diff.task(task_id).findings if f.type == kind]


def test_meizhou_writes_itself_out_of_a_duty(meizhou):
    assert ("县级以上", "县级") in _found(meizhou, "4.11", "scope_narrowed")
    (clause,) = [c for c in meizhou.task("4.11").clauses if "县级以上司法行政部门" in c.parent_clause]
    assert clause.status == "modified"  # never covered, whatever its similarity (0.97)


def test_meizhou_drops_the_assurance_and_its_date(meizhou):
    assert ("确保", None) in _found(meizhou, "2.5", "duty_weakened")
    assert ("2023年底前", None) in _found(meizhou, "2.5", "deadline_dropped")
    assert ("2023年底前", "2024年5月底前") in _found(meizhou, "2.4", "deadline_later")


def test_meizhou_keeps_part_of_4_10_and_drops_the_evaluation_of_3_8(meizhou):
    statuses = [c.status for c in meizhou.task("4.10").clauses]
    assert "missing" not in statuses
    assert any("修订《广东省行政执法监督条例》" in p for p, _ in _found(meizhou, "4.10", "phrase_dropped"))
    (evaluation,) = [c for c in meizhou.task("3.8").clauses if "至少进行一次评估" in c.parent_clause]
    assert evaluation.status == "missing"


def test_kaiping_gaps_inside_modified_clauses(kaiping):
    (first,) = [c for c in kaiping.task("1.2").clauses if c.parent_clause.startswith("建立健全行政执法标准化")]
    assert first.status == "modified" and first.child_task == "1.2"
    assert any("数据归集共享机制" in p for p, _ in _found(kaiping, "5.14", "phrase_dropped"))
    assert ("深化", "探索") in _found(kaiping, "5.14", "duty_weakened")
    assert ("建立", "调研") in _found(kaiping, "2.6", "duty_weakened")
    assert ("确保", None) in _found(kaiping, "2.5", "duty_weakened")


def test_a_prohibition_reversed_and_an_assurance_dropped_are_not_covered(seed_plans):
    parent = seed_plans["guangdong"]
    assert "不得独立从事" in parent.task("1.3").text
    child = copy.deepcopy(parent)
    child.task("1.3").text = child.task("1.3").text.replace("不得独立从事", "可以独立从事")
    child.task("1.2").text = child.task("1.2").text.replace("确保每人每年", "每人每年")
    diff = diff_plans(child, parent)
    assert _found(diff, "1.3", "duty_reversed") == [("不得", "可以")]
    assert _found(diff, "1.2", "duty_weakened") == [("确保", None)]


def test_units_replaced_or_dropped_from_a_list(seed_plans):
    parent = seed_plans["guangdong"]
    child = copy.deepcopy(parent)
    child.task("1.1").units = ["省教育厅" if u == "省司法厅" else u for u in child.task("1.1").units]
    child.task("2.6").units = [u for u in child.task("2.6").units if u != "市场监管局"]
    diff = diff_plans(child, parent)
    assert _found(diff, "1.1", "units_changed") == [("省司法厅", "省教育厅")]
    assert _found(diff, "2.6", "units_changed") == [("市场监管局", None)]
    assert diff.summary.findings == {"units_changed": 2}


def test_a_same_level_redline_shows_no_vocabulary_edit(seed_plans):
    parent = seed_plans["guangdong"]
    child = copy.deepcopy(parent)
    child.id = "guangdong-copy"
    task = child.task("2.4")
    task.text = task.text.replace("并将专项监督情况向省政府报告", "并将监督结果向省政府报告")
    diff = diff_plans(child, parent)
    (clause,) = [c for c in diff.task("2.4").clauses if c.status == "modified"]
    assert "[-专项监督情况-]{+监督结果+}" in clause.redline and "司法[-" not in clause.redline
    assert "省司法厅" in clause.redline and "[-省" not in clause.redline


def test_deleted_words_show_in_the_parents_own_words(meizhou):
    redlines = [c.redline for t in meizhou.tasks for c in t.clauses if c.status == "modified"]
    assert any("[-" in r and "省司法厅" in r for r in redlines)
    assert not any("[-市司法局" in r for r in redlines)


def test_general_and_closing_parts_are_compared(kaiping, meizhou):
    for diff in (kaiping, meizhou):
        assert [p.part for p in diff.parts] == ["general", "closing"]
        assert all(p.clauses for p in diff.parts)
    goals = kaiping.part("general")
    assert any(f.type == "deadline_later" for c in goals.clauses for f in c.findings)
    closing = meizhou.part("closing")
    assert sum(c.status == "covered" for c in closing.clauses) >= 5


def test_one_child_clause_is_evidence_for_one_parent_clause(seed_plans):
    parent = seed_plans["guangdong"]
    child = copy.deepcopy(parent)
    task = child.task("4.12")
    clauses = [c for c in task.text.split("。") if c]
    # The child deletes the second sentence; the first, similar one must not stand for both.
    task.text = task.text.replace(clauses[1] + "。", "", 1)
    diff = diff_plans(child, parent)
    statuses = [c.status for c in diff.task("4.12").clauses]
    assert statuses.count("missing") == 1
