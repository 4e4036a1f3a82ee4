"""Clause splitting: sentences and ；-parts, unit notes left out, brackets and quotes kept whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cascade.compare.clauses import split_clauses, strip_unit_note


def test_sentences_and_semicolon_parts():
    text = "建立培训机制，开展分类培训。指导目录以外的事项不得下放；之前已经下放的公告收回。加强教育。"
    assert split_clauses(text) == ["建立培训机制，开展分类培训。", "指导目录以外的事项不得下放；",
                                   "之前已经下放的公告收回。", "加强教育。"]


def test_unit_note_with_nested_brackets_is_left_out():
    text = "加强教育。[责任单位：各县（市、区）人民政府，市司法局]"
    assert strip_unit_note(text) == "加强教育。"
    assert split_clauses(text) == ["加强教育。"]
    assert split_clauses("加强教育。（省司法厅、省各行政执法部门按职责分工负责）") == ["加强教育。"]


def test_brackets_that_are_part_of_the_sentence_stay():
    text = "确保每人每年接受不少于60学时的培训（未明确具体学时的按45分钟为1个学时计算。），原则上全员轮训。"
    assert split_clauses(text) == [text]
    assert strip_unit_note("推进四级全覆盖（试点）") == "推进四级全覆盖（试点）"


def test_quotes_are_not_split_and_fragments_fold_into_neighbours():
    assert split_clauses("推行“一单；两用”。等。") == ["推行“一单；两用”。等。"]
    assert split_clauses("") == []


@given(st.lists(st.sampled_from(["加强执法", "。", "；", "，", "（试点", "）", "“一单两用", "”",
                                 "《条例》", "2024年6月底前", "等", "[责任单位：市司法局]"]),
                max_size=40))
def test_clauses_put_back_together_are_the_body(pieces):
    text = "".join(pieces)
    clauses = split_clauses(text)
    assert "".join(clauses) == strip_unit_note(text).strip()
    assert all(c.strip() == c and c for c in clauses)
