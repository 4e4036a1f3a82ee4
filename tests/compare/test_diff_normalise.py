"""Normalisation: widths, enclosed numerals, spaces and level words compare equal; titles do not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cascade.compare.normalise import normalise, tidy

WIDE = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})


def test_tidy_unifies_width_numerals_and_spaces():
    assert tidy("⒈着力 提高(政治)能力;　２０２４ 年") == "1.着力提高（政治）能力；2024年"
    assert tidy("民营企业 and 企业家") == "民营企业和企业家"
    assert tidy("Open Data 平台") == "Open Data平台"


def test_level_words_of_two_levels_compare_equal():
    province = normalise("省司法厅要会同省各行政执法部门，推动全省各地级以上市政府落实。", "province", "广东省")
    city = normalise("市司法局要会同市各行政执法部门，推动全市各县（市、区）人民政府落实。", "city", "梅州市")
    assert province == city


def test_county_level_city_uses_its_own_short_name():
    county = normalise("市司法局牵头，全市各镇（街道）落实。", "county", "开平市")
    province = normalise("省司法厅牵头，全省各地级以上市政府落实。", "province", "广东省")
    # 各镇（街道）is the county's lower government as 各地级以上市政府 is the province's.
    assert county == province
    assert normalise("县司法局", "county", "梅县") == normalise("市司法局", "county", "开平市")


def test_titles_in_book_quotes_are_compared_as_written():
    a = normalise("修订《广东省行政执法监督条例》", "province", "广东省")
    b = normalise("修订《梅州市行政执法监督条例》", "city", "梅州市")
    assert a != b
    assert "《广东省行政执法监督条例》" in a


@given(st.lists(st.sampled_from(["省司法厅", "全省", "行政执法", "，", "；", "（试点）", "2024年",
                                 "6月底前", "“一单两用”", "。"]), min_size=1, max_size=30),
       st.lists(st.booleans(), min_size=30, max_size=30))
def test_spacing_and_width_never_change_the_scoring_form(words, choices):
    text = "".join(words)
    noisy = "".join(w.translate(WIDE) + (" " if flip else "") for w, flip in zip(words, choices))
    assert normalise(noisy, "province", "广东省") == normalise(text, "province", "广东省")


def test_departments_and_own_budget_of_two_levels_compare_equal():
    city = normalise("市委编办、市财政局会同市政务服务数据管理局，统筹市本级经费。", "city", "某某市")
    county = normalise("县委编办、县财政局会同县政务服务数据管理局，统筹县本级经费。", "county", "某某县")
    district = normalise("区委编办、区财政局会同区政务服务数据管理局，统筹区本级经费。", "county", "某某区")
    province = normalise("省委编办、省财政厅会同省政务服务数据管理局，统筹省本级经费。", "province", "某某省")
    assert city == county == district == province


def test_words_that_only_end_in_a_level_character_are_not_departments():
    # 城市管理局 and 市场监管局 are no 市 department; a title in 《》 keeps its words.
    city = normalise("城市管理局、市场监管局，《某某省财政厅关于经费的通知》", "city", "某某市")
    county = normalise("城市管理局、市场监管局，《某某省财政厅关于经费的通知》", "county", "某某县")
    assert city == county
    assert "城市管理局" in city and "市场监管局" in city


def test_national_words_compare_with_a_provinces():
    national = normalise("司法部会同国务院各有关部门和中央和国家机关，指导各省、自治区、直辖市人民政府落实。",
                         "national")
    province = normalise("省司法厅会同省各有关部门和省直机关，指导各地级以上市政府落实。", "province", "某某省")
    assert national == province
