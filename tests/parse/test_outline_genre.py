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


def test_city_plan_copied_from_a_government_website():
    plan = parse_file(FIXTURES / "city-web-2024.txt")
    # catalogue lines above the notice give the 文号 and are not mistaken for the notice
    assert plan.doc_number == "某政办发〔2024〕12号"
    assert plan.notice.title == "XX市人民政府办公室关于印发XX市公共法律服务体系建设实施方案的通知"
    assert plan.notice.addressees == "各县（市、区）人民政府，市政府各部门"
    assert plan.notice.signer == "XX市人民政府办公室" and plan.notice.date == dt.date(2024, 4, 12)
    # （此件公开发布） and the 附件 mark sit between the notice and the plan title
    assert plan.disclosure == "此件公开发布"
    assert plan.title == "XX市公共法律服务体系建设实施方案"
    assert plan.level == "city"
    assert plan.tasks_heading == "主要任务和具体措施"
    one, two, three = plan.tasks()
    # a task title on its own line, its body and a bracket-less unit note on the next lines
    assert one.title == "建设实体平台" and one.text.startswith("推进县（市、区）公共法律服务中心")
    assert one.units == ["市司法局", "各县（市、区）人民政府"]
    assert one.units_text == "责任单位：市司法局、各县（市、区）人民政府"
    # 牵头/配合 units with the time limit in the same bracket
    assert two.units == ["市司法局", "市政务服务数据管理局"]
    assert [d.date for d in two.deadlines] == [dt.date(2024, 12, 31)]
    assert [d.every for d in three.deadlines] == ["quarter"]


def test_province_plan_whose_title_names_no_region():
    plan = parse_file(FIXTURES / "province-web-2023.txt")
    # the web page's own title line (文号 + 《…》) is not the notice; the 文号 under it is read
    assert plan.doc_number == "某政办发〔2023〕47号"
    assert plan.notice.title.startswith("某省人民政府办公厅关于印发")
    assert plan.notice.addressees.startswith("各市、县（市、区）人民政府")
    assert plan.level == "province"  # from whom it is addressed to, not from a place name
    assert plan.title == "提升行政执法质量三年行动实施方案（2023-2025年）"
    assert [p.title for p in plan.general] == ["目标要求"]
    first = plan.task("1.1")
    assert first.units == ["省司法厅", "省各行政执法部门"]
    assert first.implementers == ["各设区市人民政府"]
    assert [d.date for d in plan.task("2.3").deadlines] == [dt.date(2024, 6, 30)]
