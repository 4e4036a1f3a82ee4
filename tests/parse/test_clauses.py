"""The one clause splitter derive and compare share: marks outside brackets, short pieces folded."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cascade.parse.clauses import (
    ENDINGS,
    MIN_CLAUSE,
    clause_size,
    sentence_pieces,
    split_clauses,
    split_outside,
)

PIECES = st.lists(st.sampled_from(["加强执法", "。", "；", "！", "，", " ", "\u3000", "（试点", "）", "［",
                                   "］", "“一单两用", "”", "‘", "’", "「", "」", "《条例》", "等", "a b",
                                   "2024年6月底前"]), max_size=40)


def test_marks_inside_brackets_and_quotes_do_not_split():
    for inner in ("（甲；乙）", "(甲;乙)", "［甲；乙］", "[甲;乙]", "【甲；乙】", "〔甲；乙〕",
                  "《甲；乙》", "“甲；乙”", "‘甲；乙’", "「甲；乙」"):
        text = f"推行{inner}制度。落实到位。"
        assert split_clauses(text) == [f"推行{inner}制度。", "落实到位。"], inner


def test_short_pieces_fold_into_a_neighbour():
    assert split_clauses("推行一单两用制度。等。") == ["推行一单两用制度。等。"]
    assert split_clauses("一是；推行一单两用制度。") == ["一是；推行一单两用制度。"]
    assert sentence_pieces("推行一单两用制度。等。") == ["推行一单两用制度。", "等。"]
    assert split_clauses("") == [] and split_clauses("   ") == []


def test_separators_can_be_dropped_as_for_unit_lists():
    assert split_outside("市司法局、各县（市、区）政府、", "、", keep=False) == ["市司法局", "各县（市、区）政府", ""]
    assert split_outside("甲；乙", "；") == ["甲；", "乙"]


@given(PIECES)
def test_clauses_put_back_together_are_the_text(pieces):
    text = "".join(pieces)
    joined = "".join(split_clauses(text))
    assert text.startswith(joined) and not text[len(joined):].strip()


@given(PIECES)
def test_stripping_does_not_change_which_clauses_there_are(pieces):
    text = "".join(pieces)
    raw, stripped = split_clauses(text), split_clauses(text, strip=True)
    assert [re.sub(r"\s", "", c) for c in raw] == [re.sub(r"\s", "", c) for c in stripped]
    assert all(c == c.strip() and c for c in stripped)


@given(PIECES)
def test_every_clause_but_the_last_ends_with_a_mark_and_reads_long_enough(pieces):
    clauses = split_clauses("".join(pieces))
    assert all(c.rstrip()[-1] in ENDINGS for c in clauses[:-1])
    if len(clauses) > 1:
        assert all(clause_size(c) >= MIN_CLAUSE for c in clauses)
