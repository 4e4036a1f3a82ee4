"""Ledger update: every value people typed survives regeneration, sorting and plan changes."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles.numbers import is_date_format

from cascade.api import load_plan
from cascade.cli import main
from cascade.errors import LedgerError
from cascade.ledger import read_ledger_progress, update_ledger
from cascade.ledger_layout import (
    FIRST_ROW,
    FLAT_SHEET,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    META_SHEET,
    REMOVED_SHEET,
    STATUSES,
)
from cascade.model import Deadline, Measure, Plan, Task
from cascade.render.xlsx import render_ledger

KAIPING = Path(__file__).resolve().parents[2] / "plans" / "sources" / "kaiping-2024.txt"
EXTRA = "督办意见"
EXTRA_COL = len(HEADERS) + 2  # the first column after the hidden key
TYPED_COLUMNS = {"完成状态": 8, "进度情况": 9, "备注": 10, EXTRA: EXTRA_COL}
NOW = dt.datetime(2026, 1, 5, 9, 30)


@pytest.fixture(scope="module")
def kaiping(seed_plans) -> Plan:
    """The parsed Kaiping plan (64 measures from its attachment)."""
    return seed_plans["kaiping"]


def _type_into(path: Path, typed, order=None, drop_key=False) -> dict[tuple[str, str], object]:
    """Type values into rows (by index), add the extra column, optionally shuffle the rows and
    delete the key column, as people do in Excel. Returns {(measure id, column): value}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    n = ws.max_row - FIRST_ROW + 1
    keys = [ws.cell(FIRST_ROW + i, len(HEADERS) + 1).value for i in range(n)]
    ws.cell(FIRST_ROW - 1, EXTRA_COL).value = EXTRA
    expected = {}
    for index, column, value in typed:
        cell = ws.cell(FIRST_ROW + index % n, TYPED_COLUMNS[column])
        if is_date_format(cell.number_format) and not isinstance(value, dt.datetime):
            cell.number_format = "General"  # a number typed over a typed date is a number again
        cell.value = value
        expected[(keys[index % n], column)] = value
    if order is not None:
        for rng in [r for r in ws.merged_cells.ranges if r.min_row >= FIRST_ROW]:
            ws.unmerge_cells(str(rng))
        rows = [[(ws.cell(FIRST_ROW + i, c).value, ws.cell(FIRST_ROW + i, c).number_format)
                 for c in range(1, EXTRA_COL + 1)] for i in range(n)]
        for i, source in enumerate(order):  # sorting moves each cell's number format with it
            for c, (value, number_format) in enumerate(rows[source], 1):
                ws.cell(FIRST_ROW + i, c).value = value
                ws.cell(FIRST_ROW + i, c).number_format = number_format
    if drop_key:
        ws.delete_cols(len(HEADERS) + 1)
    wb.save(path)
    return expected


def _sheet_list(path: Path, sheet: str) -> list[dict[str, object]]:
    """Rows of a sheet below its header, as {header: value}."""
    ws = openpyxl.load_workbook(path)[sheet]
    header_row = next(r for r in range(1, 4) if ws.cell(r, 1).value == "序号")
    headers = [c.value for c in ws[header_row]]
    return [dict(zip(headers, values)) for values in ws.iter_rows(min_row=header_row + 1,
                                                                  values_only=True)]


def _sheet_rows(path: Path, sheet: str) -> dict[str, dict[str, object]]:
    """Rows of a sheet by measure id (each id must appear once)."""
    rows = _sheet_list(path, sheet)
    by_id = {row.get(KEY_HEADER): row for row in rows}
    assert len(by_id) == len(rows)
    return by_id


def _assert_all_found(path: Path, plan: Plan, expected) -> None:
    """Every typed value is on its measure's row, or on its row in 已移除."""
    ledger = _sheet_rows(path, LEDGER_SHEET)
    alive = {m.id for m in plan.measures()}
    removed = {}
    if any(measure_id not in alive for measure_id, _ in expected):
        removed = _sheet_rows(path, REMOVED_SHEET)
    for (measure_id, column), value in expected.items():
        where = ledger if measure_id in alive else removed
        assert measure_id in where, (measure_id, column)
        assert where[measure_id][column] == value, (measure_id, column)


