"""`cli.summary.plan_summary` and `cascade parse`: the short Chinese summary of a parsed plan."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.cli.summary import distinct_units, plan_summary
from cascade.levels import LEVEL_NAMES
from cascade.model import ParseWarning, Plan, Section, Task, load

# Facts the foundation issue states for the seeds: level, sections, top-level and leaf tasks.
SEED_FACTS = {
    "guangdong": ("省级", "粤府办〔2023〕21号", 6, 16, 16, 0),
    "meizhou": ("市级", "梅市府办〔2023〕14号", 6, 16, 16, 0),
    "kaiping": ("县级", "开府办〔2024〕6号", 6, 19, 19, 64),
    "suizhou": ("市级", "随政办发〔2024〕9号", 5, 17, 26, 0),
}


def _field(summary: str, label: str) -> str:
    match = re.search(rf"^{label}：(.*)$", summary, re.M)
    assert match, f"no {label} line in\n{summary}"
    return match.group(1)


@pytest.mark.parametrize("seed", sorted(SEED_FACTS))
def test_seed_summary(seed_plans, seed):
    plan = seed_plans[seed]
    level, doc_number, sections, top, leaves, measures = SEED_FACTS[seed]
    summary = plan_summary(plan)
    assert _field(summary, "方案") == plan.title and plan.title
    assert _field(summary, "文号") == doc_number
    assert _field(summary, "层级") == level
    structure = _field(summary, "结构")
    assert structure.startswith(f"{sections} 个任务板块，{top} 项任务，末级任务 {leaves} 项")
    if measures:  # the attachment ledger's rows
        assert structure.endswith(f"措施 {measures} 条")
    else:  # no ledger: measures split from the task bodies, said so
        assert re.search(r"措施 [1-9]\d* 条（无附件台账，按句拆分）$", structure)
    units = _field(summary, "责任单位")
    assert units.startswith(f"{len(distinct_units(plan))} 个不同单位")
    dated = _field(summary, "完成时限")
    assert re.match(rf"\d+/{leaves} 项末级任务写明了时限", dated)


def test_distinct_units_counts_task_and_measure_units_once(seed_plans):
    plan = seed_plans["kaiping"]
    names = {u for t in plan.tasks() for u in t.units} | {u for m in plan.measures() for u in m.units}
    assert len(distinct_units(plan)) == len(names)
    assert "各镇（街）" in distinct_units(plan)


def test_every_county_task_is_dated_through_its_ledger(seed_plans):
    assert _field(plan_summary(seed_plans["kaiping"]), "完成时限").startswith("19/19 ")


def test_implementers_are_named(seed_plans):
    units = _field(plan_summary(seed_plans["guangdong"]), "责任单位")
    assert "统一落实单位 1 个（各地级以上市政府）" in units


def test_warnings_are_listed_with_their_lines():
    plan = Plan(id="x", title="某方案", level="town",
                sections=[Section("1", "（一）", "板块", [Task("1.1", "1.", "任务")])],
                warnings=[ParseWarning("编号跳号：3. 之后是 5.", line=88), ParseWarning("无行号")])
    summary = plan_summary(plan)
    assert "警告 2 条：" in summary
    assert "  第88行：编号跳号：3. 之后是 5." in summary.splitlines()
    assert "  无行号" in summary.splitlines()
    assert _field(summary, "层级") == LEVEL_NAMES["town"]
    assert _field(summary, "文号") == "（未识别）"


def test_no_warnings_says_so(seed_plans):
    plan = Plan.from_dict(seed_plans["guangdong"].to_dict())
    plan.warnings = []
    assert _field(plan_summary(plan), "警告") == "无"


def test_cli_parse_prints_summary_and_writes_plan(seed_paths, seed_plans, tmp_path):
    out = tmp_path / "kaiping.plan.yaml"
    result = CliRunner().invoke(main, ["parse", str(seed_paths["kaiping"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(plan_summary(seed_plans["kaiping"]))
    assert f"已写出：{out}" in result.output
    assert load(out) == seed_plans["kaiping"]
