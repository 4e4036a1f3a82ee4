"""Word-grouped character revisions: they rebuild both texts, and a changed number or word is
replaced whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.render.redline_ops import word_ops

# Characters of real plan sentences, digits and punctuation included.
ALPHABET = "省市县区司法厅局年月底前完成建立健全制度执法行政确保力争不少于学时，。；、（）0123456789 "
texts = st.text(alphabet=ALPHABET, max_size=60)


def sides(ops):
    """(old, new) rebuilt from edit operations."""
    old = "".join(t for op, t in ops if op <= 0)
    new = "".join(t for op, t in ops if op >= 0)
    return old, new


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_ops_rebuild_both_texts_up_to_whitespace(old, new):
    got_old, got_new = sides(word_ops(old, new))
    assert got_new.replace(" ", "") == new.replace(" ", "")
    assert got_old.replace(" ", "") == old.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(texts)
def test_equal_texts_have_no_change(text):
    assert all(op == 0 for op, _ in word_ops(text, text))


def test_a_later_year_is_replaced_whole():
    """2023年底前 → 2024年5月底前 (a real 广东/梅州 pair): the year changes as a number."""
    ops = word_ops("专项整治台账要于2023年底前报市司法局备案", "专项整治台账要于2024年5月底前报市司法局备案")
    deleted = [t for op, t in ops if op == -1]
    inserted = [t for op, t in ops if op == 1]
    assert "2023" in "".join(deleted) and "2024" in "".join(inserted)
    assert "3" not in deleted


def test_a_lowered_target_is_replaced_whole():
    ops = word_ops("确保每人每年接受不少于60学时的培训", "确保每人每年接受不少于40学时的培训")
    assert (-1, "60") in ops and (1, "40") in ops


def test_a_weakened_duty_is_one_word():
    """确保 → 力争: two characters that differ, shown as one replaced word."""
    ops = word_ops("确保在2023年底前普遍建立", "力争在2023年底前普遍建立")
    assert ops[:2] == [(-1, "确保"), (1, "力争")]


def test_changes_a_character_apart_join():
    """市各有关部门 → 市各行政执法单位: the changes around 关/执 read as one phrase."""
    ops = word_ops("市各有关部门要围绕", "市各行政执法单位要围绕")
    edits = [op for op, _ in ops if op]
    assert edits.count(-1) == 1 and edits.count(1) == 1


def test_whitespace_alone_is_not_a_change():
    """Extraction noise (2024 年 5 月) is layout: no revision."""
    assert all(op == 0 for op, _ in word_ops("于2024年5月底前", "于2024 年 5 月底前"))