# -- the hypothesis test ----------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1,
                max_size=30)
_values = st.one_of(
    st.sampled_from(STATUSES),
    _text,
    st.integers(-10**6, 10**6),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(lambda d: dt.datetime(d.year, d.month, d.day)),
)


@st.composite
def _edits(draw, plan: Plan):
    """Random typing, row order and plan changes for one example."""
    task_ids = [t.id for t in plan.tasks()]
    measure_ids = [m.id for m in plan.measures()]
    n = len(measure_ids)
    return {
        "typed": draw(st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(sorted(TYPED_COLUMNS)),
                                         _values), min_size=1, max_size=25)),
        "order": draw(st.permutations(range(n))),
        "drop": draw(st.sets(st.sampled_from(task_ids), max_size=4)),
        "reword": draw(st.sets(st.sampled_from(measure_ids), max_size=8)),
        "move": draw(st.sets(st.sampled_from(measure_ids), max_size=8)),
        "add": draw(st.integers(0, 3)),
    }


def _changed(plan: Plan, edits) -> Plan:
    """The plan after drops, rewordings, moved deadlines and added tasks."""
    new = copy.deepcopy(plan)
    for section in new.sections:
        section.tasks = [t for t in section.tasks if t.id not in edits["drop"]]
    for m in new.measures():
        if m.id in edits["reword"]:
            m.text = m.text.rstrip("。") + "，并定期报送工作进展情况。"
        if m.id in edits["move"]:
            m.deadline_text = "2026年3月底前"
            m.deadlines = [Deadline(text="2026年3月底前", kind="by", date=dt.date(2026, 3, 31))]
    section = new.sections[-1]
    for k in range(edits["add"]):
        tid = f"{section.id}.{90 + k}"
        section.tasks.append(Task(id=tid, number=f"{90 + k}.", title=f"新增任务{k}", units=["市司法局"],
                                  measures=[Measure(id=f"{tid}.m1", label="",
                                                    text=f"新增第{k}项措施：开展专项检查并通报结果。")]))
    return new


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_every_typed_value_survives_sorting_and_plan_changes(kaiping, tmp_path_factory, data):
    edits = data.draw(_edits(kaiping))
    path = tmp_path_factory.mktemp("upd") / "台账.xlsx"
    render_ledger(kaiping, path)
    expected = _type_into(path, edits["typed"], order=edits["order"])
    before = path.read_bytes()
    new_plan = _changed(kaiping, edits)
    result = update_ledger(new_plan, path, now=NOW)
    assert result.backup.read_bytes() == before
    assert result.extra_columns == [EXTRA]
    _assert_all_found(path, new_plan, expected)
    alive = {m.id for m in new_plan.measures()}
    gone = {m.id for m in kaiping.measures()} - alive
    assert result.moved == len(gone) and result.by_text == 0
    assert result.by_key == len(alive) - edits["add"]


# -- matching without the key, by text ----------------------------------------------------------


def test_key_column_deleted_rows_are_found_by_their_text(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "l.xlsx")
    typed = [(i, "进度情况", f"第{i}行已推进") for i in range(0, 64, 3)]
    expected = _type_into(path, typed, order=list(reversed(range(64))), drop_key=True)
    plan = _changed(kaiping, {"drop": {"6.19"}, "reword": {"1.2.m5", "3.9.m1"}, "move": set(), "add": 1})
    result = update_ledger(plan, path, now=NOW)
    assert result.by_key == 0 and result.by_text == 64 - 2  # 6.19 had two measures
    _assert_all_found(path, plan, {k: v for k, v in expected.items() if not k[0].startswith("6.19.")})
    removed = _sheet_list(path, REMOVED_SHEET)
    assert sorted(r["主要措施"][:4] for r in removed) == ["(63)", "(64)"]


