"""The as-of date: colours, 截止日期 and 统计 counts agree, checked in a LibreOffice-recalculated copy."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.ledger_due import due_cell, due_on, row_state
from cascade.ledger_layout import (
    AS_OF_LABEL,
    AS_OF_ROW,
    FIRST_ROW,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    STATS_SHEET,
)
from cascade.measures import ledger_entries, measure_deadlines
from cascade.model import Deadline
from cascade.parse.deadlines import parse_deadline
from cascade.render.xlsx import render_ledger

AS_OF = dt.date(2024, 3, 1)
COL = {h: i for i, h in enumerate([*HEADERS, KEY_HEADER], 1)}
LO_XLSX = "xlsx:Calc MS Excel 2007 XML"
# Real 完成时限 wordings of county and city plans (开平, 梅州 and the 广东 plan's ledger).
WORDINGS = ("每年5月底和11月底前", "每季度", "每月10日前", "2024年起每年12月底前",
            "2024年6月底前取得阶段性成果，持续推进", "2024年12月底前", "长期坚持",
            "2023年底前完成，2025年6月底前全面完成")


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


@pytest.fixture(scope="module")
def recalculated(seed_plans, soffice_convert, tmp_path_factory):
    """The 开平 ledger as of 2024-03-01 with statuses typed, and LibreOffice's recalculation."""
    folder = tmp_path_factory.mktemp("as-of")
    path = render_ledger(seed_plans["kaiping"], folder / "kaiping.xlsx", as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    typed = {0: "已完成", 1: "已逾期", 2: "推进中", 5: "长期推进", 7: "未启动", 9: "自定状态"}
    for i, status in typed.items():
        ws.cell(FIRST_ROW + i, COL["完成状态"]).value = status
    wb.save(path)
    out = folder / "lo"
    out.mkdir()
    return seed_plans["kaiping"], path, soffice_convert(path, LO_XLSX, out)


def test_the_as_of_cell_is_visible_and_editable(recalculated):
    _, path, _ = recalculated
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    label = ws.cell(AS_OF_ROW, COL["进度情况"])
    cell = ws.cell(AS_OF_ROW, COL["备注"])
    assert label.value == AS_OF_LABEL and _day(cell.value) == AS_OF
    assert not cell.protection.locked and cell.number_format == "yyyy-mm-dd"


def test_colours_and_counts_agree_as_of_the_date(recalculated):
    plan, _, lo = recalculated
    wb = openpyxl.load_workbook(lo, data_only=True)
    ws = wb[LEDGER_SHEET]
    rows = [r for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True) if r[COL[KEY_HEADER] - 1]]
    assert len(rows) == 64
    entries = ledger_entries(plan)
    states = []
    for entry, row in zip(entries, rows):
        due = _day(row[COL["截止日期"] - 1])
        assert due == due_on(measure_deadlines(entry), AS_OF)  # the formula's date is Python's
        state = row_state(due, row[COL["完成状态"] - 1], AS_OF)
        if state == "overdue" and row[COL["完成状态"] - 1] != "已逾期":
            assert due < AS_OF  # red only for dates before the as-of day
        states.append(state)
    assert states.count("overdue") >= 2  # the typed 已逾期 and a date before 2024-03-01
    stats = {r[0]: r[1:] for r in wb[STATS_SHEET].iter_rows(min_row=3, values_only=True) if r[0]}
    assert stats["逾期（按统计截至日期）"][0] == states.count("overdue")
    assert stats["30天内到期"][0] == states.count("soon")
    assert stats["合计"][0] == 64 and stats["已完成"][0] == 1 and stats["其他"][0] == 1
    assert stats["未填写"][0] == 64 - 6
    months = [k for k in stats if isinstance(k, dt.datetime)]
    table = [stats[m] for m in months] + [stats["其他月份"], stats["无具体日期"]]
    assert all(isinstance(v, (int, float)) for row in table for v in row[:4])  # no blank
    assert sum(row[0] for row in table) == 64
    assert sum(row[3] for row in table) == states.count("overdue")
    units = [v for k, v in stats.items() if isinstance(k, str) and k.startswith("市司法局")]
    assert units and units[0][3] <= states.count("overdue")


