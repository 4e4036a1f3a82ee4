"""任务分工表 in any common column set, from flattened text, a .docx table and an .xlsx sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.parse import parse_file
from cascade.parse.ledger_cells import header_role
from tests.parse.test_outline_shapes import _table_docx as _docx

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLE_ONLY = FIXTURES / "city-division-table-2024.txt"
ATTACHED = FIXTURES / "county-table-attached-2024.txt"


@pytest.mark.parametrize(("cell", "role"), [
    ("序号", "number"), ("重点任务", "section"), ("工作任务", "task"), ("具体任务", "task"),
    ("具体措施", "measure"), ("主要措施", "measure"), ("工作内容", "measure"), ("牵头单位", "lead"),
    ("责任单位", "units"), ("配合单位", "support"), ("协办单位", "support"), ("完成时限", "deadline"),
    ("时间节点", "deadline"), ("完成时间", "deadline"), ("进展情况", "progress"), ("推进措施落实", None),
])
def test_header_words(cell, role):
    assert header_role(cell) == role


def _rows(source: Path) -> list[list[str]]:
    return [line.split("\t") for line in source.read_text(encoding="utf-8").splitlines() if "\t" in line]


def _xlsx(source: Path, out: Path) -> Path:
    """The table alone as a workbook, titled in its first row, as offices send it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([source.read_text(encoding="utf-8").splitlines()[5]])
    for cells in _rows(source):
        ws.append(cells)
    wb.save(out)
    return out


def _facts(plan):
    return [(t.id, t.units, t.lead, t.support, [d.text for d in t.deadlines]) for t in plan.tasks()]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_table_only_plan_reads_alike_from_text_docx_and_xlsx(kind, tmp_path):
    text = parse_file(TABLE_ONLY)
    assert [len(t.lead) for t in text.tasks()] == [1] * 5 and all(t.support for t in text.tasks())
    assert [s.title for s in text.sections] == ["推进政府机构职能优化协同高效", "健全依法行政制度体系",
                                                 "严格规范公正文明执法"]
    other = parse_file((_docx if kind == "docx" else _xlsx)(TABLE_ONLY, tmp_path / f"t.{kind}"))
    assert _facts(other) == _facts(text)


def test_a_task_table_through_the_command_line(tmp_path):
    path = _xlsx(TABLE_ONLY, tmp_path / "分工表.xlsx")
    result = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"lead": [\n' in result.output and "市委编办" in result.output


def test_rows_go_to_the_body_tasks_they_repeat(tmp_path):
    for source in (ATTACHED, _docx(ATTACHED, tmp_path / "a.docx")):
        plan = parse_file(source)
        assert [t.id for t in plan.tasks()] == ["1.1", "1.2", "1.3"]
        assert [len([m for m in t.measures if not m.split]) for t in plan.tasks()] == [1, 1, 1]
        assert plan.task("1.2").measures[0].units == ["县应急管理局", "县教育局"]
        assert plan.task("1.3").measures[0].deadline_text == "2024年12月底前"
        # the body's own 牵头/配合 note stands; the rows do not add to it
        assert plan.task("1.2").lead == ["县应急管理局"] and plan.task("1.2").support == []


def test_a_table_of_tasks_without_a_measure_column_goes_to_the_body_tasks(tmp_path):
    """序号 | 具体任务 | 牵头单位 | 配合单位 | 完成时间: each row is matched to the body like a measure."""
    out = []
    for line in ATTACHED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 6:  # drop the short 工作任务 column, rename the rest
            cells = ["序号", "具体任务", "牵头单位", "配合单位", "完成时间"] if cells[0] == "序号" else [
                cells[0], *cells[2:]]
        out.append("\t".join(cells))
    source = tmp_path / "tasks.txt"
    source.write_text("\n".join(out) + "\n", encoding="utf-8")
    plan = parse_file(source)
    rows = {t.id: [m for m in t.measures if not m.split] for t in plan.tasks()}
    assert {k: len(v) for k, v in rows.items()} == {"1.1": 1, "1.2": 1, "1.3": 1}
    assert rows["1.2"][0].units == ["县应急管理局", "县教育局"] and rows["1.3"][0].deadline_text == "2024年12月底前"
    assert plan.warnings == []
