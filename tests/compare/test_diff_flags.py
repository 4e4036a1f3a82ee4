"""Weakened wording and lowered targets, from the data tables, with both values kept."""

from __future__ import annotations

import pytest

from cascade.compare.flags import WEAKENING, clause_flags, lowered, quantities, weakened


@pytest.mark.parametrize("strong,weak", [(s[0], w) for s, ws in WEAKENING for w in ws[:1]])
def test_every_weakening_row_is_detected(strong, weak):
    found = weakened(f"各部门{strong}完成任务。", f"各部门{weak}完成任务。")
    assert [(f.parent, f.child) for f in found] == [(strong, weak)]


def test_listed_examples():
    assert [(f.flag, f.parent, f.child) for f in clause_flags("确保全面覆盖", "力争逐步覆盖")] == [
        ("weakened", "确保", "力争"), ("weakened", "全面", "逐步")]
    assert [(f.parent, f.child) for f in weakened("实现全覆盖", "实现基本覆盖")] == [("全覆盖", "基本覆盖")]
    assert [(f.parent, f.child) for f in weakened("应当报送", "原则上报送")] == [("应当", "原则上")]


@pytest.mark.parametrize("parent,child,values", [
    ("每人每年接受不少于60学时的培训", "每人每年接受不少于40学时的培训",
     ("每年接受不少于60学时", "每年接受不少于40学时")),
    ("每年至少组织开展2次培训", "每年至少组织开展1次培训", ("每年至少组织开展2次", "每年至少组织开展1次")),
    ("线上办理率达到100%", "线上办理率达到90%", ("达到100%", "达到90%")),
    ("每年2次", "每年1次", ("每年2次", "每年1次")),
    ("每年两次", "每年一次", ("每年两次", "每年一次")),
    ("在15个工作日内办结", "在20个工作日内办结", ("15个工作日内", "20个工作日内")),
])
def test_lowered_targets_show_both_values(parent, child, values):
    assert [(f.flag, f.parent, f.child) for f in lowered(parent, child)] == [("lowered", *values)]


def test_no_flag_when_nothing_softened():
    text = "确保每人每年接受不少于60学时的培训，原则上于2024年6月前完成，线上办理率达到100%。"
    assert clause_flags(text, text) == []
    assert lowered("每年2次", "每年3次") == []
    assert lowered("15个工作日内", "10个工作日内") == []
    # A different frequency is a different target, not a lower one.
    assert lowered("每年2次", "每季度1次") == []
    assert quantities("2024年6月底前") == {}
