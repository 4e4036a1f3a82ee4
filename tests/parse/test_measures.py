"""The measure-splitting parse step: task bodies without a ledger split into requirement sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from cascade.measures import earliest_due, ledger_entries
from cascade.model import Deadline, Measure, Plan, Section, Task
from cascade.parse.measures import (
    MIN_MEASURE_CHARS,
    fill_measures,
    merge_short,
    split_measures,
    split_sentences,
    without_split_measures,
)


def _task(text: str, **kw) -> Task:
    """A task shaped like Guangdong 4."""
    return Task(id="2.4", number="4.", title="落实行政执法领域突出问题清单制度", text=text, **kw)


def test_sentences_split_outside_brackets_and_quotes():
    text = "制定办法（试行；修订）。开展“一案一码；一码到底”试点；其他工作！"
    assert split_sentences(text) == ["制定办法（试行；修订）。", "开展“一案一码；一码到底”试点；", "其他工作！"]


def test_short_sentences_merge_with_their_neighbour_and_lead_ins_with_the_next():
    long_a = "各级行政执法部门要建立业务培训登记卡制度，如实记录培训情况。"
    long_b = "鼓励通过线上线下相结合的方式灵活安排培训，推动学习情况共享互认。"
    short = "加强职业道德教育。"
    assert len(short) < MIN_MEASURE_CHARS <= min(len(long_a), len(long_b))
    assert merge_short([long_a, short, long_b]) == [long_a + short, long_b]
    assert merge_short([short, long_a]) == [short + long_a]
    assert merge_short(["重点做好以下工作：", long_a, long_b]) == ["重点做好以下工作：" + long_a, long_b]
    assert merge_short([short]) == [short]


def test_split_measures_take_units_and_deadlines_from_their_own_words_else_the_task():
    task = _task(
        "各地级以上市政府、省各有关部门要围绕逐利执法等问题，梳理执法领域突出问题清单，形成专项整治台账。"
        "省有关行政执法部门的专项整治台账要于2023年底前报省司法厅备案。"
        "省司法厅要适时组织对全省专项整治情况开展专项监督，并将专项监督情况向省政府报告。",
        units=["省司法厅", "省各行政执法部门"],
        implementers=["各地级以上市政府"],
        deadlines=[Deadline(text="2024年6月底前", kind="by", date=dt.date(2024, 6, 30))],
    )
    measures = split_measures(task, ref_date=dt.date(2023, 12, 18))
    assert [m.id for m in measures] == ["2.4.m1", "2.4.m2", "2.4.m3"]
    assert all(m.label == "" for m in measures)
    first, second, third = measures
    assert first.units == ["各地级以上市政府"]  # the subject, one of the task's implementers
    assert third.units == ["省司法厅"]
    assert second.units == ["省司法厅", "省各行政执法部门", "各地级以上市政府"]  # none named first
    assert [d.text for d in second.deadlines] == ["2023年底前"]
    assert earliest_due(second.deadlines) == dt.date(2023, 12, 31)
    assert first.deadline_text == "2024年6月底前" and earliest_due(first.deadlines) == dt.date(2024, 6, 30)


def test_a_bracketed_unit_note_inside_a_sentence_gives_the_measure_its_units():
    task = _task("建立行政执法协作机制，每年开展一次联合检查（责任单位：市公安局、市交通运输局）；完善行政执法管辖、法律适用等争议协调机制，及时协调解决争议。",
                 units=["市司法局"])
    first, second = split_measures(task)
    assert first.units == ["市公安局", "市交通运输局"]
    assert "责任单位" not in first.text and first.text.endswith("。")
    assert second.units == ["市司法局"]


def test_a_task_without_body_text_is_one_measure_from_its_title():
    (only,) = split_measures(Task(id="3.1", number="1.", title="强化权益保障", units=["市司法局"]))
    assert (only.id, only.text, only.units) == ("3.1.m1", "强化权益保障", ["市司法局"])


def test_split_measures_are_stored_marked_and_numbered_through_the_plan():
    parsed = Measure(id="1.1.m1", label="(1)", text="已有措施。")
    plan = Plan(id="p", title="方案", sections=[
        Section(id="1", number="（一）", title="甲", tasks=[
            Task(id="1.1", number="1.", title="有台账的任务", text="正文不拆。", measures=[parsed]),
            Task(id="1.2", number="2.", title="父任务", children=[
                Task(id="1.2.1", number="（1）", title="子任务", text="第一项要求写得足够长，以便单独成为一条措施，不与别的合并。"
                     "第二项要求同样写得足够长，以便单独成为一条措施，不与别的合并。"),
            ]),
        ]),
    ])
    assert ledger_entries(plan) == [ledger_entries(plan)[0]]  # a view: nothing split yet
    fill_measures(plan)
    entries = ledger_entries(plan)
    assert [(e.measure.id, e.measure.label) for e in entries] == [
        ("1.1.m1", "(1)"), ("1.2.1.m1", "(2)"), ("1.2.1.m2", "(3)")]
    assert [t.id for t in entries[1].tasks] == ["1.2", "1.2.1"]
    assert [m.split for m in plan.measures()] == [False, True, True]
    assert plan.task("1.1").measures == [parsed]  # a ledger row is kept as it is
    assert plan.has_ledger() and plan.ledger_measures() == [parsed]
    stored = [m.label for m in plan.task("1.2.1").measures]
    assert stored == ["", ""]  # labels are the row's, given by the view
    fill_measures(plan)  # idempotent
    assert len(plan.measures()) == 3
    assert without_split_measures(plan).measures() == [parsed]
    assert len(plan.measures()) == 3  # a copy


@pytest.mark.parametrize("name", ["guangdong", "suizhou", "meizhou"])
def test_every_leaf_task_of_a_plan_without_ledger_gets_measures(seed_plans, name):
    plan = seed_plans[name]
    assert not plan.has_ledger() and plan.measures()
    assert all(m.split for m in plan.measures())
    entries = ledger_entries(plan)
    by_task: dict[str, list] = {}
    for e in entries:
        by_task.setdefault(e.task.id, []).append(e.measure)
    assert set(by_task) == {t.id for t in plan.leaf_tasks()}
    for task_id, measures in by_task.items():
        assert [m.id for m in measures] == [f"{task_id}.m{k}" for k in range(1, len(measures) + 1)]
        assert all(m.text and m.units for m in measures), task_id
    assert [e.measure.label for e in entries] == [f"({n})" for n in range(1, len(entries) + 1)]
    # Splitting keeps every character of the bodies (bar unit notes and whitespace).
    for task in plan.leaf_tasks():
        joined = "".join(m.text for m in by_task[task.id]).replace("。", "")
        body = (task.text or task.title).replace("。", "").replace("；", "").replace(";", "")
        assert joined.replace("；", "").replace(";", "").replace(" ", "") == body.replace(" ", "")


def test_kaiping_measures_come_from_its_attachment_unchanged(seed_plans):
    plan = seed_plans["kaiping"]
    entries = ledger_entries(plan)
    assert [e.measure for e in entries] == plan.measures()
    assert len(entries) == 64


def test_unbalanced_brackets_do_not_swallow_the_rest_of_the_body():
    text = "开展“大比武活动，提升能力。建立培训制度。制定培训计划（试行。"
    assert split_sentences(text) == ["开展“大比武活动，提升能力。", "建立培训制度。", "制定培训计划（试行。"]
