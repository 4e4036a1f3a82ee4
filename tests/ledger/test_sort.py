"""Sorting for real: LibreOffice sorts the 排序筛选 sheet, then `ledger update` keeps every value."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cascade.ledger import update_ledger
from cascade.ledger_layout import (
    ARCHIVE_SHEET,
    FIRST_ROW,
    FLAT_SHEET,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
)
from cascade.render.xlsx import render_ledger

SCRIPT = Path(__file__).with_name("lo_sort.py")
FONTS = Path(__file__).resolve().parents[2] / "cascade" / "render" / "fonts.conf"
COL = {h: i for i, h in enumerate([*HEADERS, KEY_HEADER], 1)}
NOW = dt.datetime(2024, 3, 2, 9, 0)


def _uno_python() -> str:
    python = "/usr/bin/python3"
    if not (shutil.which("soffice") and os.path.exists(python)):
        pytest.skip("需要 LibreOffice 和 python3-uno")
    if subprocess.run([python, "-c", "import uno"], capture_output=True).returncode:
        pytest.skip("需要 python3-uno")
    return python


def _by_key(path, sheet=LEDGER_SHEET, first=FIRST_ROW, key_col=COL[KEY_HEADER]):
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for r in range(first, ws.max_row + 1):
        key = ws.cell(r, key_col).value
        if key:
            out[key] = {h: ws.cell(r, c).value for h, c in COL.items()}
    return out


def test_a_libreoffice_sorted_ledger_updates_with_every_typed_value_kept(seed_plans, tmp_path):
    python = _uno_python()
    plan = seed_plans["kaiping"]
    path = render_ledger(plan, tmp_path / "开平台账.xlsx", as_of=dt.date(2024, 3, 1))
    keys = [m.id for m in plan.measures()]
    wb = openpyxl.load_workbook(path)  # typed into the ledger sheet
    ws = wb[LEDGER_SHEET]
    main_typed = {keys[0]: ("推进中", "已召开动员会"), keys[5]: ("已完成", "已印发实施细则")}
    for r in range(FIRST_ROW, FIRST_ROW + len(keys)):
        key = ws.cell(r, COL[KEY_HEADER]).value
        if key in main_typed:
            ws.cell(r, COL["完成状态"]).value, ws.cell(r, COL["进度情况"]).value = main_typed[key]
    ws.cell(FIRST_ROW + 9, COL["备注"]).value = "两处都填"
    wb.save(path)
    # Typed into the sortable sheet in LibreOffice: new values, and one clash with the ledger's.
    flat_typed = {keys[3]: {"完成状态": "推进中", "进度情况": "已完成首轮培训"},
                  keys[40]: {"备注": "需财政支持"}, keys[63]: {"进度情况": "已报送"},
                  keys[9]: {"备注": "另一处填的"}}
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps(flat_typed, ensure_ascii=False), encoding="utf-8")
    sorted_path = tmp_path / "sorted" / "开平台账.xlsx"
    sorted_path.parent.mkdir()
    run = subprocess.run([python, str(SCRIPT), str(path), str(sorted_path), str(edits),
                          str(tmp_path / "lo-profile")], capture_output=True, text=True,
                         timeout=240, env={**os.environ, "FONTCONFIG_FILE": str(FONTS)})
    assert run.returncode == 0, run.stderr[-2000:]
    order = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(order) == sorted(keys) and order != keys  # LibreOffice really sorted it
    result = update_ledger(plan, sorted_path, now=NOW, as_of=dt.date(2024, 3, 1))
    assert (result.by_key, result.moved, result.conflicts) == (64, 0, 1)
    rows = _by_key(sorted_path)
    for key, (status, note) in main_typed.items():
        assert (rows[key]["完成状态"], rows[key]["进度情况"]) == (status, note)
    for key, values in flat_typed.items():
        for header, value in values.items():
            if key != keys[9]:
                assert rows[key][header] == value, (key, header)
    assert rows[keys[9]]["备注"] == "两处都填"  # the clash: the ledger sheet's stays
    archived = [[c.value for c in r] for r in
                openpyxl.load_workbook(sorted_path)[ARCHIVE_SHEET].iter_rows(min_row=3)]
    assert [FLAT_SHEET, keys[9], "备注", "另一处填的"] in [a[:4] for a in archived]
    flat = _by_key(sorted_path, FLAT_SHEET, 3)  # the sortable sheet is back in step
    assert all(flat[k]["进度情况"] == rows[k]["进度情况"] for k in keys)
