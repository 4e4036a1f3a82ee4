"""Deadline phrases → normal forms: the FORMAT.md table, the seeds' phrases, and properties."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cascade.parse.deadlines import find_deadlines, parse_deadline

D = dt.date
REF = D(2024, 2, 9)  # a plan dated like the county seed


def _norm(deadline):
    """The fields that make a deadline's normal form, for compact expectations."""
    return (deadline.kind, deadline.date, deadline.start, deadline.every, deadline.dates,
            deadline.inferred)


# phrase, ref_date, [(kind, date, start, every, dates, inferred), ...]
CELL_CASES = [
    ("2024年6月底前", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("2024 年 5 月底前", None, [("by", D(2024, 5, 31), None, None, [], False)]),
    ("2024年6月", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("2024年6月前", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("2024年2月底前", None, [("by", D(2024, 2, 29), None, None, [], False)]),
    ("2023年2月底前", None, [("by", D(2023, 2, 28), None, None, [], False)]),
    ("2023年底前", None, [("by", D(2023, 12, 31), None, None, [], False)]),
    ("2023年年底前", None, [("by", D(2023, 12, 31), None, None, [], False)]),
    ("到2025年", None, [("by", D(2025, 12, 31), None, None, [], False)]),
    ("2024年5月15日前", None, [("by", D(2024, 5, 15), None, None, [], False)]),
    ("2024 年 5 月 15 日前", None, [("by", D(2024, 5, 15), None, None, [], False)]),
    ("2024年上半年", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("2024年下半年", None, [("by", D(2024, 12, 31), None, None, [], False)]),
    ("2024年第一季度", None, [("by", D(2024, 3, 31), None, None, [], False)]),
    ("2024年三季度末", None, [("by", D(2024, 9, 30), None, None, [], False)]),
    ("2024年6月中旬", None, [("by", D(2024, 6, 20), None, None, [], False)]),
    ("2024—2025年", None, [("by", D(2025, 12, 31), D(2024, 1, 1), None, [], False)]),
    ("2024-2025年", None, [("by", D(2025, 12, 31), D(2024, 1, 1), None, [], False)]),
    ("2024年3月至2025年6月", None, [("by", D(2025, 6, 30), D(2024, 3, 1), None, [], False)]),
    # no year: the plan's year, marked inferred
    ("6月底前", REF, [("by", D(2024, 6, 30), None, None, [], True)]),
    ("年内", REF, [("by", D(2024, 12, 31), None, None, [], True)]),
    ("年底前", REF, [("by", D(2024, 12, 31), None, None, [], True)]),
    ("第一季度", REF, [("by", D(2024, 3, 31), None, None, [], True)]),
    ("三季度末", REF, [("by", D(2024, 9, 30), None, None, [], True)]),
    ("下半年", REF, [("by", D(2024, 12, 31), None, None, [], True)]),
    ("十一月底前", REF, [("by", D(2024, 11, 30), None, None, [], True)]),
    ("1月底前", REF, [("by", D(2025, 1, 31), None, None, [], True)]),  # already past: next year
    ("明年底前", REF, [("by", D(2025, 12, 31), None, None, [], True)]),
    ("明年6月底前", REF, [("by", D(2025, 6, 30), None, None, [], True)]),
    ("今年第三季度", REF, [("by", D(2024, 9, 30), None, None, [], True)]),
    # no year and no plan date: never invented
    ("6月底前", None, [("unknown", None, None, None, [], False)]),
    ("年内", None, [("unknown", None, None, None, [], False)]),
    ("第一季度", None, [("unknown", None, None, None, [], False)]),
    # recurring
    ("每年11月底前", None, [("recurring", None, None, "year", ["11-30"], False)]),
    ("每年5月底和11月底前", None,
     [("recurring", None, None, "year", ["05-31", "11-30"], False)]),
    ("每年5月底、11月底前", None,
     [("recurring", None, None, "year", ["05-31", "11-30"], False)]),
    ("2025年起每年3月底前", None,
     [("recurring", None, D(2025, 1, 1), "year", ["03-31"], False)]),
    ("每年2月底前", None, [("recurring", None, None, "year", ["02-28"], False)]),
    ("每年年底前", None, [("recurring", None, None, "year", ["12-31"], False)]),
    ("每季度", None, [("recurring", None, None, "quarter", [], False)]),
    ("每季度末", None,
     [("recurring", None, None, "quarter", ["03-31", "06-30", "09-30", "12-31"], False)]),
    ("每月28日前", None,
     [("recurring", None, None, "month", [f"{m:02d}-28" for m in range(1, 13)], False)]),
    # ongoing and relative
    ("长期推进", None, [("ongoing", None, None, None, [], False)]),
    ("持续推进", None, [("ongoing", None, None, None, [], False)]),
    ("长期坚持", None, [("ongoing", None, None, None, [], False)]),
    ("常态化推进", None, [("ongoing", None, None, None, [], False)]),
    ("于下放之日起一年内", None, [("relative", None, None, None, [], False)]),
    ("自本通知印发之日起20个工作日内", None, [("relative", None, None, None, [], False)]),
    ("两个月内", None, [("relative", None, None, None, [], False)]),
    # other ways of writing digits
    ("２０２４年６月底前", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("二〇二四年六月", None, [("by", D(2024, 6, 30), None, None, [], False)]),
    ("二〇二四年十二月三十一日前", None, [("by", D(2024, 12, 31), None, None, [], False)]),
    # mixed cells of the county seed's ledger
    ("2024年12月底前形成阶段性成果，持续推进", None,
     [("by", D(2024, 12, 31), None, None, [], False), ("ongoing", None, None, None, [], False)]),
    ("2024年6月底前 形成阶段性成果 (市公安局、市 交通运输局), 2024年12月底前 完成(其他行政 执法单位)",
     None, [("by", D(2024, 6, 30), None, None, [], False),
            ("by", D(2024, 12, 31), None, None, [], False)]),
    ("2024 年 6 月底前形成阶段性成果，2025 年 3 月底前全覆盖，持续推进", None,
     [("by", D(2024, 6, 30), None, None, [], False), ("by", D(2025, 3, 31), None, None, [], False),
      ("ongoing", None, None, None, [], False)]),
    # words that are no date: kept as text
    ("根据上级部署", None, [("unknown", None, None, None, [], False)]),
    ("2024年2月30日前", None, [("unknown", None, None, None, [], False)]),
    ("2024年13月底前", None, [("unknown", None, None, None, [], False)]),
]


@pytest.mark.parametrize(("phrase", "ref", "expected"), CELL_CASES, ids=[c[0] for c in CELL_CASES])
def test_cell_phrase_normal_form(phrase, ref, expected):
    assert [_norm(d) for d in parse_deadline(phrase, ref)] == expected


@pytest.mark.parametrize(
    ("cell", "texts"),
    [
        ("2024 年 5 月底前", ["2024 年 5 月底前"]),
        ("２０２４年６月底前", ["２０２４年６月底前"]),
        ("2024年6月底前 形成阶段性成 果，持续推 进", ["2024年6月底前", "持续推 进"]),
        ("到2025年", ["到2025年"]),
        ("2025年起每年3月底前", ["2025年起每年3月底前"]),
    ],
)
def test_text_keeps_the_phrase_as_written(cell, texts):
    assert [d.text for d in parse_deadline(cell)] == texts


def test_empty_cell_has_no_deadline():
    assert parse_deadline("") == []
    assert parse_deadline("  ") == []
    assert parse_deadline("—") == []


RUNNING = [
    # (body text, expected (text, kind, date) in order)
    ("专项整治台账要于2023年底前报省司法厅备案，并于2024年6月底前将专项整治情况报送省司法厅。",
     [("2023年底前", "by", D(2023, 12, 31)), ("2024年6月底前", "by", D(2024, 6, 30))]),
    ("原则上于2024年6月前完成对本地区、本部门行政执法人员的轮训。",
     [("2024年6月前", "by", D(2024, 6, 30))]),
    ("各地级以上市政府2024年底要对已经下放乡镇、街道的行政执法事项进行评估。",
     [("2024年底", "by", D(2024, 12, 31))]),
    ("于下放之日起一年内至少开展2次，之后每年做好监督指导。",
     [("于下放之日起一年内", "relative", None)]),
    ("并于每年5月底和11月底前将专项整治情况报送。", [("每年5月底和11月底前", "recurring", None)]),
    ("市直各执法部门每年3月底前将当年培训计划报市司法局备案。",
     [("每年3月底前", "recurring", None)]),
    ("2024年12月底前组织完成实施情况中期评估，2025年11月底前完成终期评估。",
     [("2024年12月底前", "by", D(2024, 12, 31)), ("2025年11月底前", "by", D(2025, 11, 30))]),
    ("要于 2024 年 5 月底前报送市司法局汇总。", [("2024 年 5 月底前", "by", D(2024, 5, 31))]),
    ("形成阶段性成果，持续推进。", [("持续推进", "ongoing", None)]),
    # not deadlines: titles, issue dates, frequencies, verbs
    ("根据《提升行政执法质量三年行动计划（2023—2025年）》，制定本方案。", []),
    ("广东省提升行政执法质量三年行动实施计划（2023—2025年）已经印发。", []),
    ("本方案于2023年12月18日印发，自2024年1月1日起施行。", []),
    ("确保每人每年接受不少于60学时的培训，每年至少举办1—2次轮训。", []),
    ("持续推进行政执法数字化建设，常态化开展业务培训学习。", []),
    ("对连续2年评定为不合格的行政执法人员，按程序退出。", []),
    ("在2024年6月召开会议。", []),
    ("去年6月底前已完成首轮评估，6月30日召开总结会。", []),
]


@pytest.mark.parametrize(("body", "expected"), RUNNING, ids=[b[:12] for b, _ in RUNNING])
def test_running_text(body, expected):
    assert [(d.text, d.kind, d.date) for d in find_deadlines(body, REF)] == expected


def test_seed_bodies_give_every_known_deadline(seed_paths):
    """All phrases the four seeds use in their bodies are found, and nothing in the notices."""
    import re

    found = {}
    for name, path in seed_paths.items():
        text = re.sub(r"\n+", "", path.read_text(encoding="utf-8"))
        found[name] = [d for d in find_deadlines(text, REF)]
    kinds = {d.kind for ds in found.values() for d in ds}
    assert kinds >= {"by", "recurring", "relative"}
    assert all(d.date is not None for ds in found.values() for d in ds if d.kind == "by")
    texts = {re.sub(r"\s", "", d.text) for ds in found.values() for d in ds}
    assert {"2024年6月底前", "2023年底前", "2024年5月15日前", "2024年6月前", "2024年5月底前",
            "每年5月底和11月底前", "每年11月底前", "于下放之日起一年内", "2025年11月底前"} <= texts
    # issue and signing dates (2023年12月18日印发, 2024年2月9日) are not deadlines
    assert not any(re.search(r"\d日$", t) for t in texts if not t.endswith("前"))


# -- properties --------------------------------------------------------------------------------

years = st.integers(min_value=1950, max_value=2099)
months = st.integers(min_value=1, max_value=12)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def _cn_small(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")) + (
        CN_DIGITS[ones] if ones else "")


@given(years, months)
def test_month_end_is_the_calendar_last_day(y, m):
    (d,) = parse_deadline(f"{y}年{m}月底前")
    assert d.kind == "by"
    assert d.date == D(y, m, calendar.monthrange(y, m)[1])
    assert (d.date + dt.timedelta(days=1)).day == 1


@given(years, months, st.sampled_from(["年{m}月底前", "年{m}月", "年{m}月前", "年底前"]))
def test_fullwidth_and_chinese_digits_read_the_same(y, m, shape):
    ascii_phrase = f"{y}" + shape.format(m=m)
    wide = ascii_phrase.translate(FULLWIDTH)
    chinese = _cn_year(y) + shape.format(m=_cn_small(m))
    expected = [_norm(d) for d in parse_deadline(ascii_phrase)]
    assert [_norm(d) for d in parse_deadline(wide)] == expected
    assert [_norm(d) for d in parse_deadline(chinese)] == expected
    assert [d.text for d in parse_deadline(chinese)] == [chinese]


@given(years, months, st.lists(st.sampled_from([" ", "\u3000", "\t"]), min_size=4, max_size=4))
def test_spaces_inside_the_phrase_change_nothing(y, m, gaps):
    phrase = f"{y}{gaps[0]}年{gaps[1]}{m}{gaps[2]}月{gaps[3]}底前"
    (d,) = find_deadlines(f"各单位于{phrase}完成。")
    assert d.date == D(y, m, calendar.monthrange(y, m)[1])
    assert d.text == phrase


@given(months, st.sampled_from(["{m}月底前", "{m}月前", "年内", "年底前", "第{q}季度", "上半年"]),
       st.integers(min_value=1, max_value=4))
def test_no_year_and_no_plan_date_never_has_a_date(m, shape, q):
    for d in parse_deadline(shape.format(m=m, q=q)) + find_deadlines(
            "于" + shape.format(m=m, q=q) + "完成。"):
        assert d.date is None
        assert d.kind == "unknown"


@given(months, st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)))
def test_no_year_takes_the_plan_year_never_before_the_plan(m, ref):
    (d,) = parse_deadline(f"{m}月底前", ref)
    assert d.inferred and d.kind == "by"
    assert d.date >= ref
    assert d.date.year in (ref.year, ref.year + 1)
    assert d.date == D(d.date.year, m, calendar.monthrange(d.date.year, m)[1])


@given(st.text(alphabet=st.sampled_from(list("2024年月日底前每季度上下半内起至—，。长期推进〇一十两个工作"
                                               " ０６")), max_size=40))
def test_any_text_gives_well_formed_deadlines(text):
    for mode in (find_deadlines, parse_deadline):
        for d in mode(text, REF):
            assert d.text and d.text in text
            assert d.kind in {"by", "recurring", "ongoing", "relative", "unknown"}
            assert (d.date is not None) == (d.kind == "by")
            if d.start is not None and d.date is not None:
                assert d.start <= d.date
