"""`ledger collect`: counts equal the source ledgers', dropped tasks show 缺失, bad input refused."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade import api
from cascade.cli import main
from cascade.compare import diff_plans
from cascade.derive import derive
from cascade.ledger_layout import FIRST_ROW, HEADERS, KEY_HEADER, LEDGER_SHEET, STATUSES
from cascade.parse.ledger_book import plan_from_ledger
from cascade.render.xlsx import render_ledger

AS_OF = dt.date(2024, 3, 1)
COL = {h: i for i, h in enumerate([*HEADERS, KEY_HEADER], 1)}
NOTES = ("已召开专题会议部署", "已印发培训计划", "完成首轮执法案卷评查", "=HYPERLINK(\"http://x\")",
         "已报送市司法局备案", "培训3期，参训120人次")


def _type(path, seed: int) -> dict[str, tuple[str, str]]:
    """Type statuses and progress notes into random rows; measure key → (status, note)."""
    rng = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    ws = wb[LEDGER_SHEET]
    typed = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        key = ws.cell(r, COL[KEY_HEADER]).value
        if key and rng.random() < 0.5:
            status, note = rng.choice(STATUSES), f"{rng.choice(NOTES)}（{key}）"
            ws.cell(r, COL["完成状态"]).value = status
            ws.cell(r, COL["进度情况"]).value = note
            typed[key] = (status, note)
    wb.save(path)
    return typed


@pytest.fixture(scope="module")
def tree(seed_plans, tmp_path_factory):
    """Ledgers of 梅州 (one of 广东's tasks dropped), 开平 and the derived 梅县区, typed into."""
    folder = tmp_path_factory.mktemp("collect")
    guangdong, meizhou = seed_plans["guangdong"], seed_plans["meizhou"]
    linked = diff_plans(meizhou, guangdong)
    dropped = next(t for t in linked.tasks if len(t.child_tasks) == 1)
    smaller = copy.deepcopy(meizhou)
    for section in smaller.sections:
        section.tasks = [t for t in section.tasks if t.id not in dropped.child_tasks]
    meixian = derive("plans/meixian-2024.overrides.yaml")
    paths, typed = {}, {}
    for name, plan in (("梅州", smaller), ("开平", seed_plans["kaiping"]), ("梅县区", meixian)):
        paths[name] = render_ledger(plan, folder / f"{name}.xlsx", as_of=AS_OF)
        typed[name] = _type(paths[name], len(name))
    return {"folder": folder, "paths": paths, "typed": typed, "dropped": dropped.parent_task,
            "meixian": meixian}


def test_the_rollup_counts_equal_the_source_ledgers(tree, seed_plans):
    paths = tree["paths"]
    before = {p: p.read_bytes() for p in paths.values()}
    out = tree["folder"] / "汇总.xlsx"
    rollup = api.ledger_collect(seed_plans["guangdong"], list(paths.values()), output=out, as_of=AS_OF)
    assert [c.region for c in rollup.children] == ["梅州市", "开平市", "梅县区"]
    assert {p: p.read_bytes() for p in paths.values()} == before  # lower levels' files untouched
    data = rollup.to_dict()
    for child, (name, path) in zip(rollup.children, paths.items()):
        ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
        keys = [ws.cell(r, COL[KEY_HEADER]).value for r in range(FIRST_ROW, ws.max_row + 1)]
        statuses = [ws.cell(r, COL["完成状态"]).value for r in range(FIRST_ROW, ws.max_row + 1)]
        level = next(lv for lv in data["levels"] if lv["region"] == child.region)
        linked = sum(t["levels"][child.region].get("measures", 0) for t in data["tasks"])
        assert linked + level["unlinked"] == len([k for k in keys if k]) == level["measures"]
        for status in STATUSES:
            in_rollup = sum(t["levels"][child.region]["counts"][status] for t in data["tasks"]
                            if "counts" in t["levels"][child.region])
            unlinked = sum(r.status == status for r in child.rows if r.task is None)
            assert in_rollup + unlinked == statuses.count(status), (name, status)
        stats = openpyxl.load_workbook(out)["统计"]
        row = next(r for r in stats.iter_rows(min_row=3, values_only=True) if r[0] == child.region)
        assert list(row[3:3 + len(STATUSES)]) == [statuses.count(s) for s in STATUSES]


def test_tasks_a_child_dropped_show_missing(tree, seed_plans):
    guangdong = seed_plans["guangdong"]
    rollup = api.ledger_collect(guangdong, [tree["paths"]["梅州"]], as_of=AS_OF)
    child = rollup.children[0]
    reduced = diff_plans(plan_from_ledger(tree["paths"]["梅州"]), guangdong)
    expected = {t.parent_task for t in reduced.tasks if not t.child_tasks}
    assert tree["dropped"] in expected
    missing = {t for t, _ in rollup.tasks if rollup.cell(child, t).get("dropped") == "缺失"}
    assert missing == expected
    out = tree["folder"] / "dropped.xlsx"
    api.ledger_collect(guangdong, [tree["paths"]["梅州"]], output=out, as_of=AS_OF)
    ws = openpyxl.load_workbook(out)["汇总"]
    row = 4 + [t for t, _ in rollup.tasks].index(tree["dropped"])
    assert ws.cell(row, 3).value == "缺失"


def test_a_derived_ledger_links_by_its_record_and_typed_formulas_stay_text(tree, seed_plans):
    out = tree["folder"] / "梅县区汇总.xlsx"
    rollup = api.ledger_collect(seed_plans["meizhou"], [tree["paths"]["梅县区"]], output=out, as_of=AS_OF)
    assert rollup.children[0].link == "派生记录"
    ws = openpyxl.load_workbook(out)["梅县区"]
    formulas = [c for row in ws.iter_rows(min_row=3) for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)  # shown, never run


def test_the_output_is_the_same_for_the_same_ledgers_and_date(tree, seed_plans, tmp_path):
    args = [str(p) for p in tree["paths"].values()]
    result = CliRunner().invoke(main, ["ledger", "collect", str(tmp_path / "gd.yaml"), *args,
                                       "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "gd.yaml" in result.output  # a missing parent plan
    assert not (tmp_path / "x.xlsx").exists()
    from cascade.model import save

    save(seed_plans["guangdong"], tmp_path / "gd.yaml")
    for name in ("a", "b"):
        result = CliRunner().invoke(main, [
            "ledger", "collect", str(tmp_path / "gd.yaml"), *args, "-o", str(tmp_path / f"{name}.xlsx"),
            "--json", str(tmp_path / f"{name}.json"), "--as-of", "2024-03-01"])
        assert result.exit_code == 0, result.output
        assert "梅县区：措施" in result.output
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert json.loads((tmp_path / "a.json").read_text())["schema"] == "plan-cascade/collect@1"


def test_bad_ledgers_are_one_sentence_and_nothing_is_written(tree, seed_plans, tmp_path):
    from cascade.model import save

    parent = tmp_path / "gd.yaml"
    save(seed_plans["guangdong"], parent)
    other = openpyxl.Workbook()
    other.active["A1"] = "会议签到表"
    other.save(tmp_path / "签到表.xlsx")
    (tmp_path / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    unrelated = render_ledger(seed_plans["suizhou"], tmp_path / "随州.xlsx", as_of=AS_OF)
    twin = tmp_path / "梅州副本.xlsx"
    twin.write_bytes(tree["paths"]["梅州"].read_bytes())
    good = str(tree["paths"]["梅州"])
    for bad, words in ((tmp_path / "签到表.xlsx", "不是任务台账"), (tmp_path / "坏文件.xlsx", ""),
                       (unrelated, "对不上"), (twin, "同一地区")):
        out = tmp_path / "汇总.xlsx"
        result = CliRunner().invoke(main, ["ledger", "collect", str(parent), good, str(bad),
                                           "-o", str(out), "--json", str(tmp_path / "汇总.json")])
        assert result.exit_code == 2, result.output
        assert bad.name in result.output and words in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
        assert not out.exists() and not (tmp_path / "汇总.json").exists()
    result = CliRunner().invoke(main, ["ledger", "collect", str(parent), good, "-o", good])
    assert result.exit_code == 2 and "同一个文件" in result.output


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_every_typed_note_appears_once_on_its_parent_task(tree, seed_plans, tmp_path, seed):
    path = tmp_path / f"梅县区-{seed}.xlsx"
    path.write_bytes(tree["paths"]["梅县区"].read_bytes())
    typed = _type(path, seed)
    rollup = api.ledger_collect(seed_plans["meizhou"], [path], as_of=AS_OF)
    data = rollup.to_dict()
    meixian = tree["meixian"]
    for key, (_, note) in typed.items():
        task = meixian.task(key.rsplit(".m", 1)[0])
        places = [t["parent_task"] for t in data["tasks"] for n in t["levels"]["梅县区"].get("notes", [])
                  if n == note]
        assert places == ([task.derived_from] if task.derived_from else []), key