def test_formulas_give_python_s_dates_for_every_wording(soffice_convert, tmp_path):
    """Each wording's 截止日期 formula, on many as-of days, recalculated by LibreOffice."""
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=k) for k in range(0, 1100, 23)]
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, day in enumerate(days, 1):
        ws.cell(r, 1).value = day
        for c, words in enumerate(WORDINGS, 2):
            value = due_cell(parse_deadline(words, dt.date(2024, 1, 1)), f"$A{r}")
            ws.cell(r, c).value = value
            ws.cell(r, c).number_format = "yyyy-mm-dd"
    path = tmp_path / "wordings.xlsx"
    wb.save(path)
    out = tmp_path / "lo"
    out.mkdir()
    got = openpyxl.load_workbook(soffice_convert(path, LO_XLSX, out), data_only=True).active
    for r, day in enumerate(days, 1):
        for c, words in enumerate(WORDINGS, 2):
            expected = due_on(parse_deadline(words, dt.date(2024, 1, 1)), day)
            assert _day(got.cell(r, c).value) == expected, (words, day)


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.sampled_from(WORDINGS[:4]))
def test_a_recurring_deadline_is_next_due_on_one_of_its_days(as_of, words):
    deadlines = parse_deadline(words, dt.date(2024, 1, 1))
    due = due_on(deadlines, as_of)
    start = next((d.start for d in deadlines if d.start), None)
    assert due >= max(as_of, start or as_of)
    assert (due - max(as_of, start or as_of)).days <= 366
    assert due_on(deadlines, due) == due  # due on its day, not yet the next one
    assert row_state(due, None, as_of) != "overdue"


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_ongoing_is_never_overdue_and_a_milestone_passes_into_ongoing(as_of):
    ongoing = [Deadline("长期坚持", kind="ongoing")]
    assert row_state(due_on(ongoing, as_of), None, as_of) == "plain"
    milestone = parse_deadline("2024年6月底前取得阶段性成果，持续推进", None)
    due = due_on(milestone, as_of)
    assert due == (dt.date(2024, 6, 30) if as_of <= dt.date(2024, 6, 30) else "持续推进")
    assert row_state(due, None, as_of) != "overdue"
    end = parse_deadline("2024年6月底前", None)
    assert (row_state(due_on(end, as_of), None, as_of) == "overdue") == (as_of > dt.date(2024, 6, 30))


def test_a_typed_as_of_date_survives_an_update_without_as_of(seed_plans, tmp_path):
    """Nothing typed is lost: a clerk's own 统计截至 date stays; --as-of still overrides it."""
    from cascade.ledger import update_ledger

    path = render_ledger(seed_plans["kaiping"], tmp_path / "k.xlsx", as_of=AS_OF)

    def as_of_in(p):
        return _day(openpyxl.load_workbook(p)[LEDGER_SHEET].cell(AS_OF_ROW, COL["备注"]).value)

    update_ledger(seed_plans["kaiping"], path)  # untouched: counts as of today
    assert as_of_in(path) == dt.date.today()
    wb = openpyxl.load_workbook(path)
    wb[LEDGER_SHEET].cell(AS_OF_ROW, COL["备注"]).value = dt.datetime(2025, 6, 30)
    wb.save(path)
    update_ledger(seed_plans["kaiping"], path)
    assert as_of_in(path) == dt.date(2025, 6, 30)
    update_ledger(seed_plans["kaiping"], path)  # and again: it is now what the tool wrote
    assert as_of_in(path) == dt.date(2025, 6, 30)
    update_ledger(seed_plans["kaiping"], path, as_of=dt.date(2025, 12, 31))
    assert as_of_in(path) == dt.date(2025, 12, 31)
