"""A ledger read as a plan keeps what its title row and rows say (level, 文号, units, deadlines)."""

from __future__ import annotations

import datetime as dt

import openpyxl

from cascade.api import load_plan
from cascade.ledger_layout import META_SHEET
from cascade.render.xlsx import render_ledger


def test_our_ledger_keeps_level_number_issuer_date_units_and_deadlines(seed_plans, tmp_path):
    for name in ("kaiping", "meizhou", "guangdong"):
        plan = seed_plans[name]
        back = load_plan(render_ledger(plan, tmp_path / f"{name}.xlsx", as_of=dt.date(2024, 3, 1)))
        assert (back.level, back.region, back.doc_number, back.issuer, back.date) == (
            plan.level, plan.region, plan.doc_number, plan.issuer, plan.date)
        got = [(m.units, [d.text for d in m.deadlines]) for m in back.measures()]
        rows = [(m.units, [d.text for d in m.deadlines]) for m in plan.measures()]
        if rows:  # plans with an attachment ledger: every row's units and deadlines, as written
            assert got == rows


def test_an_office_ledger_takes_its_level_from_the_title_and_the_rows(seed_plans, tmp_path):
    path = render_ledger(seed_plans["kaiping"], tmp_path / "开平.xlsx", as_of=dt.date(2024, 3, 1))
    wb = openpyxl.load_workbook(path)
    del wb[META_SHEET]  # as if typed by an office: nothing but the title row and the rows
    wb.save(path)
    plan = load_plan(path)
    assert (plan.region, plan.level) == ("开平市", "county")  # a county-level 市, by its 各镇（街）
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["平远县法治政府建设重点任务台账"])
    ws.append(["序号", "重点任务", "主要措施", "责任单位", "完成时限"])
    ws.append([1, "（一）加强队伍建设", "（1）开展行政执法人员培训。", "县司法局", "2024年12月底前"])
    ws.append([2, None, "（2）落实行政执法责任制。", "县直各行政执法部门", "长期坚持"])
    wb.save(tmp_path / "平远.xlsx")
    plan = load_plan(tmp_path / "平远.xlsx")
    assert (plan.region, plan.level) == ("平远县", "county")
    assert [m.units for m in plan.measures()] == [["县司法局"], ["县直各行政执法部门"]]
    assert [d.kind for m in plan.measures() for d in m.deadlines] == ["by", "ongoing"]
