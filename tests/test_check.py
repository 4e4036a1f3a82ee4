"""`check_plan`: units, deadlines, parse warnings and ledger/body coverage, on small and real plans."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from cascade.check import Finding, check_plan, coverage, findings_summary, split_sentences
from cascade.cli import main
from cascade.model import Deadline, Measure, ParseWarning, Plan, Section, Task
from cascade.parse.deadlines import find_deadlines

BY = Deadline(text="2024年6月底前", kind="by", date=dt.date(2024, 6, 30))


def _plan(*tasks: Task, warnings=()) -> Plan:
    return Plan(id="p", title="测试方案", sections=[Section("1", "（一）", "板块", list(tasks))],
                warnings=list(warnings))


def _task(tid="1.1", units=("县司法局",), deadlines=(BY,), **kw) -> Task:
    kw.setdefault("title", "落实清单制度")
    kw.setdefault("text", "各单位要梳理问题清单。")
    return Task(id=tid, number=tid.split(".")[-1] + ".", units=list(units),
                deadlines=list(deadlines), line=12, **kw)


def _codes(findings):
    return [(f.code, f.task_id) for f in findings]


def test_complete_task_has_no_finding():
    assert check_plan(_plan(_task())) == []


def test_task_without_units_names_task_title_and_line():
    (finding,) = check_plan(_plan(_task("2.4", units=())))
    assert finding.code == "no-units"
    assert finding.format() == "任务 2.4（落实清单制度）：未写明责任单位（第12行）"
    assert finding.severity == "问题"


@pytest.mark.parametrize(
    "task",
    [
        _task(units=(), implementers=["各县（市、区）人民政府"]),
        _task(units=(), measures=[Measure("1.1.m1", "(1)", "梳理清单。", units=["县司法局"])]),
    ],
    ids=["implementers", "measure-units"],
)
def test_units_may_come_from_implementers_or_measures(task):
    assert "no-units" not in [f.code for f in check_plan(_plan(task))]


def test_nested_item_takes_units_and_deadline_from_its_parent():
    child = _task("1.1.1", units=(), deadlines=(), title="开展专项整治")
    parent = _task("1.1", children=[child])
    assert check_plan(_plan(parent)) == []
    bare_parent = _task("1.1", units=(), deadlines=(), children=[child])
    assert _codes(check_plan(_plan(bare_parent))) == [("no-units", "1.1.1"), ("no-deadline", "1.1.1")]


def test_parent_tasks_themselves_are_not_checked():
    child = _task("1.1.1")
    parent = _task("1.1", units=(), deadlines=(), children=[child])
    assert check_plan(_plan(parent)) == []


def test_missing_deadline_is_a_hint():
    (finding,) = check_plan(_plan(_task(deadlines=())))
    assert finding.code == "no-deadline" and finding.severity == "提示"
    assert finding.format() == "【提示】任务 1.1（落实清单制度）：未写明完成时限（第12行）"


@pytest.mark.parametrize(
    "deadline",
    [Deadline(text="长期推进", kind="ongoing"), Deadline(text="根据上级部署", kind="unknown"),
     Deadline(text="于下放之日起一年内", kind="relative")],
    ids=lambda d: d.kind,
)
def test_any_written_deadline_counts(deadline):
    measure = Measure("1.1.m1", "(1)", "各单位要梳理问题清单。", deadlines=[deadline])
    assert check_plan(_plan(_task(deadlines=(), measures=[measure]))) == []


def test_parse_warnings_come_first_with_their_line():
    plan = _plan(_task(units=()), warnings=[ParseWarning("无法识别的编号“⑴”", line=42)])
    findings = check_plan(plan)
    assert findings[0].format() == "第42行：解析警告：无法识别的编号“⑴”"
    assert [f.code for f in findings] == ["parse-warning", "no-units"]


# -- ledger / body coverage --------------------------------------------------------------------

BODY = ("各行政执法单位要建立本单位业务培训登记卡，全流程跟踪行政执法人员培训学习情况。"
        "公安、生态环境、交通运输、农业农村等部门要在2024年6月底前率先完成备案登记工作。"
        "市司法局要会同相关部门统筹制定乡镇综合行政执法人员的培训计划并组织实施。")


def _ledger_task(*measure_texts: str) -> Task:
    measures = [Measure(f"1.1.m{i}", f"({i})", text, units=["市司法局"], deadlines=[BY], line=100 + i)
                for i, text in enumerate(measure_texts, 1)]
    return _task(text=BODY, measures=measures)


def test_measures_restating_every_sentence_give_no_finding():
    task = _ledger_task(
        "(1) 各行政执法单位要建立本单位业务培训登记卡，全流程跟踪行政执法人员培训学习情况。",
        "(2) 率先完成备案登记工作。",  # departments and date moved to the ledger's columns
        "(3) 统筹制定乡镇综合行政执法人员的培训计划并组织实施。",
    )
    assert check_plan(_plan(task)) == []


def test_sentence_no_measure_covers_is_reported():
    task = _ledger_task(
        "(1) 各行政执法单位要建立本单位业务培训登记卡，全流程跟踪行政执法人员培训学习情况。",
        "(2) 率先完成备案登记工作。",
    )
    (finding,) = check_plan(_plan(task))
    assert finding.code == "sentence-uncovered" and finding.task_id == "1.1"
    assert "市司法局要会同相关部门统筹制定" in finding.format()


def test_measure_not_in_the_body_is_reported():
    task = _ledger_task(
        "(1) 各行政执法单位要建立本单位业务培训登记卡，全流程跟踪行政执法人员培训学习情况。",
        "(2) 率先完成备案登记工作。",
        "(3) 统筹制定乡镇综合行政执法人员的培训计划并组织实施。",
        "(4) 完善行政执法人员心理咨询服务和危机干预机制。",
    )
    (finding,) = check_plan(_plan(task))
    assert finding.code == "measure-unmatched" and finding.measure_label == "(4)"
    assert finding.format().startswith("措施 (4)（任务 1.1）：在任务正文中找不到对应内容")
    assert finding.format().endswith("（第104行）")


def test_task_without_measures_in_a_ledger_plan():
    with_ledger = _ledger_task("(1) 各行政执法单位要建立本单位业务培训登记卡。")
    plan = _plan(with_ledger, _task("1.2", title="无措施的任务"))
    assert ("sentence-uncovered", "1.2") in _codes(check_plan(plan))


def test_plans_without_a_ledger_get_no_ledger_findings():
    assert check_plan(_plan(_task(text=BODY))) == []


def test_coverage_and_sentences():
    assert split_sentences("甲（乙。丙）丁。戊；己") == ["甲（乙。丙）丁。", "戊；", "己"]
    assert coverage("建立培训登记卡", ["各单位要建立培训登记卡。"]) == 1.0
    assert coverage("建立培训登记卡", ["完善心理咨询服务"]) == 0.0
    assert coverage("。，", ["x"]) == 1.0


# -- the seeds ---------------------------------------------------------------------------------


def test_no_seed_task_lacks_units(seed_plans):
    for plan in seed_plans.values():
        assert not [f for f in check_plan(plan) if f.code == "no-units"]


def test_no_deadline_findings_match_the_tasks_bodies(seed_plans):
    """Reported exactly for leaf tasks whose body (and parents' and measures') has no phrase."""
    for plan in seed_plans.values():
        parents = {c.id: t for t in plan.tasks() for c in t.children}
        expected = set()
        for task in plan.leaf_tasks():
            chain, node = [task], task
            while node.id in parents:
                node = parents[node.id]
                chain.append(node)
            if not any(find_deadlines(t.text) or any(m.deadlines for m in t.measures)
                       for t in chain):
                expected.add(task.id)
        got = {f.task_id for f in check_plan(plan) if f.code == "no-deadline"}
        assert got == expected
    guangdong = {f.task_id for f in check_plan(seed_plans["guangdong"]) if f.code == "no-deadline"}
    assert "2.4" not in guangdong and "1.1" in guangdong


def test_county_ledger_gaps_are_the_real_ones(seed_plans):
    """Every measure of the county ledger is found in its task; four body sentences have none."""
    findings = check_plan(seed_plans["kaiping"])
    assert not [f for f in findings if f.code == "measure-unmatched"]
    gaps = [f for f in findings if f.code == "sentence-uncovered"]
    assert [f.task_id for f in gaps] == ["3.10", "3.10", "3.11", "3.11"]
    quoted = "".join(f.message for f in gaps)
    for words in ("在指导目录内确定具体赋予", "市政府研究提出赋权事项", "经协商不能解决的",
                  "经协调不能达成一致意见的"):
        assert words in quoted


def test_a_measure_moved_to_the_wrong_task_is_caught(seed_plans):
    plan = Plan.from_dict(seed_plans["kaiping"].to_dict())
    source, target = plan.task("4.15"), plan.task("1.1")
    moved = next(m for m in source.measures if m.label == "(50)")
    source.measures.remove(moved)
    target.measures.append(moved)
    findings = check_plan(plan)
    assert ("measure-unmatched", "1.1") in _codes(findings)
    assert [f.measure_label for f in findings if f.code == "measure-unmatched"] == ["(50)"]
    assert ("sentence-uncovered", "4.15") in _codes(findings)


def test_summary_line_counts_by_kind():
    findings = [Finding("no-units", "未写明责任单位", "1.1"), Finding("no-deadline", "x", "1.2"),
                Finding("no-deadline", "x", "1.3")]
    assert findings_summary(findings) == (
        "共 3 项（问题 1 项，提示 2 项）：未写明责任单位 1 项，未写明完成时限 2 项。")
    assert findings_summary([]) == "未发现问题。"


@pytest.mark.parametrize(
    ("seed", "fail_on", "code"),
    [("kaiping", None, 0), ("kaiping", "problem", 1), ("guangdong", "problem", 0),
     ("guangdong", "any", 1)],
)
def test_cli_check_exit_codes(seed_paths, seed, fail_on, code):
    args = ["check", str(seed_paths[seed])] + (["--fail-on", fail_on] if fail_on else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code, result.output
    assert result.output.strip().splitlines()[-1].startswith("共 ")
