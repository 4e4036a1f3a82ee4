"""Plans shaped unlike the seeds: no notice, 牵头/配合 units, ① items, 一、 parts as sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cascade.errors import ParseError
from cascade.parse import parse_file, parse_source
from cascade.sources import SourceText

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_county_plan_without_notice():
    plan = parse_file(FIXTURES / "county-business-2024.txt")
    assert plan.notice is None
    assert plan.title == "XX县优化营商环境三年行动工作方案（2024—2026年）"
    assert plan.level == "county"
    assert plan.issuer == "XX县人民政府办公室" and plan.date == dt.date(2024, 3, 1)
    assert [p.title for p in plan.general] == ["总体目标"] and [p.title for p in plan.closing] == ["保障措施"]
    assert plan.tasks_heading == "主要任务"
    assert [t.id for t in plan.tasks()] == ["1.1", "1.2", "2.3", "2.4", "2.4.1", "2.4.2"]
    assert plan.task("1.1").units == ["县政务服务数据管理局", "县直各有关单位"]
    # a hard wrap inside a task does not split it
    assert "严禁逐利执法，不得下达罚没指标" in plan.task("2.3").text
    assert [d.kind for d in plan.task("2.4.2").deadlines] == ["recurring"]
    assert plan.warnings == []


def test_province_plan_whose_parts_are_sections():
    plan = parse_file(FIXTURES / "province-safety-2024.txt")
    assert plan.level == "province"
    assert plan.doc_number == "X府办〔2024〕5号"
    assert plan.notice.date == dt.date(2024, 3, 15)  # 二〇二四年三月十五日
    assert plan.notice.signer == "XX省人民政府办公厅"
    assert [s.title for s in plan.sections] == ["强化安全风险隐患排查整治", "提升安全生产监管能力"]
    assert [t.id for t in plan.tasks()] == ["1.1", "1.2", "2.1", "2.2"]
    assert plan.task("1.1").deadlines[0].date == dt.date(2024, 6, 30)
    assert plan.printer == "XX省人民政府办公厅秘书处" and plan.printed == dt.date(2024, 3, 16)
    assert plan.cc.startswith("省委办公厅")


def test_text_without_outline_is_refused():
    source = SourceText(path="note.txt", lines=["会议纪要", "", "今天开会讨论了若干事项。"])
    with pytest.raises(ParseError) as info:
        parse_source(source)
    assert "note.txt" in str(info.value)
