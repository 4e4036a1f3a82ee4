"""The pieces of derivation alone: clauses, labels, strict dates, vocabulary, line-keeping YAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cascade import levels
from cascade.derive.clauses import ClauseLookupError, find_clause, join_clauses, split_clauses
from cascade.derive.dates import DateError, dates_in, iso_date, latest, read_phrase
from cascade.derive.numbering import chinese_number, label_number, relabel
from cascade.derive.vocab import Vocabulary
from cascade.derive.yamlines import load_with_lines
from cascade.errors import OverridesError

BODY = ("各地要梳理问题清单，明确整治措施（按45分钟为1个学时计算。不含休息），形成台账。"
        "专项整治台账要于2023年底前报省司法厅备案；专项整治情况报送省司法厅汇总。"
        "省司法厅要适时组织专项监督")


def test_clauses_split_on_sentence_and_semicolon_but_not_inside_brackets():
    clauses = split_clauses(BODY)
    assert len(clauses) == 4
    assert "".join(clauses) == BODY
    assert clauses[0].endswith("形成台账。") and "不含休息）" in clauses[0]
    assert clauses[1].endswith("；") and clauses[2].startswith("专项整治情况")


def test_find_clause_by_text_prefix_or_translated_wording():
    parent = split_clauses(BODY)
    child = [c.replace("省司法厅", "市司法局") for c in parent]
    assert find_clause("专项整治情况报送省司法厅汇总。", parent, child) == 2
    assert find_clause("省司法厅要适时", parent, child) == 3
    assert find_clause("市司法局要适时", parent, child) == 3
    with pytest.raises(ClauseLookupError) as ambiguous:
        find_clause("专项整治", parent, child)
    assert ambiguous.value.ambiguous and len(ambiguous.value.candidates) == 2
    with pytest.raises(ClauseLookupError) as missing:
        find_clause("专项整改台账报备", parent, child)
    assert not missing.value.ambiguous and missing.value.candidates


def test_join_clauses_closes_a_body_that_lost_its_last_sentence():
    parts = split_clauses("甲要做好一；乙要做好二。")
    assert join_clauses(parts[:1]) == "甲要做好一。"


@given(st.integers(min_value=1, max_value=120),
       st.sampled_from(["1.", "4.", "⒋", "（1）", "(17)", "（一）", "（十二）", "①", "１．"]))
def test_relabel_keeps_the_style_and_shows_the_new_number(n, style):
    label = relabel(style, n)
    assert label_number(label) == n
    if n <= 10 and style in ("⒋", "①"):
        assert len(label) == 1


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 99, 105, 110)] == [
        "一", "十", "十一", "二十", "九十九", "一百零五", "一百一十"]


@pytest.mark.parametrize("phrase, day", [
    ("2024年6月底前", dt.date(2024, 6, 30)), ("2024年6月前", dt.date(2024, 6, 30)),
    ("2024年2月底前", dt.date(2024, 2, 29)), ("2023年底前", dt.date(2023, 12, 31)),
    ("2024年5月15日前", dt.date(2024, 5, 15)), ("２０２４年３月底前", dt.date(2024, 3, 31)),
    ("2024年上半年", dt.date(2024, 6, 30)), ("2025年第三季度", dt.date(2025, 9, 30)),
])
def test_read_phrase_gives_the_last_allowed_day(phrase, day):
    assert read_phrase(phrase).date == day


@pytest.mark.parametrize("phrase", ["2024年13月底前", "2024年2月30日前", "明年春天", "24年6月", "下月"])
def test_read_phrase_refuses_what_is_not_a_date(phrase):
    with pytest.raises(DateError):
        read_phrase(phrase)


def test_ongoing_and_recurring_phrases_are_accepted_without_a_date():
    assert read_phrase("长期推进").kind == "ongoing"
    assert read_phrase("每年11月底前").kind == "recurring"


def test_dates_in_text_and_iso_dates():
    assert latest("于2023年底前报备，并于2024年6月底前报送") == dt.date(2024, 6, 30)
    assert latest("按45分钟为1个学时计算") is None
    with pytest.raises(DateError):
        dates_in("于2024年0月底前完成")
    assert iso_date("2024-03-01") == dt.date(2024, 3, 1)
    for bad in ("2024-02-30", "2024/03/01", "去年"):
        with pytest.raises(DateError):
            iso_date(bad)


_TITLE = st.sampled_from(["《广东省行政检查办法》", "《省政府规章》", "“全省一网通办”"])
_WORD = st.sampled_from(["省司法厅", "全省", "我省", "各地级以上市政府", "省政府", "要", "，", "。", "加强"])


@given(st.lists(st.one_of(_TITLE, _WORD), min_size=1, max_size=30))
def test_vocabulary_never_touches_protected_spans(pieces):
    text = "".join(pieces)
    vocab = Vocabulary({"省司法厅": "市司法局", "全省": "全市", "我省": "我市",
                        "各地级以上市政府": "各县（市、区）人民政府", "省政府": "市政府"})
    out = vocab.apply(text)
    for a, b in levels.protected_spans(text):
        assert text[a:b] in out
    outside = "".join(out[a:b] for a, b in _gaps(out))
    for word in ("省司法厅", "全省", "我省", "各地级以上市政府"):
        assert word not in outside


def _gaps(text):
    pos = 0
    for a, b in levels.protected_spans(text):
        yield pos, a
        pos = b
    yield pos, len(text)


def test_vocabulary_respects_user_protected_phrases():
    vocab = Vocabulary({"省政府": "市政府"}, protect=["按照省政府"])
    assert vocab.apply("按照省政府部署，省政府要求") == "按照省政府部署，市政府要求"


def test_generic_words_before_system_are_not_protected_names():
    text = "省有关部门要强化本系统的指导，依托广东省政务服务事项管理系统办理"
    protected = [text[a:b] for a, b in levels.protected_spans(text)]
    assert protected == ["依托广东省政务服务事项管理系统"]


def test_unit_for_level_moves_departments_one_level_down():
    down = {u: levels.unit_for_level(u, "province", "city", from_region="某省", to_region="某市")
            for u in ("省财政厅", "财政厅", "市场监管局", "各地级以上市政府", "司法所")}
    assert down == {"省财政厅": "市财政局", "财政厅": "市财政局", "市场监管局": "市市场监管局",
                    "各地级以上市政府": None, "司法所": None}


def test_yaml_keeps_lines_and_task_ids_as_text(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\ntasks:\n  1.10:\n    drop: true\n  2.4: {}\nwhen: 2024-02-30\n", "utf-8")
    data = load_with_lines(path)
    assert list(data["tasks"]) == ["1.10", "2.4"]
    assert data["tasks"].line_of("2.4") == 5 and data.line_of("when") == 6
    assert data["tasks"]["1.10"]["drop"] is True and data["when"] == "2024-02-30"


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\na: 2\n", 2, "重复"),
    ("a: [1,\n", 2, "YAML"),
    ("", None, "为空"),
    ("- 1\n", 1, "映射"),
])
def test_yaml_errors_name_the_line(tmp_path, text, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(OverridesError) as exc:
        load_with_lines(path)
    assert exc.value.line == line and words in str(exc.value) and str(path) in str(exc.value)


def test_default_vocabulary_moves_bare_departments_and_their_prefixed_mentions():
    from cascade.derive.vocab import default_vocabulary
    from cascade.model import Plan, Section, Task

    task = Task(id="1.1", number="1.", title="报备", text="报省财政厅备案，财政厅要审核。",
                units=["省司法厅", "财政厅", "市场监管局"])
    parent = Plan(id="p", title="某省方案", level="province", region="某省",
                  sections=[Section(id="1", number="（一）", title="任务", tasks=[task])])
    pairs = default_vocabulary(parent, "city", "某市")
    assert pairs["某省"] == "某市" and pairs["省司法厅"] == "市司法局"
    assert pairs["财政厅"] == pairs["省财政厅"] == "市财政局"
    assert pairs["市场监管局"] == "市市场监管局" and "省市场监管局" not in pairs
    assert Vocabulary(pairs).apply(task.text) == "报市财政局备案，市财政局要审核。"


def test_parent_reference_is_relative_inside_one_tree_and_absolute_across_roots(tmp_path):
    from pathlib import Path

    from cascade.derive.init import _reference

    assert _reference(tmp_path / "sources" / "p.txt", tmp_path / "drafts") == "../sources/p.txt"
    assert _reference(Path("/opt/p.txt"), Path("/srv/drafts")) == "/opt/p.txt"
