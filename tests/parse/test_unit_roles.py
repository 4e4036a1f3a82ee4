"""Unit notes: lead and support kept apart, standing rules and 下同 never units, bare notes."""

from __future__ import annotations

import pytest

from cascade.parse.units import extract_unit_note, parse_unit_note, split_units


@pytest.mark.parametrize(("note", "lead", "support"), [
    ("牵头单位：市司法局；配合单位：市政务服务数据管理局、市财政局", ["市司法局"], ["市政务服务数据管理局", "市财政局"]),
    ("司法部牵头，国务院有关部门按职责分工负责", ["司法部"], ["国务院有关部门"]),
    ("牵头单位：区发改局；责任单位：各街道，区直各部门", ["区发改局"], ["各街道", "区直各部门"]),
    ("主办单位：县应急管理局；协办单位：县公安局", ["县应急管理局"], ["县公安局"]),
    ("责任单位：市司法局、市各行政执法部门", [], []),
    ("配合单位：县公安局", [], ["县公安局"]),
])
def test_lead_and_support_apart_and_all_in_units(note, lead, support):
    parsed = parse_unit_note(note)
    assert parsed.lead == lead and parsed.support == support
    assert parsed.units[: len(lead)] == lead and set(lead + support) <= set(parsed.units)


@pytest.mark.parametrize("note", [
    "责任单位：省发展改革委、省市场监管局按职责分工负责。具体任务均涉及相关市（州）人民政府，不再做分工，下同。",
    "省市场监管局负责，下同",
    "省司法厅负责；以下任务均需各地级以上市政府落实，不再逐项列出",
])
def test_standing_rules_and_references_are_never_units(note):
    parsed = parse_unit_note(note)
    assert not any(word in u for u in parsed.units for word in ("下同", "不再", "均涉及", "以下", "具体任务"))
    assert parsed.units


def test_a_rule_for_this_task_and_the_next_ones():
    parsed = parse_unit_note("责任单位：商务厅。具体任务均涉及相关市（州）人民政府，不再做分工，下同。")
    assert parsed.units == ["商务厅"]
    assert parsed.implementers == parsed.standing == ["相关市（州）人民政府"]


def test_inline_notes_without_brackets():
    body, written, note = extract_unit_note(
        "深化“一网通办”。推进政务服务事项网上可办。责任单位：市政务服务数据管理局、市直各有关部门。完成时限：2024年12月底前。")
    assert body == "深化“一网通办”。推进政务服务事项网上可办。"
    assert written.startswith("责任单位：") and note.units == ["市政务服务数据管理局", "市直各有关部门"]
    assert note.times == ["2024年12月底前"]
    # a time note alone is no unit note: the text keeps it
    assert extract_unit_note("开展检查。完成时限：2024年底前。")[2] is None


@pytest.mark.parametrize(("text", "names"), [
    ("国务院有关部门和各省、自治区、直辖市人民政府", ["国务院有关部门", "各省、自治区、直辖市人民政府"]),
    ("市委组织部市委编办、市财政局", ["市委组织部", "市委编办", "市财政局"]),  # a 、 lost at a PDF line end
    ("市人力资源和社会保障局各镇（街）", ["市人力资源和社会保障局", "各镇（街）"]),
    ("县安委会各成员单位", ["县安委会各成员单位"]),
    ("交通运输厅、水利厅等省有关部门", ["交通运输厅", "水利厅", "省有关部门"]),
    ("县市场监管局", ["县市场监管局"]),
    ("市住房和城乡建设局", ["市住房和城乡建设局"]),
])
def test_unit_names_split_where_they_meet(text, names):
    assert split_units(text) == names
