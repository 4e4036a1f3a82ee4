"""The outline parser on the four bundled plans: structure, ids, units, deadlines, notice."""

from __future__ import annotations

import datetime as dt
import re

import pytest

CJK_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


def _texts(plan):
    for task in plan.tasks():
        yield task.title
        yield task.text
        yield from (u for u in task.units)
    for part in plan.general + plan.closing:
        yield from part.paragraphs
    yield plan.preamble
    yield plan.title


def test_province_plan_structure(seed_plans):
    plan = seed_plans["guangdong"]
    assert plan.level == "province"
    assert plan.doc_number == "粤府办〔2023〕21号"
    assert plan.title == "广东省提升行政执法质量三年行动实施计划（2023—2025年）"
    assert len(plan.sections) == 6
    ids = [t.id for t in plan.tasks()]
    assert len(ids) == 16 and ids[0] == "1.1" and ids[-1] == "6.16"
    assert plan.task("1.1").units == ["省司法厅", "省各行政执法部门"]
    assert all("各地级以上市政府" in t.implementers for t in plan.tasks())
    dates = [d.date for d in plan.task("2.4").deadlines if d.kind == "by"]
    assert dt.date(2023, 12, 31) in dates and dt.date(2024, 6, 30) in dates


def test_province_notice_and_tail(seed_plans):
    plan = seed_plans["guangdong"]
    assert plan.issuer == "广东省人民政府办公厅"
    assert plan.notice.title.startswith("广东省人民政府办公厅关于印发") and plan.notice.title.endswith("的通知")
    assert plan.notice.addressees.startswith("各地级以上市人民政府")
    assert plan.printed == dt.date(2023, 12, 18)
    assert plan.cc.startswith("省委有关部委办") and "中直驻粤有关单位" in plan.cc
    assert [p.title for p in plan.general] == ["总体要求"]
    assert [p.title for p in plan.closing] == ["组织实施"]
    # a paragraph broken by a page break is whole again
    assert any("部署的各项重点任务全面落实" in p for p in plan.general[0].paragraphs)


def test_city_plan_with_enclosed_numerals(seed_plans):
    plan = seed_plans["meizhou"]
    assert plan.level == "city"
    tasks = plan.tasks()
    assert [t.id for t in tasks] == [f"{s}.{n}" for s, n in
                                     [(1, 1), (1, 2), (1, 3), (2, 4), (2, 5), (2, 6), (3, 7), (3, 8), (3, 9),
                                      (4, 10), (4, 11), (4, 12), (5, 13), (5, 14), (6, 15), (6, 16)]]
    assert [t.number for t in tasks] == [chr(0x2488 + i) for i in range(16)]
    assert plan.task("1.1").units == ["各县（市、区）人民政府", "市司法局", "市各行政执法单位"]
    assert dt.date(2024, 5, 31) in [d.date for d in plan.task("2.4").deadlines]
    assert plan.notice.date == dt.date(2024, 1, 2) and plan.notice.signer == "梅州市人民政府办公室"
    assert plan.title == "梅州市提升行政执法质量三年行动实施方案（2023—2025年）"


@pytest.mark.parametrize("name", ["guangdong", "meizhou", "kaiping", "suizhou"])
def test_no_wrap_artifacts(seed_plans, name):
    for text in _texts(seed_plans[name]):
        assert "\n" not in text
        assert not CJK_SPACE.search(text), text
        assert "<p>" not in text and "\t" not in text


def test_county_plan_with_ledger(seed_plans):
    plan = seed_plans["kaiping"]
    assert plan.level == "county"
    assert len(plan.sections) == 6
    ids = [t.id for t in plan.tasks()]
    assert len(ids) == 19 and ids[0] == "1.1" and ids[-1] == "6.19"
    measures = plan.measures()
    assert [m.label for m in measures] == [f"({i})" for i in range(1, 65)]
    by_label = {m.label: (m, t) for t in plan.tasks() for m in t.measures}
    assert by_label["(50)"][1].id == "4.15"
    m19 = by_label["(19)"][0]
    assert m19.text.endswith("向市政府报告。")
    m18 = by_label["(18)"][0]
    assert [(d.kind, d.dates) for d in m18.deadlines] == [("recurring", ["05-31", "11-30"])]
    assert [d.kind for d in by_label["(21)"][0].deadlines] == ["ongoing"]
    assert plan.attachment_title.endswith("任务台账")


def test_city_plan_with_nested_items(seed_plans):
    plan = seed_plans["suizhou"]
    assert plan.level == "city"
    assert len(plan.sections) == 5
    assert len(plan.top_tasks()) == 17
    assert len(plan.leaf_tasks()) == 26
    assert plan.task("2.1.1").title == "开展专项整治行动"
    assert plan.task("1.1").units == ["各行政执法部门", "各县、市、区人民政府"]
    later = [t for t in plan.tasks() if t.id != "1.1"]
    assert later and all("县、市、区人民政府" in t.implementers for t in later)
    assert "县、市、区人民政府" not in plan.task("1.1").implementers
    # the issuer wrote only "市人民政府办公室"; the plan's region completes it
    assert plan.issuer == "随州市人民政府办公室"


@pytest.mark.parametrize("name", ["guangdong", "meizhou", "kaiping", "suizhou"])
def test_every_leaf_task_has_body_and_line(seed_plans, name):
    plan = seed_plans[name]
    for task in plan.leaf_tasks():
        assert task.title and task.text, task.id
        assert task.line and task.line > 0
