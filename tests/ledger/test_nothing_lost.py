"""Nothing typed is ever lost: any value of any type in any of our sheets, over many updates of a
changing plan; header-word rows, comments, links, huge numbers; read-only, locks and backups."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from cascade.errors import LedgerError
from cascade.ledger import update_ledger
from cascade.ledger_layout import (
    FIRST_ROW,
    FLAT_SHEET,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    META_SHEET,
    STATS_SHEET,
)
from cascade.model import save
from cascade.render.xlsx import render_ledger

COL = {h: i for i, h in enumerate([*HEADERS, KEY_HEADER], 1)}
NOW = dt.datetime(2024, 3, 2, 9, 0)
AS_OF = dt.date(2024, 3, 1)
# Words that look like the tool's own: header words, status words, units, labels.
LOOKALIKES = ("完成状态", "状态", "完成情况", "说明", "已完成", "已逾期", "合计", "市司法局", "未填写",
              "重点任务", "措施数", "逾期（按统计截至日期）")
VALUES = st.one_of(
    st.sampled_from(LOOKALIKES),
    st.text(alphabet="推进会议已印发培训方案材料ABC123（）、。", min_size=1, max_size=12),
    st.integers(-10**6, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
    st.sampled_from(("=1+1", "=SUM(1,2)", '="备注"&"A"')),
)
KINDS = st.sampled_from(("value", "value", "value", "comment", "link", "bigdate"))


def _small_plan(seed_plans):
    return copy.deepcopy(seed_plans["kaiping"])


def _same(a, b) -> bool:
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-6
    return str(a).strip().lstrip("=") == str(b).strip().lstrip("=")


def _everything(path):
    """Every value, comment text and link target anywhere in the workbook (a huge number in a
    date cell read as the number it is)."""
    from cascade.sources.ledger import load_workbook

    wb = load_workbook(Path(path).read_bytes())
    values, comments, links = [], [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    values.append(c.value)
                if c.comment is not None:
                    comments.append(c.comment.text)
                if c.hyperlink is not None:
                    links.append(c.hyperlink.target)
    return wb.sheetnames, values, comments, links


def _cell_for(wb, sheet: str, pick: int):
    """A cell people may type into: the typed columns or an empty column of the ledger or the
    sortable sheet, an empty cell of 统计, or a new row below the table."""
    ws = wb[sheet]
    if sheet == STATS_SHEET:
        return ws.cell(3 + pick % 40, 6 + pick % 3)  # beside the tables
    first = FIRST_ROW if sheet == LEDGER_SHEET else 3
    cols = [COL["完成状态"], COL["进度情况"], COL["备注"], COL[KEY_HEADER] + 2]
    rows = ws.max_row - first + 1
    row = first + pick % (rows + 1)  # the row below the last one too
    return ws.cell(row, cols[pick % len(cols)])


@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from((LEDGER_SHEET, FLAT_SHEET, STATS_SHEET)),
                                   st.integers(0, 10**6), VALUES, KINDS),
                         min_size=1, max_size=6), min_size=2, max_size=4),
       st.lists(st.sampled_from(("drop", "reword", "same")), min_size=4, max_size=4))
def test_random_typed_values_survive_many_updates(seed_plans, tmp_path_factory, rounds, changes):
    folder = tmp_path_factory.mktemp("rounds")
    plan = _small_plan(seed_plans)
    path = render_ledger(plan, folder / "l.xlsx", as_of=AS_OF)
    wanted, notes, links = [], [], []
    counts = []
    from cascade.sources.ledger import load_workbook

    for k, edits in enumerate(rounds):
        wb = load_workbook(path.read_bytes())  # openpyxl would save a huge date as #VALUE!
        for sheet, pick, value, kind in edits:
            cell = _cell_for(wb, sheet, pick)
            if (sheet, cell.coordinate) in {w for _, w in wanted}:
                continue
            if kind == "comment":
                cell.comment = Comment(f"批注{pick}", "张三")
                notes.append(f"批注{pick}")
            elif kind == "link":
                cell.value = cell.value if cell.value is not None else f"佐证{pick}"
                cell.hyperlink = f"https://example.gov.cn/{pick}"
                links.append(f"https://example.gov.cn/{pick}")
                wanted.append((cell.value, (sheet, cell.coordinate)))
            elif kind == "bigdate":
                cell.value = 2_958_465 + 1 + pick
                cell.number_format = "yyyy-mm-dd"
                wanted.append((cell.value, (sheet, cell.coordinate)))
            else:
                cell.value = value
                wanted.append((value, (sheet, cell.coordinate)))
        wb.save(path)
        change = changes[k]
        if change == "drop" and len(plan.sections[-1].tasks) > 1:
            plan.sections[-1].tasks.pop()
        elif change == "reword":
            m = plan.measures()[k]
            m.text = m.text.replace("。", "，确保取得实效。", 1)
        update_ledger(plan, path, now=NOW + dt.timedelta(seconds=k), as_of=AS_OF)
        sheets, values, comments, found_links = _everything(path)
        counts.append(len(sheets))
        for value, where in wanted:
            assert any(_same(value, v) for v in values), (value, where, change)
        assert all(n in comments for n in notes), ([n for n in notes if n not in comments], k)
        assert all(x in found_links for x in links)
    assert max(counts) <= 7  # 任务台账 统计 排序筛选 已移除 手填内容存档 _cascade: never one per update


def test_header_word_rows_label_only_rows_comments_links_and_huge_numbers_are_kept(
        seed_plans, tmp_path):
    plan = _small_plan(seed_plans)
    path = render_ledger(plan, tmp_path / "l.xlsx", as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    below = ws.max_row + 1
    for col, word in ((COL["完成状态"], "状态"), (COL["进度情况"], "完成情况"), (COL["备注"], "说明")):
        ws.cell(below, col).value = word  # a row of header words typed below the table
    ws.cell(below + 1, COL["重点任务"]).value = "（五）本单位自行增加的重点任务"
    ws.cell(below + 2, COL["具体任务"]).value = "9.自行增加的具体任务"
    ws.cell(FIRST_ROW, COL["进度情况"]).value = "已召开动员会"
    ws.cell(FIRST_ROW, COL["进度情况"]).comment = Comment("请附会议纪要", "李四")
    ws.cell(FIRST_ROW, COL["进度情况"]).hyperlink = "https://example.gov.cn/纪要"
    ws.cell(FIRST_ROW + 1, COL["主要措施"]).comment = Comment("措施原文有误", "王五")
    ws.cell(FIRST_ROW + 2, COL["备注"]).value = 3_000_000
    ws.cell(FIRST_ROW + 2, COL["备注"]).number_format = "yyyy-mm-dd"
    wb.save(path)
    update_ledger(plan, path, now=NOW, as_of=AS_OF)
    _, values, comments, links = _everything(path)
    for word in ("状态", "完成情况", "说明", "（五）本单位自行增加的重点任务", "9.自行增加的具体任务"):
        assert word in values, word
    from cascade.sources.ledger import load_workbook

    ws = load_workbook(path.read_bytes())[LEDGER_SHEET]
    first = ws.cell(FIRST_ROW, COL["进度情况"])
    assert first.value == "已召开动员会" and first.comment.text == "请附会议纪要"
    assert first.hyperlink.target == "https://example.gov.cn/纪要"
    assert ws.cell(FIRST_ROW + 1, COL["主要措施"]).comment.text == "措施原文有误"
    assert ws.cell(FIRST_ROW + 2, COL["备注"]).value == 3_000_000  # not the text #VALUE!
    assert "#VALUE!" not in values


def test_read_only_is_judged_by_the_mode_bits(seed_plans, tmp_path):
    path = render_ledger(_small_plan(seed_plans), tmp_path / "l.xlsx", as_of=AS_OF)
    content = path.read_bytes()
    os.chmod(path, 0o444)
    try:
        with pytest.raises(LedgerError, match="只读"):
            update_ledger(_small_plan(seed_plans), path, now=NOW)  # refused even as root
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == content and len(list(tmp_path.iterdir())) == 1


def test_a_second_update_waits_for_the_first_then_refuses(seed_plans, tmp_path, monkeypatch):
    import fcntl

    from cascade.ledger import files

    path = render_ledger(_small_plan(seed_plans), tmp_path / "l.xlsx", as_of=AS_OF)
    lock = tmp_path / files.UPDATE_LOCK.format(name=path.name)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.3)
    try:
        with pytest.raises(LedgerError, match="另一个更新正在处理"):
            with files.update_lock(path, wait=0.3):
                pass
    finally:
        os.close(fd)


def test_eight_concurrent_updates_each_apply_or_refuse_one_backup_each(seed_plans, tmp_path):
    plan = _small_plan(seed_plans)
    path = render_ledger(plan, tmp_path / "l.xlsx", as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    for r in range(FIRST_ROW, FIRST_ROW + 10):
        ws.cell(r, COL["进度情况"]).value = f"第{r}行进展"
    wb.save(path)
    plan_file = save(plan, tmp_path / "plan.yaml")
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-m", "cascade", "ledger", "update", str(plan_file),
                               str(path), "--as-of", "2024-03-01"], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(8)]
    outputs = [(p.wait(timeout=300), p.stdout.read()) for p in procs]
    applied = [o for code, o in outputs if code == 0]
    refused = [o for code, o in outputs if code != 0]
    assert all(code in (0, 2) for code, _ in outputs), outputs
    assert all("另一个更新" in o and len(o.strip().splitlines()) == 1 for o in refused), refused
    backups = sorted(p.name for p in tmp_path.glob("l.备份-*.xlsx"))
    assert len(backups) == len(applied) >= 1 and len(set(backups)) == len(backups)
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    notes = [ws.cell(r, COL["进度情况"]).value for r in range(FIRST_ROW, FIRST_ROW + 10)]
    assert notes == [f"第{r}行进展" for r in range(FIRST_ROW, FIRST_ROW + 10)]
    assert not list(tmp_path.glob(".*cascade-lock"))
    assert ws.cell(HEADER_ROW, COL[KEY_HEADER]).value == KEY_HEADER
    assert META_SHEET in openpyxl.load_workbook(path).sheetnames


def test_a_comment_on_a_row_survives_a_value_typed_for_it_in_the_sortable_sheet(seed_plans, tmp_path):
    """Found by the random test: the sortable sheet's value replaced the row's cell, comment and
    all. A 批注 on the ledger sheet and a 进度情况 typed (with a link) in 排序筛选 both stay."""
    from cascade.sources.ledger import load_workbook

    plan = _small_plan(seed_plans)
    path = render_ledger(plan, tmp_path / "l.xlsx", as_of=AS_OF)
    wb = load_workbook(path.read_bytes())
    main = wb[LEDGER_SHEET].cell(FIRST_ROW + 5, COL["进度情况"])
    flat = wb[FLAT_SHEET].cell(3 + 5, COL["进度情况"])  # the same measure's row (header on row 2)
    assert wb[LEDGER_SHEET].cell(main.row, COL[KEY_HEADER]).value == \
        wb[FLAT_SHEET].cell(flat.row, COL[KEY_HEADER]).value
    main.comment = Comment("请补充佐证材料", "张三")
    flat.value, flat.hyperlink = "已上传佐证", "https://example.gov.cn/1"
    wb.save(path)
    update_ledger(plan, path, now=NOW, as_of=AS_OF)
    cell = openpyxl.load_workbook(path)[LEDGER_SHEET].cell(main.row, COL["进度情况"])
    assert cell.value == "已上传佐证"
    assert cell.comment is not None and cell.comment.text == "请补充佐证材料"
    assert cell.hyperlink is not None and cell.hyperlink.target == "https://example.gov.cn/1"