def test_a_ledger_typed_by_an_office_gives_its_progress_back_on_our_rows(kaiping, tmp_path):
    """The attachment typed into Excel: its own header, labels in the text, no key, no merges."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([kaiping.title + "任务台账"])
    ws.append(["重点任务", "具体任务", "主要措施", "责任单位", "完成时限", "进度情况", "配合单位"])
    previous = (None, None)
    progress = {}
    for section in kaiping.sections:
        for task in section.tasks:
            for k, m in enumerate(task.measures):
                cells = (section.number + section.title, task.number + " " + task.title)
                shown = [c if c != p else None for c, p in zip(cells, previous)]
                previous = cells
                text = f"{m.label} {m.text}".replace("，", "， ", 2)  # typing noise
                note = f"{m.label}已召开专题会议" if k == 0 else None
                ws.append([*shown, text, "、".join(m.units), m.deadline_text, note,
                           "市财政局" if k == 1 else None])
                if note:
                    progress[m.id] = note
    path = tmp_path / "office.xlsx"
    wb.save(path)
    typed = read_ledger_progress(path)
    assert typed["(1)"] == {"进度情况": "(1)已召开专题会议"}
    assert typed["(2)"] == {"配合单位": "市财政局"}
    result = update_ledger(kaiping, path, now=NOW)
    assert (result.by_text, result.by_key, result.moved, result.new) == (64, 0, 0, 0)
    assert result.extra_columns == ["配合单位"]
    rows = _sheet_rows(path, LEDGER_SHEET)
    assert {k: r["进度情况"] for k, r in rows.items() if r["进度情况"]} == progress
    assert sum(1 for r in rows.values() if r["配合单位"] == "市财政局") == sum(
        1 for t in kaiping.tasks() if len(t.measures) > 1)
    assert read_ledger_progress(path)["1.1.m1"] == {"进度情况": "(1)已召开专题会议"}


# -- archive, backup, determinism, refusal ------------------------------------------------------


def test_archived_rows_are_kept_across_updates_and_output_is_deterministic(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "l.xlsx")
    _type_into(path, [(0, "备注", "第一次移除的备注"), (63, "完成状态", "已完成")])
    first = _changed(kaiping, {"drop": {"1.1"}, "reword": set(), "move": set(), "add": 0})
    r1 = update_ledger(first, path, now=NOW)
    assert r1.moved == 2 and r1.archived == 2
    once = path.read_bytes()
    r2 = update_ledger(first, path, now=NOW)  # same plan, same typed values: same bytes
    assert path.read_bytes() == once and r2.moved == 0 and r2.archived == 2
    assert r2.backup != r1.backup and r2.backup.read_bytes() == once
    second = _changed(first, {"drop": {"6.19"}, "reword": set(), "move": set(), "add": 0})
    r3 = update_ledger(second, path, now=NOW)
    assert (r3.moved, r3.archived) == (2, 4)
    removed = _sheet_rows(path, REMOVED_SHEET)
    assert removed["1.1.m1"]["备注"] == "第一次移除的备注"
    assert removed["6.19.m2"]["完成状态"] == "已完成"
    assert len(list(tmp_path.glob("l.备份-20260105-093000*.xlsx"))) == 3


def test_cli_update_prints_a_chinese_summary(tmp_path):
    path = render_ledger(load_plan(KAIPING), tmp_path / "l.xlsx")
    _type_into(path, [(5, "进度情况", "已完成首轮轮训")])
    result = CliRunner().invoke(main, ["ledger", "update", str(KAIPING), str(path)])
    assert result.exit_code == 0, result.output
    assert "按措施编号 64 行" in result.output and "放回填写内容 1 项" in result.output
    assert "督办意见" in result.output
    assert "原文件已备份为" in result.output
    assert _sheet_rows(path, LEDGER_SHEET)["1.2.m4"]["进度情况"] == "已完成首轮轮训"


@pytest.mark.parametrize(("lock", "app"), [("~$l.xlsx", "Excel/WPS"), (".~lock.l.xlsx#", "LibreOffice"),
                                           (".~l.xlsx", "WPS")])
def test_a_ledger_open_in_excel_is_refused(tmp_path, lock, app):
    path = render_ledger(load_plan(KAIPING), tmp_path / "l.xlsx")
    before = path.read_bytes()
    (tmp_path / lock).write_bytes(b"owner")
    result = CliRunner().invoke(main, ["ledger", "update", str(KAIPING), str(path)])
    assert result.exit_code == 2
    assert f"正在被 {app} 打开" in result.output and "l.xlsx" in result.output
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "备份" in p.name] == []


def test_a_workbook_that_is_not_a_ledger_is_refused(tmp_path, kaiping):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(LedgerError, match="不是任务台账"):
        update_ledger(kaiping, tmp_path / "other.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(LedgerError, match="另存为 .xlsx"):
        update_ledger(kaiping, tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    result = CliRunner().invoke(main, ["ledger", "update", str(KAIPING), str(tmp_path / "broken.xlsx")])
    assert result.exit_code == 2 and "broken.xlsx" in result.output


def test_a_ledger_is_a_source_of_measures(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "开平台账.xlsx")
    plan = load_plan(path)
    assert plan.title == kaiping.title
    assert [t.id for t in plan.tasks()] == [t.id for t in kaiping.tasks()]
    got = [(m.id, m.label, m.text, m.units, m.deadline_text) for m in plan.measures()]
    assert got == [(m.id, m.label, m.text, m.units, m.deadline_text) for m in kaiping.measures()]
    assert [m.deadlines for m in plan.measures()] == [m.deadlines for m in kaiping.measures()]


def test_sheets_people_added_and_notes_above_the_header_are_kept(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("填报说明")
    notes["A1"], notes["B3"], notes["C4"] = "每月25日前报送", dt.datetime(2024, 3, 25), 42
    notes.merge_cells("A1:D1")
    wb[LEDGER_SHEET]["L1"] = "填报人：张三"
    wb.save(path)
    update_ledger(kaiping, path, now=NOW)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [LEDGER_SHEET, "统计", FLAT_SHEET, REMOVED_SHEET, "填报说明", META_SHEET]
    copied = wb["填报说明"]
    assert (copied["A1"].value, copied["B3"].value, copied["C4"].value) == (
        "每月25日前报送", dt.datetime(2024, 3, 25), 42)
    assert [str(r) for r in copied.merged_cells.ranges] == ["A1:D1"]
    (note,) = _sheet_list(path, REMOVED_SHEET)
    assert "填报人：张三" in note.values()


def test_cascade_parse_reads_a_ledger_on_its_own(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "台账.xlsx")
    out = tmp_path / "from-ledger.plan.yaml"
    result = CliRunner().invoke(main, ["parse", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(load_plan(out).measures()) == 64
    (tmp_path / "empty.xlsx").write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "empty.xlsx")])
    assert result.exit_code == 2 and "empty.xlsx" in result.output


def test_plan_cells_rewritten_by_a_changed_plan_are_counted(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "l.xlsx")
    assert update_ledger(kaiping, path, now=NOW).replaced == 0
    changed = _changed(kaiping, {"drop": set(), "reword": {"1.1.m1", "2.8.m4"}, "move": {"3.9.m2"},
                                 "add": 0})
    result = update_ledger(changed, path, now=NOW)
    assert result.replaced == 2 + 2  # two texts; one 完成时限 and its 截止日期
    assert (result.by_key, result.moved) == (64, 0)


def test_a_ledger_with_nested_tasks_reads_back_the_same_task_tree(seed_plans, tmp_path):
    suizhou = seed_plans["suizhou"]
    plan = load_plan(render_ledger(suizhou, tmp_path / "随州.xlsx"))
    assert [(t.id, t.number, t.title, len(t.children)) for t in plan.tasks()] == [
        (t.id, t.number, t.title, len(t.children)) for t in suizhou.tasks()]
    assert [m.id for m in plan.measures()] == [
        f"{t.id}.m{k}" for t in suizhou.leaf_tasks() for k in range(1, len(plan.task(t.id).measures) + 1)]
