"""Real-world shapes beyond the seeds: 繁体 copies, web catalogues, hard-wrapped PDF text,
notes on lines of their own, 牵头/责任 notes with a time, standing rules between tasks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cascade.parse import parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _ids(plan):
    return [t.id for t in plan.tasks()]


def test_traditional_copy_with_pinyin_noise_reads_as_simplified():
    plan = parse_file(FIXTURES / "county-traditional-2024.txt")
    assert any("繁体" in w.message for w in plan.warnings)
    # the page title (with `關(guān)` pinyin noise) is the notice; catalogue lines follow it
    assert plan.notice.title == "县人民政府办公室关于印发某县提升行政执法质量三年行动实施方案的通知"
    assert plan.doc_number == "某政办发〔2024〕3号"  # from `文  號 :` inside a two-key line
    assert plan.notice.addressees == "各镇人民政府，县政府各部门，某开发区管委会"
    assert plan.notice.signer == "" and plan.notice.date == dt.date(2024, 4, 12)
    assert plan.disclosure == "此件公开发布"
    assert plan.title == "某县提升行政执法质量三年行动实施方案"
    assert plan.region == "某县" and plan.issuer == "某县人民政府办公室"
    assert plan.level == "county"
    assert [s.title for s in plan.sections] == ["全面提升行政执法人员能力素质", "全面推进严格规范公正文明执法"]
    assert _ids(plan) == ["1.1", "1.2", "2.3"]
    first = plan.task("1.1")
    assert plan.task("1.2").title == "全面开展全员轮训"
    assert first.units == ["县司法局", "县直各行政执法部门"] and first.implementers == ["各镇人民政府"]
    assert plan.task("2.3").units == ["县司法局", "县市场监管局", "县公安局"]
    assert [d.date for d in plan.task("1.2").deadlines] == [dt.date(2024, 6, 30)]


def test_simplified_plan_is_not_converted(seed_plans):
    plan = seed_plans["guangdong"]
    assert not any("繁体" in w.message for w in plan.warnings)


def test_hard_wrapped_pdf_text_with_page_numbers():
    plan = parse_file(FIXTURES / "city-wrapped-2024.txt")
    # 文号 above, the office on a line of its own above `关于印发…`, the title over three lines
    assert plan.doc_number == "某政办发〔2024〕18号"
    assert plan.notice.title == "某某市人民政府办公室关于印发某某市法治政府建设2024年度工作安排的通知"
    assert plan.issuer == "某某市人民政府办公室"
    assert plan.notice.signer == "某某市人民政府办公室" and plan.date == dt.date(2024, 3, 20)
    assert plan.title == "某某市法治政府建设2024年度工作安排" and plan.level == "city"
    assert plan.preamble.endswith("安排如下：")
    # the 一、 parts are the task groups and their （一） items the tasks
    assert [s.title for s in plan.sections] == [
        "依法全面履行政府职能", "完善依法行政制度体系", "强化行政执法监督"]
    assert _ids(plan) == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert [p.title for p in plan.closing] == ["加强组织保障"]
    first = plan.task("1.1")
    assert first.title == "深化“放管服”改革"
    # wrapped over lines and a page break, no page number or space left inside
    assert "2024年6月底前完成清单动态调整工作。" in first.text
    assert all("—" not in t.text and " " not in t.text for t in plan.tasks())
    # a bracket-less note on its own line; 按职责分工分别负责 is not part of the name
    assert first.units == ["市政务服务数据管理局", "市司法局", "各县（市、区）人民政府"]
    assert [d.date for d in first.deadlines] == [dt.date(2024, 6, 30)]
    assert [d.kind for d in plan.task("2.2").deadlines] == ["ongoing"]
    assert [d.date for d in plan.task("3.1").deadlines] == [dt.date(2024, 9, 30)]
    # 版记: a 抄送 list wrapped over two lines, the printer and the date on one line
    assert plan.cc == "市委办公室，市人大常委会办公室，市政协办公室，市中级法院，市检察院。"
    assert plan.printer == "某某市人民政府办公室" and plan.printed == dt.date(2024, 3, 21)
    assert plan.warnings == []


def test_lead_and_partner_notes_with_time_and_notes_below_items():
    plan = parse_file(FIXTURES / "county-lead-2024.txt")
    assert plan.doc_number == "某政办发〔2024〕7号"  # [2024] read as 〔2024〕
    # a title broken before its years note keeps the rest of the title
    assert plan.title == "某某县安全生产治本攻坚三年行动计划（2024—2026年）实施方案"
    assert plan.preamble.startswith("为从根本上")
    assert plan.level == "county" and plan.tasks_heading == "主要任务"
    assert _ids(plan) == ["1.1", "1.2", "2.3", "2.3.1", "2.3.2", "2.3.3",
                          "2.4", "2.4.1", "2.4.2"]
    assert [t.number for t in plan.top_tasks()] == ["１．", "２．", "3、", "4、"]
    one = plan.task("1.1")
    # 牵头/责任 in one bracket, two names joined by 及, the time inside the bracket
    assert one.units == ["县应急管理局", "县安委会各成员单位", "各乡镇人民政府"]
    assert [d.date for d in one.deadlines] == [dt.date(2024, 6, 30)]
    assert plan.task("1.2").units == ["县委组织部", "县应急管理局", "县直各有关部门"]
    # a note printed below numbered items belongs to their task, not to the last item
    three = plan.task("2.3")
    assert three.units == ["县应急管理局", "县住房城乡建设局", "县交通运输局"]
    assert plan.task("2.3.3").units == []
    four = plan.task("2.4")
    assert four.units == ["县安委会各成员单位"]
    assert four.units_text == "责任单位：县安委会各成员单位；完成时限：2026年12月底前"
    assert [d.date for d in four.deadlines] == [dt.date(2026, 12, 31)]
    # a standing rule on a line of its own applies to every later task, not the earlier ones
    assert plan.task("1.2").implementers == []
    assert all(t.implementers == ["各乡镇人民政府"] for t in plan.tasks() if t.id >= "2.3")
    assert plan.warnings == []


def test_town_plan_from_a_web_page_with_bulleted_catalogue():
    plan = parse_file(FIXTURES / "town-web-2024.txt")
    # `• 发文字号:` with its value on a later line; `• 内容概述:` does not swallow the title
    assert plan.doc_number == "某镇发〔2024〕6号"
    assert plan.notice.title == "某某镇人民政府关于印发某某镇优化营商环境提升行动方案的通知"
    assert plan.level == "town"  # addressed to 各村（社区）
    assert plan.region == "某某镇" and plan.issuer == "某某镇人民政府"
    assert plan.title == "某某镇优化营商环境提升行动方案"
    # numbering runs on across the 一、 groups; ids keep the printed number
    assert [s.title for s in plan.sections] == ["提升政务服务效能", "优化法治化营商环境"]
    assert _ids(plan) == ["1.1", "1.2", "2.3", "2.4"]
    assert plan.task("1.2").units == ["镇便民服务中心", "各村（社区）"]
    assert [d.every for d in plan.task("1.2").deadlines] == ["quarter"]
    assert [d.kind for d in plan.task("2.4").deadlines] == ["ongoing"]
    assert [p.title for p in plan.closing] == ["保障措施"]


def test_province_pdf_with_letter_spaced_headings_and_older_notice_title():
    plan = parse_file(FIXTURES / "province-pdf-2024.txt")
    # 文件 masthead, 文号, a notice title with 印发 but no 关于, broken over two lines
    assert plan.issuer == "某某省人民政府办公厅" and plan.doc_number == "某府办〔2024〕9号"
    assert plan.notice.title == "某某省人民政府办公厅印发某某省行政执法协调监督工作体系建设实施方案的通知"
    # the addressee line ends at its colon even where it nearly reaches the margin
    assert plan.notice.addressees == "各地级以上市人民政府，省政府各部门、各直属机构"
    assert plan.notice.body.startswith("《某某省") and plan.notice.body.endswith("反映。")
    assert plan.notice.date == dt.date(2024, 1, 5)  # 二〇二四年一月五日
    assert plan.title == "某某省行政执法协调监督工作体系建设实施方案" and plan.level == "province"
    # `一 、总 体 要 求` (letter-spaced) is still a part heading
    assert [p.title for p in plan.general] == ["总体要求"]
    assert [p.title for p in plan.closing] == ["组织实施"]
    assert _ids(plan) == ["1.1", "1.2", "2.3", "2.4"]
    assert plan.task("1.1").units == ["省司法厅"]
    # the standing rule in task 1's note applies from the next task on
    assert plan.task("1.1").implementers == []
    assert all(plan.task(i).implementers == ["各地级以上市政府"] for i in ("1.2", "2.3", "2.4"))
    assert "每年至少开展一次业务培训。" in plan.task("2.3").text  # joined across a page break
    assert [d.date for d in plan.task("2.4").deadlines] == [dt.date(2025, 12, 31)]
    assert plan.disclosure == "主动公开" and plan.printed == dt.date(2024, 1, 8)
    assert plan.cc.endswith("省法院，省检察院。")
    assert plan.warnings == []


def test_joint_notice_copied_from_a_web_page_without_the_plans_own_title():
    plan = parse_file(FIXTURES / "city-joint-web-2023.txt")
    # the page title glued to its 文号, header lines (来源、浏览量、【法宝引证码】) skipped
    assert plan.doc_number == "某办发〔2023〕2号"
    assert plan.notice.title == (
        "中共某某市委办公室某某市人民政府办公室印发《某某市2023年重点工作任务分解方案》的通知")
    assert plan.notice.addressees == "各县（市、区）委、人民政府，市直各单位"
    assert plan.notice.body.startswith("经市委、市政府同意")
    # two offices sign, each on its line; the date is printed twice
    assert plan.notice.signer == "中共某某市委办公室、某某市人民政府办公室"
    assert plan.issuer == plan.notice.signer and plan.date == dt.date(2023, 3, 28)
    assert plan.disclosure == "此件公开发布"
    # no title above the plan: the notice names it, and the parser says so
    assert plan.title == "某某市2023年重点工作任务分解方案"
    assert any("方案标题" in w.message for w in plan.warnings)
    assert plan.preamble.startswith("为全面完成") and plan.level == "city"
    assert _ids(plan) == ["1.1", "1.2", "2.3", "2.4"]
    # 牵头单位 and 责任单位 on lines of their own below each task
    assert plan.task("1.2").units == ["市财政局", "市税务局", "各县（市、区）人民政府"]
    assert [d.date for d in plan.task("1.2").deadlines] == [dt.date(2023, 12, 31)]  # 时间节点：2023年12月
    assert [d.date for d in plan.task("2.3").deadlines] == [dt.date(2023, 6, 30)]
    # the page's frame (【打印本页】, 扫一扫…) is not part of the plan
    closing = "".join(p for part in plan.closing for p in part.paragraphs)
    assert closing.endswith("报送市政府督查室。") and "打印" not in closing


def test_plan_with_part_words_ideograph_and_parenthesised_numbers():
    plan = parse_file(FIXTURES / "county-marks-2024.txt")
    # no notice: the office and the date close the plan, the 附件 note above them names the list
    assert plan.notice is None and plan.issuer == "某某县人民政府办公室"
    assert plan.date == dt.date(2024, 5, 20) and plan.level == "county"
    assert plan.attachment_title == "某某县法治政府建设示范创建任务清单"
    # 第一部分 parts, ㈠ sections, ⒈ tasks, ⑴ items
    assert [p.title for p in plan.general] == ["总体要求"]
    assert [p.title for p in plan.closing] == ["保障措施"]
    assert plan.closing[0].paragraphs == ["各单位要明确专人负责，每季度末将工作推进情况报县司法局。"]
    assert [s.number for s in plan.sections] == ["㈠", "㈡"]
    assert _ids(plan) == ["1.1", "1.2", "1.2.1", "1.2.2", "2.3"]
    assert [t.number for t in plan.tasks()] == ["⒈", "⒉", "⑴", "⑵", "⒊"]
    # 【…】 notes, one below the items of task 2
    assert plan.task("1.1").units == ["县委编办", "县司法局"]
    assert plan.task("1.2").units == ["县政务服务中心", "县市场监管局"]
    assert plan.task("2.3").units == ["县司法局", "县直各行政执法单位"]
    assert [d.kind for d in plan.task("2.3").deadlines] == ["ongoing"]
    assert [d.date for d in plan.task("1.2.1").deadlines] == [dt.date(2024, 12, 31)]
    assert plan.warnings == []


def _table_docx(source: Path, out: Path) -> Path:
    """The fixture as Word: tab rows become one real table, the rest paragraphs."""
    import docx

    document = docx.Document()
    lines = source.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if "\t" in line]
    table = None
    for line in lines:
        if "\t" not in line:
            document.add_paragraph(line)
        elif table is None:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
    document.save(str(out))
    return out


@pytest.mark.parametrize("as_docx", [False, True])
def test_plan_whose_tasks_are_only_a_table(as_docx, tmp_path):
    source = FIXTURES / "district-table-2024.txt"
    plan = parse_file(_table_docx(source, tmp_path / "t.docx") if as_docx else source)
    assert plan.title == "某某区2024年法治政府建设重点任务分工方案" and plan.level == "county"
    assert [p.title for p in plan.general] == ["总体要求"]
    assert plan.tasks_heading == "重点任务" and [p.title for p in plan.closing] == ["工作要求"]
    # one section per 重点任务 (merged cells carry down), one task per row
    assert [(s.number, s.title) for s in plan.sections] == [
        ("（一）", "依法履行政府职能"), ("（二）", "规范行政执法")]
    assert _ids(plan) == ["1.1", "1.2", "2.3", "2.4"]
    first = plan.task("1.1")
    assert first.title == "深化“放管服”改革" and first.text == "推行政务服务“一网通办”。"
    assert first.units == ["区政务服务数据管理局"]
    assert [d.date for d in first.deadlines] == [dt.date(2024, 6, 30)]
    assert [d.date for d in plan.task("1.2").deadlines] == [dt.date(2024, 9, 30)]  # 2024年9月
    assert plan.task("2.3").units == ["区司法局", "各行政执法部门"]
    assert [d.kind for d in plan.task("2.4").deadlines] == ["ongoing"]
    assert any("任务表" in w.message for w in plan.warnings)
