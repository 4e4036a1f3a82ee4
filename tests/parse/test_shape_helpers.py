"""Small readers behind the real-world shapes: catalogue lines, page numbers, web entities,
notes on lines of their own, standing rules, 完成时限 with a bare date."""

from __future__ import annotations

import datetime as dt

import pytest

from cascade.parse import parse_source
from cascade.parse.catalogue import catalogue_cells, rewrite_catalogue
from cascade.parse.notice import parse_cn_date
from cascade.parse.script import strip_ruby, traditional_share
from cascade.parse.textnorm import strip_markup
from cascade.parse.units import is_note_paragraph, split_units, standing_rule
from cascade.parse.unwrap import _PAGE_NUMBER
from cascade.sources import SourceText


@pytest.mark.parametrize("line, cells", [
    ("索引号 : 0110/2024-00321 文       号 : 某政办发〔2024〕3号",
     ["索引号：0110/2024-00321", "文号：某政办发〔2024〕3号"]),
    ("索 引 号 | 1162/2025-48086 | 主题分类 | 综合政务 |", ["索引号：1162/2025-48086", "主题分类：综合政务"]),
    ("  • 发文字号:", ["发文字号："]),
])
def test_catalogue_cells(line, cells):
    assert catalogue_cells(line) == cells


def test_a_lone_key_takes_a_value_but_not_the_title():
    lines = [(1, "• 发文字号:"), (2, "  某政发〔2024〕7号"), (3, "• 发文机构:"), (4, "某县人民政府"),
             (5, "• 内容概述:"), (6, "某县工作方案")]
    out = [t for _, t in rewrite_catalogue(lines, len(lines))]
    assert out[0] == "发文字号：某政发〔2024〕7号\t" and out[2] == "发文机构：某县人民政府\t"
    assert out[4] == "内容概述：\t" and out[5] == "某县工作方案"


@pytest.mark.parametrize("line", ["— 3 —", "-12-", "·4·", "第 3 页", "第3页 共12页", "3 / 12", "－５－"])
def test_page_numbers(line):
    assert _PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["2024", "一、总体要求", "3.加强培训。"])
def test_not_page_numbers(line):
    assert not _PAGE_NUMBER.match(line)


def test_web_markup_and_entities():
    assert strip_markup("<p class='x'>推进&ldquo;放管服&rdquo;改革&nbsp;<o:p></o:p></p>") == "推进“放管服”改革\xa0"
    assert strip_markup("落实<湖北省实施方案>要求，A&B") == "落实<湖北省实施方案>要求，A&B"


def test_traditional_detection_and_pinyin_noise():
    assert strip_ruby("關(guān)于印發(fā)通知") == "關于印發通知"
    assert strip_ruby("附件(a)与(一)") == "附件(a)与(一)"
    assert traditional_share("縣人民政府辦公室關於印發實施方案的通知") > 0.3
    assert traditional_share("县人民政府办公室关于印发实施方案的通知") == 0


def test_dates_with_full_width_digits():
    assert parse_cn_date("２０２４年３月８日") == dt.date(2024, 3, 8)


def test_note_paragraphs_and_standing_rules():
    assert is_note_paragraph("（责任单位：县应急管理局、各乡镇人民政府）")
    assert is_note_paragraph("完成时限：2026年12月底前")
    assert is_note_paragraph("牵头单位：县司法局")
    assert not is_note_paragraph("（一）加强组织领导")
    assert not is_note_paragraph("各地要加强组织领导（各乡镇负责）。然后推进。")
    assert standing_rule("以下任务均需各乡镇人民政府落实，不再逐项列出。") == ["各乡镇人民政府"]
    assert standing_rule("以下任务由县司法局负责。") == []


@pytest.mark.parametrize("text, names", [
    ("县安委会各成员单位及各乡镇人民政府", ["县安委会各成员单位", "各乡镇人民政府"]),
    ("县住房和城乡建设局", ["县住房和城乡建设局"]),
    ("市场监管及相关部门", ["市场监管及相关部门"]),
    ("各县（市、区）人民政府按职责分工分别负责", ["各县（市、区）人民政府"]),
])
def test_units_joined_by_conjunctions(text, names):
    assert split_units(text) == names


def _plan(lines):
    return parse_source(SourceText(path="t.txt", lines=lines))


def test_time_note_with_a_bare_month_is_a_deadline():
    plan = _plan(["某县测试工作方案", "一、重点任务",
                  "1.规范执法。开展执法检查。", "责任单位：县司法局", "完成时限：2024年12月",
                  "2.长期任务。做好日常工作。（责任单位：县司法局；完成时限：长期坚持）"])
    one, two = plan.tasks()
    assert one.units == ["县司法局"]
    assert [(d.kind, d.date) for d in one.deadlines] == [("by", dt.date(2024, 12, 31))]
    assert [d.kind for d in two.deadlines] == ["ongoing"]


