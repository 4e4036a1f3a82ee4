"""Unit notes and the unit splitter, on seed shapes and generated lists."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cascade.parse.units import extract_unit_note, split_units


def test_every_seed_shape():
    cases = {
        "（省司法厅、省各行政执法部门按职责分工负责，各地级以上市政府落实；以下任务均需各地级以上市政府落实，不再逐项列出）":
            (["省司法厅", "省各行政执法部门"], ["各地级以上市政府"], ["各地级以上市政府"]),
        "[责任单位：各县（市、区）人民政府，市司法局，市各行政执法单位]":
            (["各县（市、区）人民政府", "市司法局", "市各行政执法单位"], [], []),
        "（责任单位：各行政执法部门，各县、市、区人民政府。以下均需县、市、区人民政府落实，不再列出）":
            (["各行政执法部门", "各县、市、区人民政府"], [], ["县、市、区人民政府"]),
        "[市司法局，各镇（街）、市直行政执法部门按职责分工负责]":
            (["市司法局", "各镇（街）", "市直行政执法部门"], [], []),
    }
    for bracket, (units, implementers, standing) in cases.items():
        body, written, note = extract_unit_note("加强执法行为规范和职业道德教育。" + bracket)
        assert body == "加强执法行为规范和职业道德教育。"
        assert written == bracket
        assert (note.units, note.implementers, note.standing) == (units, implementers, standing)


def test_asides_are_not_unit_notes():
    text = "确保每人每年接受不少于60学时的培训（未明确具体学时的教育培训按45分钟为1个学时计算）"
    assert extract_unit_note(text) == (text, "", None)
    assert extract_unit_note("完成清理（2024年底前完成）")[2] is None


def test_space_separated_units_and_wrapped_names():
    assert split_units("市司法局 市发展和改革局 市公安局") == ["市司法局", "市发展和改革局", "市公安局"]
    assert split_units("市公安局、市 直行政执法部门、各镇（街）") == ["市公安局", "市直行政执法部门", "各镇（街）"]


_CHARS = st.sampled_from(list("司法财政发展改革教育公安交通运输生态环境农业农村文化旅游体育应急管理市场监督"))
_SUFFIX = st.sampled_from(["局", "厅", "委", "办", "部门", "中心", "人民政府"])
_PREFIX = st.sampled_from(["", "市", "省", "各", "县"])


@st.composite
def _unit(draw):
    core = draw(st.text(_CHARS, min_size=2, max_size=6))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(_PREFIX) + core + draw(_SUFFIX)
    if kind == 1:  # a nested bracket inside the name
        return "各" + core + "（" + draw(st.sampled_from(["市、区", "街", "街道", "管委会"])) + "）" + draw(_SUFFIX)
    if kind == 2:  # a run of one-character levels joined by 、
        return draw(st.sampled_from(["各县、市、区", "县、市、区", "各乡、镇"])) + draw(_SUFFIX)
    return draw(_PREFIX) + core + "（" + core + "）" + draw(_SUFFIX)


@given(st.lists(_unit(), min_size=1, max_size=8, unique=True), st.data())
def test_split_units_round_trip(units, data):
    seps = [data.draw(st.sampled_from(["、", "，", ",", "；"])) for _ in units[1:]]
    text = units[0] + "".join(sep + unit for sep, unit in zip(seps, units[1:]))
    suffix = data.draw(st.sampled_from(["", "按职责分工负责", "负责"]))
    assert split_units(text + suffix) == units


@given(st.lists(_unit(), min_size=1, max_size=6, unique=True))
def test_unit_note_round_trip(units):
    bracket = "（责任单位：" + "、".join(units) + "）"
    body, written, note = extract_unit_note("做好相关工作。" + bracket)
    assert written == bracket and body == "做好相关工作。"
    assert note.units == units
