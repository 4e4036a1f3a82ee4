"""Duty strength and scope as ranked tables: any lower-ranked word, or deletion, is found."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cascade.compare.findings import Context, clause_findings
from cascade.compare.normalise import normalise
from cascade.compare.targets import quantities, targets_lowered
from cascade.compare.wording import DUTY_RANKS, SCOPE_RANKS, tokens

SAME_LEVEL = Context(lambda t: t, lambda t: normalise(t, "city"), lambda t: normalise(t, "city"))
FRAME = "各部门{}行政执法人员培训工作，按规定报送情况。"
SCOPE_FRAME = "{}行政执法人员参加培训工作，按规定报送情况。"


def _types(parent: str, child: str) -> list[tuple[str, str, str | None]]:
    return [(f.type, f.parent, f.child) for f in clause_findings(parent, child, SAME_LEVEL)]


def _ladder(table):
    return [(w, r) for r, words in table.items() for w in words if tokens(w) and
            tokens(w)[0].word == w]


DUTY = _ladder(DUTY_RANKS)
SCOPE = _ladder(SCOPE_RANKS)


@given(st.sampled_from(DUTY), st.sampled_from(DUTY))
def test_a_lower_ranked_duty_word_weakens_and_a_same_or_higher_one_does_not(strong, other):
    (word, rank), (new, new_rank) = strong, other
    found = _types(FRAME.format(word), FRAME.format(new))
    weakened = [f for f in found if f[0] == "duty_weakened"]
    if new_rank < rank:
        assert weakened and weakened[0][1] == word
    elif word == new:
        assert found == []


@pytest.mark.parametrize("word", [w for r, ws in DUTY_RANKS.items() if r >= 3 for w in ws])
def test_deleting_a_strong_duty_word_weakens(word):
    found = _types(FRAME.format(word), FRAME.format(""))
    assert ("duty_weakened", word, None) in found


@given(st.sampled_from(SCOPE), st.sampled_from(SCOPE))
def test_a_narrower_scope_word_narrows(wide, other):
    (word, rank), (new, new_rank) = wide, other
    found = [f for f in _types(SCOPE_FRAME.format(word), SCOPE_FRAME.format(new))
             if f[0] == "scope_narrowed"]
    assert bool(found) is (new_rank < rank)


@pytest.mark.parametrize("parent, child, expected", [
    ("县级以上司法行政部门要加强监督。", "县级司法行政部门要加强监督。", ("scope_narrowed", "县级以上", "县级")),
    ("各级行政执法部门要建立制度。", "市级行政执法部门要建立制度。", ("scope_narrowed", "各级", "市级")),
    ("全部事项纳入清单。", "部分事项纳入清单。", ("scope_narrowed", "全部", "部分")),
    ("所有执法人员参加培训。", "重点执法人员参加培训。", ("scope_narrowed", "所有", "重点")),
    ("未取得执法证件的人员不得独立从事行政执法工作。", "未取得执法证件的人员可以独立从事行政执法工作。",
     ("duty_reversed", "不得", "可以")),
    ("严禁下达罚没指标。", "原则上可下达罚没指标。", ("duty_reversed", "严禁", "原则上可")),
    ("实现全覆盖的重点监管。", "实现广泛覆盖的重点监管。", ("duty_weakened", "全覆盖", "广泛覆盖")),
    ("确保每人每年接受培训。", "推动每人每年接受培训。", ("duty_weakened", "确保", "推动")),
    ("深化新技术的运用。", "探索新技术的运用。", ("duty_weakened", "深化", "探索")),
    ("建立涉企行政执法案件经济影响评估制度。", "就建立涉企行政执法案件经济影响评估制度开展调研。",
     ("duty_weakened", "建立", "调研")),
])
def test_listed_examples(parent, child, expected):
    assert expected in _types(parent, child)


def test_a_phrase_and_a_list_item_dropped_are_found_with_their_spans():
    parent = "加快建设数据主题库，建立健全行政执法数据归集共享机制，持续深化数据赋能。"
    child = "加快建设数据主题库，持续深化数据赋能。"
    (found,) = clause_findings(parent, child, SAME_LEVEL)
    assert found.type == "phrase_dropped" and parent[slice(*found.parent_span)] == found.parent
    assert found.parent == "建立健全行政执法数据归集共享机制"
    parent = "围绕运动式执法、简单粗暴执法、野蛮执法、过度执法等问题开展整治。"
    child = "围绕运动式执法、简单粗暴执法、过度执法等问题开展整治。"
    assert ("phrase_dropped", "野蛮执法", None) in _types(parent, child)


@pytest.mark.parametrize("parent, child", [
    ("各部门要加强培训，确保每人每年接受不少于60学时的培训。", "各部门要强化培训，确保每人每年接受不少于60学时的培训。"),
    ("推进线上线下一体化监管，完善包容审慎监管方式。", "推动线上线下一体化监管，健全包容审慎监管方式。"),
    ("严格落实行政执法责任制。", "从严落实行政执法责任制。"),
    ("加强执法行为规范和职业道德教育。", "加强执法行为规范和职业道德教育。"),
])
def test_a_faithful_paraphrase_finds_nothing(parent, child):
    assert _types(parent, child) == []


def test_targets_compare_by_unit_and_direction():
    assert targets_lowered("每年至少开展2次", "每两年至少开展2次")
    assert targets_lowered("在15个工作日内办结", "在20个工作日内办结")
    assert targets_lowered("在20个工作日内办结", "在15个工作日内办结") == []
    assert targets_lowered("培训不少于60学时", "培训不少于80学时") == []
    assert quantities("2024年6月底前") == {}
