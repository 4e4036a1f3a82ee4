"""Ledger update against what offices really do to a ledger between two updates."""

from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile

import openpyxl
import pytest
from click.testing import CliRunner

from cascade.api import load_plan
from cascade.cli import main
from cascade.errors import InputError, LedgerError
from cascade.ledger import update_ledger
from cascade.ledger_layout import (
    ARCHIVE_SHEET,
    FIRST_ROW,
    FLAT_SHEET,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    META_SHEET,
    REMOVED_SHEET,
    STATS_SHEET,
)
from cascade.model import Measure, Section, Task
from cascade.render.xlsx import render_ledger

KEY_COL = len(HEADERS) + 1
COL = {h: i for i, h in enumerate(HEADERS, 1)}
NOW = dt.datetime(2026, 2, 1, 8, 0)


@pytest.fixture(scope="module")
def kaiping(seed_plans):
    """The parsed Kaiping plan (64 measures)."""
    return seed_plans["kaiping"]


def _rows(path, sheet=LEDGER_SHEET):
    """Rows below the header as {header: value}, in sheet order."""
    ws = openpyxl.load_workbook(path)[sheet]
    top = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    headers = [c.value for c in ws[top]]
    return [dict(zip(headers, v)) for v in ws.iter_rows(min_row=top + 1, values_only=True)
            if any(x is not None for x in v)]


def _by_key(path):
    """Ledger rows by their hidden measure id."""
    return {row[KEY_HEADER]: row for row in _rows(path)}