def test_a_note_between_items_is_the_earlier_items():
    plan = _plan(["某县测试工作方案", "一、重点任务",
                  "1.完善工作机制", "（1）落实公示制度。依法公开执法信息。", "（责任单位：县司法局）",
                  "（2）健全监管机制。推行信用监管。（责任单位：县市场监管局）",
                  "2.加强队伍建设", "（1）开展培训。", "（2）开展考核。", "（责任单位：县人社局）"])
    assert plan.task("1.1.1").units == ["县司法局"] and plan.task("1.1").units == []
    assert plan.task("1.1.2").units == ["县市场监管局"]
    # below the last of items that carry no note: the whole task's
    assert plan.task("1.2").units == ["县人社局"] and plan.task("1.2.2").units == []


def test_notice_without_signature_or_date_keeps_the_plan_title_and_preamble():
    plan = _plan(["某县人民政府办公室关于印发某县测试工作方案的通知", "各乡镇人民政府：",
                  "现将《某县测试工作方案》印发给你们，请认真执行。", "某县测试工作方案（修订）",
                  "为做好测试工作，制定本方案。", "一、重点任务", "1.规范执法。开展执法检查。"])
    assert plan.notice.date is None and plan.notice.signer == ""
    assert plan.title == "某县测试工作方案（修订）"
    assert plan.preamble == "为做好测试工作，制定本方案。"
    assert not any("方案标题" in w.message for w in plan.warnings)


def test_heading_glued_to_its_first_section():
    plan = _plan(["某县测试实施方案", "一、总体要求以提升执法质量为目标，制定本方案。",
                  "二、主要任务和具体措施（一）全面推行行政执法公示制度。",
                  "1.强化事前公开。", "各级行政执法机关主动公开执法信息。", "（责任单位：县司法局）",
                  "2.规范事中公示。执法人员出示执法证件。（责任单位：县各行政执法部门）"])
    assert [p.title for p in plan.general] == ["总体要求"]
    assert plan.general[0].paragraphs == ["以提升执法质量为目标，制定本方案。"]
    assert plan.tasks_heading == "主要任务和具体措施"
    assert [s.title for s in plan.sections] == ["全面推行行政执法公示制度"]
    one = plan.task("1.1")
    assert one.title == "强化事前公开" and one.text == "各级行政执法机关主动公开执法信息。"
    assert one.units == ["县司法局"]


@pytest.mark.parametrize("addressees, level", [
    ("各村民委员会、社区居民委员会，镇属各单位", "town"),
    ("各村、社区，镇直各部门", "town"),
    ("各苏木乡镇人民政府，旗直各部门", "county"),
    ("各县市人民政府，州直各单位", "city"),
])
def test_level_from_addressees_outside_the_vocabulary(addressees, level):
    plan = _plan(["某地人民政府关于印发测试工作方案的通知", f"{addressees}：", "现将方案印发给你们。",
                  "某地人民政府", "2024年1月2日", "测试工作方案", "一、重点任务", "1.开展检查。做好检查。"])
    assert plan.notice.addressees == addressees
    assert plan.level == level


def test_unit_note_on_a_section_heading_holds_for_its_tasks_without_one():
    plan = _plan(["某县测试实施方案", "一、重点任务", "（一）加强队伍建设（牵头单位：县司法局）",
                  "1.开展培训。每年组织轮训。", "2.严格考核。落实考核制度。（责任单位：县人社局）",
                  "（二）规范执法行为", "3.规范裁量。细化裁量基准。"])
    first, second = plan.sections
    assert first.title == "加强队伍建设" and second.title == "规范执法行为"
    assert plan.task("1.1").units == ["县司法局"]
    assert plan.task("1.1").units_text == "（牵头单位：县司法局）"
    assert plan.task("1.2").units == ["县人社局"]
    assert plan.task("2.3").units == []


def test_catalogue_date_when_the_notice_lost_its_own():
    plan = _plan(["索引号：1/2024-1 成文日期：2024-04-12", "某县人民政府办公室关于印发某县测试工作方案的通知",
                  "各乡镇人民政府：", "现将方案印发给你们。", "某县测试工作方案", "一、重点任务",
                  "1.开展检查。做好检查。"])
    assert plan.notice.date is None and plan.date == dt.date(2024, 4, 12)
    dated = _plan(["成文日期：2024年04月12日", "某县人民政府办公室关于印发某县测试工作方案的通知",
                   "各乡镇人民政府：", "现将方案印发给你们。", "某县人民政府办公室", "2024年4月10日",
                   "某县测试工作方案", "一、重点任务", "1.开展检查。做好检查。"])
    assert dated.date == dt.date(2024, 4, 10)  # the notice's own date wins


def test_offices_signing_side_by_side_on_one_line():
    plan = _plan(["中共某县委办公室　某县人民政府办公室关于印发某县测试工作方案的通知", "各乡镇党委、人民政府：",
                  "现将方案印发给你们。", "中共某县委办公室　　　　某县人民政府办公室", "2024年4月10日",
                  "某县测试工作方案", "一、重点任务", "1.开展检查。做好检查。"])
    assert plan.notice.signer == "中共某县委办公室、某县人民政府办公室"
    assert plan.issuer == plan.notice.signer
    assert plan.notice.date == dt.date(2024, 4, 10)
