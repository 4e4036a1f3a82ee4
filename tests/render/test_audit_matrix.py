"""The audit matrix as .xlsx (fills, frozen header, bytes), HTML (self-contained, escaped), JSON."""

from __future__ import annotations

import copy
import json
import re

import pytest

from cascade.audit import audit
from cascade.model import save
from cascade.render.matrix import (
    STYLES,
    audit_html,
    audit_json,
    cell_text,
    render_audit_html,
)
from cascade.render.matrix_xlsx import render_audit_xlsx

EVIL = "<script>document.title='PWNED'</script>"


@pytest.fixture(scope="module")
def result(tmp_path_factory, seed_plans):
    """An audit of the province and two children; one task title carries a script tag and a
    formula-looking prefix, as an untrusted plan file could."""
    folder = tmp_path_factory.mktemp("matrix")
    province = copy.deepcopy(seed_plans["guangdong"])
    province.task("1.1").title = "=" + EVIL + province.task("1.1").title
    save(province, folder / "province.plan.json")
    for name in ("meizhou", "kaiping"):
        child = copy.deepcopy(seed_plans[name])
        child.parent = "province.plan.json"
        save(child, folder / f"{name}.plan.json")
    return audit(folder, jobs=1)


def test_xlsx_has_one_coloured_sheet_per_parent_with_frozen_headers(result, tmp_path):
    from openpyxl import load_workbook

    path = render_audit_xlsx(result, tmp_path / "a.xlsx")
    wb = load_workbook(path)
    (matrix,) = result.matrices()
    assert wb.sheetnames == ["汇总", "广东省", "缺失条款"]
    ws = wb["广东省"]
    assert ws.freeze_panes == "C3"
    assert (ws.print_title_rows, ws.print_title_cols) == ("$2:$2", "$A:$B")
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)  # A4
    assert [ws.cell(row=2, column=3 + j).value for j in range(2)] == ["开平市", "梅州市"]
    assert ws.max_row == 2 + len(matrix.rows) == 18
    for i, ((tid, _), cells) in enumerate(zip(matrix.rows, matrix.cells), start=3):
        assert ws.cell(row=i, column=1).value == tid
        for j, cell in enumerate(cells, start=3):
            target = ws.cell(row=i, column=j)
            assert target.fill.fgColor.rgb == "00" + STYLES[cell.status].fill.lstrip("#")
            assert target.value == cell_text(cell).replace("；", "\n")
    title = ws.cell(row=3, column=2)
    assert title.value.startswith("=<script>") and title.data_type == "s"
    missing = sum(len(c.missing_clauses) for x in result.pairs for c in x.cells)
    assert wb["缺失条款"].max_row == 1 + missing
    assert wb["汇总"]["A3"].value == "开平市" and wb["汇总"]["D3"].value == 16


def test_xlsx_and_json_are_byte_identical_across_runs(result, tmp_path):
    first = render_audit_xlsx(result, tmp_path / "1.xlsx").read_bytes()
    second = render_audit_xlsx(result, tmp_path / "2.xlsx").read_bytes()
    assert first == second
    assert audit_json(result) == audit_json(result)


def test_json_matrix_cells_line_up_with_columns(result):
    data = json.loads(audit_json(result))
    (matrix,) = data["matrices"]
    assert [c["label"] for c in matrix["columns"]] == ["开平市", "梅州市"]
    assert len(matrix["rows"]) == 16
    meizhou = {r["task"]: r["cells"][1] for r in matrix["rows"]}
    assert meizhou["2.4"]["status"] in ("matched", "partial")
    assert meizhou["2.4"].get("deadline_later", 0) >= 1
    assert data["pairs"][1]["findings"]["deadline_later"] >= 1


def test_html_is_self_contained_and_escapes_document_text(result):
    page = audit_html(result)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert EVIL not in page
    assert "=&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only the page's own filter script
    assert '<b id="fig-pairs">2</b>' in page


def test_html_shows_text_not_script_in_chromium(result, tmp_path, chromium_dom):
    page = render_audit_html(result, tmp_path / "a.html")
    dom = chromium_dom(page.as_uri())
    assert "<title>实施方案覆盖审计</title>" in dom
    assert "PWNED</title>" not in dom
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert re.search(r'<b id="fig-plans">3</b>', dom)