def _typed_ledger(plan, path):
    """A rendered ledger with progress typed on its first three rows."""
    render_ledger(plan, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    ws.cell(FIRST_ROW, COL["完成状态"]).value = "推进中"
    ws.cell(FIRST_ROW, COL["进度情况"]).value = "已召开动员会"
    ws.cell(FIRST_ROW + 1, COL["备注"]).value = "需财政支持"
    ws.cell(FIRST_ROW + 2, COL["进度情况"]).value = "=1+1"
    wb.save(path)
    return path


def test_second_update_changes_nothing_but_makes_a_backup(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    update_ledger(kaiping, path, now=NOW)
    first = path.read_bytes()
    result = update_ledger(kaiping, path, now=NOW + dt.timedelta(hours=1))
    assert path.read_bytes() == first
    assert result.backup.read_bytes() == first
    assert (result.by_key, result.new, result.moved, result.replaced) == (64, 0, 0, 0)
    assert result.stats_typed == 0


def _renumbered(plan):
    """The plan with a new first section, so every section, task and measure id shifts."""
    plan = copy.deepcopy(plan)

    def shift(task, old, new):
        task.id = new + task.id[len(old):]
        for n, measure in enumerate(task.measures, 1):
            measure.id = f"{task.id}.m{n}"
        for child in task.children:
            shift(child, old, new)

    for i, section in enumerate(plan.sections):
        old, section.id = section.id, str(i + 2)
        for task in section.tasks:
            shift(task, old, section.id)
    fresh = Task(id="1.1", number="1.", title="新增任务",
                 measures=[Measure(id="1.1.m1", label="(1)", text="开展全新的专项整治行动。")])
    plan.sections.insert(0, Section(id="1", number="（一）", title="新增部分", tasks=[fresh]))
    return plan


def test_values_follow_their_measures_when_every_id_shifts(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    texts = {m.id: m.text for m in kaiping.measures()}
    before = {k: r for k, r in _by_key(path).items()}
    renumbered = _renumbered(kaiping)
    result = update_ledger(renumbered, path, now=NOW)
    assert result.moved == 0 and result.new == 1
    after = {r["主要措施"]: r for r in _rows(path)}
    for key, row in before.items():
        for header in ("完成状态", "进度情况", "备注"):
            if row[header] is not None:
                label = next(m.label for m in kaiping.measures() if m.id == key)
                assert after[label + texts[key]][header] == row[header]


def _office_edits(path):
    """What a clerk does: a line above the title, columns renamed and swapped, a notes row
    inserted, the key column unhidden and one key mistyped, another key duplicated."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    ws.protection.sheet = False
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.insert_rows(1, 2)
    ws["A1"] = "填报单位：市司法局（盖章）"
    top, first = HEADER_ROW + 2, FIRST_ROW + 2
    status, progress, notes = COL["完成状态"], COL["进度情况"], COL["备注"]
    for r in range(top, ws.max_row + 1):  # swap 完成状态 and 进度情况 with their contents
        a, b = ws.cell(r, status), ws.cell(r, progress)
        a.value, b.value = b.value, a.value
    ws.cell(top, status).value = "完成情况"  # 进度情况 renamed, now left of 完成状态
    ws.cell(top, notes).value = "说明"  # 备注 renamed
    ws.insert_rows(first + 1)
    ws.cell(first + 1, COL["主要措施"]).value = "（本单位补充：3月已召开专题会）"
    ws.cell(first + 1, notes).value = "会议纪要已报送"
    ws.column_dimensions["K"].hidden = False
    ws.cell(first + 2, KEY_COL).value = "9.9.m9"  # mistyped key
    ws.cell(first + 4, KEY_COL).value = ws.cell(first + 5, KEY_COL).value  # duplicated key
    ws.cell(first + 4, status).value = "第四行进展"  # the column now headed 完成情况
    wb.save(path)


def test_a_ledger_people_rearranged_keeps_every_typed_value(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    ids = [m.id for m in kaiping.measures()]
    _office_edits(path)
    result = update_ledger(kaiping, path, now=NOW)
    listed = _rows(path)
    assert [r[KEY_HEADER] for r in listed] == [ids[0], None, *ids[1:]]  # notes row kept in place
    notes = listed[1]
    assert notes["主要措施"] == "（本单位补充：3月已召开专题会）" and notes["备注"] == "会议纪要已报送"
    rows = _by_key(path)
    assert rows[ids[0]]["完成状态"] == "推进中"
    assert rows[ids[0]]["进度情况"] == "已召开动员会"
    assert rows[ids[1]]["备注"] == "需财政支持"  # through the renamed 说明 column, mistyped key
    assert rows[ids[3]]["进度情况"] == "第四行进展"  # duplicated key: found by its text
    removed = _rows(path, REMOVED_SHEET)
    flat = [v for row in removed for v in row.values()]
    assert "填报单位：市司法局（盖章）" in flat
    assert "（本单位补充：3月已召开专题会）" not in flat
    assert (result.moved, result.own_rows) == (1, 1)
    assert load_plan(result.backup).title == kaiping.title  # not the 填报单位 line above it
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    assert ws.cell(FIRST_ROW + 3, COL["进度情况"]).data_type == "f"  # typed formula kept


def test_sorted_and_filtered_ledger_updates_by_key(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    for rng in [r for r in ws.merged_cells.ranges if r.min_row >= FIRST_ROW]:
        ws.unmerge_cells(str(rng))
    width = KEY_COL
    rows = [[ws.cell(r, c).value for c in range(1, width + 1)]
            for r in range(FIRST_ROW, ws.max_row + 1)]
    rows.sort(key=lambda v: (str(v[COL["截止日期"] - 1]), -v[0]), reverse=True)
    for i, values in enumerate(rows):
        for c, value in enumerate(values, 1):
            ws.cell(FIRST_ROW + i, c).value = value
        ws.row_dimensions[FIRST_ROW + i].hidden = i % 2 == 1  # a filter hides half the rows
    wb.save(path)
    result = update_ledger(kaiping, path, now=NOW)
    assert (result.by_key, result.moved) == (64, 0)
    first = _by_key(path)[kaiping.measures()[0].id]
    assert (first["完成状态"], first["进度情况"]) == ("推进中", "已召开动员会")


def test_values_typed_into_the_stats_sheet_are_kept_and_reported(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    smaller = copy.deepcopy(kaiping)
    smaller.sections[0].tasks.pop(0)  # a changed plan rewrites the stats rows: not typing
    assert update_ledger(smaller, path, now=NOW).stats_typed == 0
    wb = openpyxl.load_workbook(path)
    wb[STATS_SHEET]["F30"] = "主要领导批示：加快进度"
    wb[STATS_SHEET]["B4"] = 12
    wb.save(path)
    result = CliRunner().invoke(main, ["ledger", "update", str(_save(kaiping, tmp_path)),
                                       str(path)])
    assert result.exit_code == 0, result.output
    assert "“统计”表中有 2 处手填内容" in result.output and ARCHIVE_SHEET in result.output
    wb = openpyxl.load_workbook(path)
    assert "重回方案的措施" in result.output  # the smaller plan's archived rows came back
    assert wb.sheetnames == [LEDGER_SHEET, STATS_SHEET, FLAT_SHEET, ARCHIVE_SHEET, META_SHEET]
    assert wb[STATS_SHEET]["F30"].value == "主要领导批示：加快进度"  # back where it was typed
    archived = [[c.value for c in row] for row in wb[ARCHIVE_SHEET].iter_rows(min_row=3)]
    assert archived == [[STATS_SHEET, "B4", None, 12, "该位置已被重新生成的统计公式占用"]]
    assert wb[STATS_SHEET]["B4"].data_type == "f"  # the live count is back
    for _ in range(3):  # updated in place: one archive sheet, one row for the one value
        update_ledger(kaiping, path, now=NOW)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [LEDGER_SHEET, STATS_SHEET, FLAT_SHEET, ARCHIVE_SHEET, META_SHEET]
    assert wb[ARCHIVE_SHEET].max_row == 3 and wb[STATS_SHEET]["F30"].value.startswith("主要领导")


def _save(plan, tmp_path):
    """The plan saved as YAML, for the CLI."""
    from cascade.model import save

    out = tmp_path / "plan.yaml"
    save(plan, out)
    return out


def test_removed_rows_accumulate_once_across_updates(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    first_task = kaiping.sections[0].tasks[0]
    gone = {m.id for task in first_task.walk() for m in task.measures}
    smaller = copy.deepcopy(kaiping)
    smaller.sections[0].tasks.pop(0)
    counts = []
    for hour in range(3):
        update_ledger(smaller, path, now=NOW + dt.timedelta(hours=hour))
        removed = _rows(path, REMOVED_SHEET)
        counts.append(len(removed))
        assert sorted(r[KEY_HEADER] for r in removed) == sorted(gone)
    assert counts == [len(gone)] * 3
    assert any(r["进度情况"] == "已召开动员会" for r in _rows(path, REMOVED_SHEET))


def test_unwritable_folder_is_a_chinese_error_and_writes_nothing(kaiping, tmp_path, monkeypatch):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    plan = _save(kaiping, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    content = path.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for args in (["ledger", "update", str(plan), str(path)],
                 ["render", str(plan), "--xlsx", str(tmp_path / "n.xlsx")],
                 ["render", str(plan), "--docx", str(tmp_path / "n.docx")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "无法写入（没有写入权限）" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert path.read_bytes() == content
    with pytest.raises(InputError, match="没有写入权限"):
        render_ledger(kaiping, tmp_path / "x.xlsx")


def test_written_files_are_readable_like_any_new_file(kaiping, tmp_path):
    mask = os.umask(0o022)
    try:
        path = render_ledger(kaiping, tmp_path / "l.xlsx")
        assert path.stat().st_mode & 0o777 == 0o644
        os.chmod(path, 0o640)
        update_ledger(kaiping, path, now=NOW)
        assert path.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    finally:
        os.umask(mask)


def test_a_measure_back_in_the_plan_gets_its_archived_values_back(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[LEDGER_SHEET].cell(FIRST_ROW, len(HEADERS) + 2).value = None
    wb[LEDGER_SHEET].cell(HEADER_ROW, len(HEADERS) + 2).value = "督办人"
    wb[LEDGER_SHEET].cell(FIRST_ROW, len(HEADERS) + 2).value = "王五"
    wb.save(path)
    first = kaiping.measures()[0].id
    smaller = copy.deepcopy(kaiping)
    smaller.sections[0].tasks.pop(0)
    update_ledger(smaller, path, now=NOW)
    assert first in {r[KEY_HEADER] for r in _rows(path, REMOVED_SHEET)}
    result = update_ledger(kaiping, path, now=NOW + dt.timedelta(hours=1))
    assert result.restored == len(kaiping.sections[0].tasks[0].measures)
    row = _by_key(path)[first]
    assert (row["完成状态"], row["进度情况"], row["督办人"]) == ("推进中", "已召开动员会", "王五")
    assert REMOVED_SHEET not in openpyxl.load_workbook(path).sheetnames
    again = update_ledger(kaiping, path, now=NOW + dt.timedelta(hours=2))
    assert again.restored == 0 and again.moved == 0


def test_a_read_only_ledger_is_refused_untouched(kaiping, tmp_path, monkeypatch):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    before = path.read_bytes()
    real = os.access
    def access(p, mode, **kwargs):
        """Like a file marked read-only: readable, not writable."""
        if str(p) == str(path) and mode & os.W_OK:
            return False
        return real(p, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    result = CliRunner().invoke(main, ["ledger", "update", str(_save(kaiping, tmp_path)), str(path)])
    assert result.exit_code == 2 and "只读" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.xlsx", "plan.yaml"]


def _insert_row_like_excel(ws, after: int) -> int:
    """Insert a row below sheet row `after`, widening the merges it falls inside, as Excel does."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.insert_rows(after + 1)
    for top, left, bottom, right in ranges:
        if top > after:
            top, bottom = top + 1, bottom + 1
        elif bottom > after:
            bottom += 1
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    return after + 1


def test_rows_people_insert_stay_under_their_measure(kaiping, tmp_path):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    ids = [m.id for m in kaiping.measures()]
    task_rows = len(kaiping.sections[0].tasks[0].measures)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    ws.protection.sheet = False
    inside = _insert_row_like_excel(ws, FIRST_ROW)  # inside the first task's merged cells
    ws.cell(inside, COL["进度情况"]).value = "补充说明：已督办"
    after = _insert_row_like_excel(ws, FIRST_ROW + task_rows)  # below the task's last measure
    ws.cell(after, COL["主要措施"]).value = "本单位自加：建立周报制度"
    ws.cell(after, COL["完成状态"]).value = "推进中"
    wb.save(path)
    result = update_ledger(kaiping, path, now=NOW)
    assert (result.own_rows, result.moved, result.by_key) == (2, 0, 64)
    listed = _rows(path)
    keys = [r[KEY_HEADER] for r in listed]
    assert keys == [ids[0], None, *ids[1:task_rows], None, *ids[task_rows:]]
    assert listed[1]["进度情况"] == "补充说明：已督办"
    mine = listed[task_rows + 1]
    assert (mine["主要措施"], mine["完成状态"]) == ("本单位自加：建立周报制度", "推进中")
    assert mine["具体任务"] is None and mine["序号"] is None
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    merges = {str(r) for r in ws.merged_cells.ranges}
    assert f"C{FIRST_ROW}:C{FIRST_ROW + task_rows}" in merges  # the task cell spans its notes row
    stats = openpyxl.load_workbook(path)[STATS_SHEET]
    total = next(r for r in range(1, 20) if stats.cell(r, 1).value == "合计")
    assert f"$K${FIRST_ROW}:$K${FIRST_ROW + 65}" in stats.cell(total, 2).value  # keys: measures only
    first = path.read_bytes()
    again = update_ledger(kaiping, path, now=NOW + dt.timedelta(hours=1))
    assert path.read_bytes() == first and again.own_rows == 2


def test_a_ledger_saved_again_by_an_office_suite_updates_cleanly(kaiping, tmp_path,
                                                                 soffice_convert):
    path = _typed_ledger(kaiping, tmp_path / "l.xlsx")
    saved = soffice_convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")
    stats = openpyxl.load_workbook(saved)[STATS_SHEET]
    rewritten = [c.value for row in stats.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("=")]
    assert rewritten and not any("'" in f for f in rewritten)  # the suite re-wrote the formulas
    result = update_ledger(kaiping, saved, now=NOW)
    assert (result.by_key, result.moved, result.own_rows, result.stats_typed) == (64, 0, 0, 0)
    first = _by_key(saved)[kaiping.measures()[0].id]
    assert (first["完成状态"], first["进度情况"]) == ("推进中", "已召开动员会")


def test_a_macro_workbook_is_not_updated(kaiping, tmp_path):
    path = render_ledger(kaiping, tmp_path / "l.xlsx").rename(tmp_path / "l.xlsm")
    before = path.read_bytes()
    with pytest.raises(LedgerError, match="启用宏"):
        update_ledger(kaiping, path)
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1
