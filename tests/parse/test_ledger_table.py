"""The attachment ledger (任务台账): measures read from the flattened text, a .docx table and an
.xlsx sheet, merged across page breaks, cleaned, and placed under their tasks by content."""

from __future__ import annotations

import copy
import re
import unicodedata

import pytest

from cascade.model import Plan
from cascade.parse import parse_file
from cascade.parse.ledger_table import read_ledger_table
from cascade.parse.state import ParseState
from cascade.parse.units import split_units
from cascade.sources import SourceText, read_source

CJK = "\u4e00-\u9fff"

# Read off the source by hand: the first measure of each task in the attachment ledger.
# Measures run in order, so each task holds the labels up to the next task's first one.
FIRST_MEASURE = {
    "1.1": 1, "1.2": 3, "1.3": 9, "1.4": 11, "1.5": 14, "2.6": 17, "2.7": 20, "2.8": 24,
    "3.9": 28, "3.10": 32, "3.11": 38, "3.12": 42, "4.13": 44, "4.14": 47, "4.15": 50,
    "5.16": 54, "5.17": 57, "6.18": 59, "6.19": 63,
}
LAST_LABEL = 64


def _expected_task(number: int) -> str:
    return max((first, task) for task, first in FIRST_MEASURE.items() if first <= number)[1]


@pytest.fixture(scope="module")
def kaiping_path(seed_paths):
    return seed_paths["kaiping"]


@pytest.fixture(scope="module")
def kaiping(kaiping_path) -> Plan:
    return parse_file(kaiping_path)


@pytest.fixture(scope="module")
def by_label(kaiping):
    return {m.label: (t, m) for t in kaiping.tasks() for m in t.measures}


def _bigrams(text: str) -> set[str]:
    text = re.sub(rf"[^0-9{CJK}]", "", unicodedata.normalize("NFKC", text))
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _source_line_of(lines: list[str], number: int) -> int:
    """1-based line where the ledger prints the label (n) at the start of a cell."""
    pattern = re.compile(rf"(?:^|\t)\s*(?:<p>)?\s*[（(]{number}[）)]")
    return next(i for i, line in enumerate(lines, start=1) if pattern.search(line))


# -- the real document, flattened text ---------------------------------------------------------


def test_all_measures_in_printed_order(kaiping):
    labels = [m.label for m in kaiping.measures()]
    assert labels == [f"({n})" for n in range(1, LAST_LABEL + 1)]


def test_each_measure_under_the_task_read_from_the_source(kaiping):
    placed = {m.label: t.id for t in kaiping.tasks() for m in t.measures}
    expected = {f"({n})": _expected_task(n) for n in range(1, LAST_LABEL + 1)}
    assert placed == expected


def test_measure_ids_count_within_their_task(kaiping):
    for task in kaiping.tasks():
        assert [m.id for m in task.measures] == [
            f"{task.id}.m{k}" for k in range(1, len(task.measures) + 1)
        ]


def test_merged_label_on_the_wrong_row_does_not_move_a_measure(kaiping, kaiping_path, by_label):
    lines = kaiping_path.read_text(encoding="utf-8").splitlines()
    # The row of (47) carries the label of task 14; (50) sits three rows under it, yet it is
    # the opening sentence of task 15, whose own label only appears on the row of (51).
    row_47 = lines[_source_line_of(lines, 47) - 1]
    row_51 = lines[_source_line_of(lines, 51) - 1]
    assert row_47.startswith("14.") and row_51.startswith("15.")
    task, measure = by_label["(50)"]
    assert task.id == "4.15" and measure.id == "4.15.m1"
    assert measure.text.startswith("充分发挥行政执法监督队伍主力军作用")


def test_every_measure_text_is_found_in_its_task_body(kaiping):
    tasks = kaiping.tasks()
    bodies = {t.id: _bigrams(t.full_text) for t in tasks}
    for task in tasks:
        for measure in task.measures:
            grams = _bigrams(measure.text)
            share = {tid: len(grams & body) / len(grams) for tid, body in bodies.items()}
            assert share[task.id] >= 0.85, (measure.label, share[task.id])
            assert share[task.id] == max(share.values()), measure.label


def test_row_split_across_a_page_is_one_measure(kaiping, by_label):
    nineteen = [m for m in kaiping.measures() if m.label == "(19)"]
    assert len(nineteen) == 1
    task, measure = by_label["(19)"]
    assert task.id == "2.6"
    assert measure.text == "适时组织对我市专项整治情况开展专项监督，并将专项监督情况向市政府报告。"
    assert measure.units == ["市司法局"]
    assert measure.deadline_text == "2024年12月底前"


def test_measure_line_is_the_row_of_its_label(kaiping, kaiping_path):
    lines = kaiping_path.read_text(encoding="utf-8").splitlines()
    for measure in kaiping.measures():
        number = int(measure.label.strip("()"))
        assert measure.line == _source_line_of(lines, number), measure.label


def test_units_split_whole(by_label):
    assert by_label["(11)"][1].units == ["市司法局", "各镇（街）", "市直行政执法部门"]
    assert by_label["(10)"][1].units == ["涉及执法职权下放的市直行政执法部门"]
    assert by_label["(39)"][1].units == ["市公安局", "市交通运输局", "市直行政执法部门", "各镇（街）"]
    assert by_label["(60)"][1].units == ["市委机构编制委员会办公室", "市司法局", "各镇（街）"]
    # A cell that separates its units by spaces only.
    spaced = by_label["(27)"][1].units
    assert len(spaced) == 14
    assert spaced[0] == "市司法局" and spaced[-1] == "市城市管理和综合执法局"
    assert all(" " not in unit for unit in spaced)


def test_deadline_text_and_normal_form(by_label):
    eighteen = by_label["(18)"][1]
    assert eighteen.deadline_text == "每年5月底、11月底前"
    assert [(d.kind, d.dates) for d in eighteen.deadlines] == [("recurring", ["05-31", "11-30"])]
    twenty_one = by_label["(21)"][1]
    assert [d.kind for d in twenty_one.deadlines] == ["ongoing"]
    assert by_label["(39)"][1].deadline_text == (
        "2024年6月底前形成阶段性成果（市公安局、市交通运输局），2024年12月底前完成（其他行政执法单位）"
    )
    assert by_label["(5)"][1].deadline_text == "2024年6月底前形成阶段性成果，2025年3月底前全覆盖，持续推进"


def test_cells_cleaned(kaiping, by_label):
    between_cjk = re.compile(rf"[{CJK}]\s+[{CJK}]")
    half_width_in_chinese = re.compile(rf"[{CJK}][,;:()]|[,;:()][{CJK}]")
    for measure in kaiping.measures():
        for value in (measure.text, measure.deadline_text, *measure.units):
            assert "<p>" not in value and "</p>" not in value and "\t" not in value, measure.label
            assert not between_cjk.search(value), (measure.label, value)
            assert not half_width_in_chinese.search(value), (measure.label, value)
    assert "依法保护民营企业和企业家权益" in by_label["(27)"][1].text
    assert by_label["(54)"][1].text.startswith("加快推进省一体化行政执法平台（“粤执法”）应用全覆盖，")


def test_no_ledger_warnings_on_the_real_document(kaiping):
    assert [w for w in kaiping.warnings if "台账" in w.message] == []


# -- the same ledger as a real Word table and as an Excel sheet ---------------------------------


def _ledger_rows(plan: Plan) -> list[tuple[str, str, str, str, str, str]]:
    """(section cell, task cell, measure, units, deadline, progress) per measure of a plan."""
    rows = []
    for section in plan.sections:
        for task in section.walk():
            for m in task.measures:
                rows.append((
                    f"{section.number}{section.title}", f"{task.number}{task.title}",
                    f"{m.label}{m.text}", "，".join(m.units), m.deadline_text, "",
                ))
    return rows


HEADER = ("重点任务", "具体任务", "主要措施", "责任单位", "完成时限", "进度情况")


def _summary(plan: Plan) -> list[tuple]:
    return [(t.id, m.id, m.label, m.text, m.units, m.deadline_text, m.deadlines)
            for t in plan.tasks() for m in t.measures]


def _merge_runs(table, column: int, values: list[str]) -> None:
    """Fill a column, merging each run of equal values vertically the way a ledger prints."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            top = table.cell(start + 1, column)
            top.text = values[start]
            if i - 1 > start:
                top.merge(table.cell(i, column))
            start = i


def test_docx_table_parses_to_the_same_measures(kaiping, kaiping_path, tmp_path):
    import docx

    source = kaiping_path.read_text(encoding="utf-8").splitlines()
    attachment = next(i for i, line in enumerate(source) if line.strip() == "附件")
    tail = next(i for i, line in enumerate(source) if line.startswith("公开方式"))
    document = docx.Document()
    for line in source[:attachment]:
        if line.strip():
            document.add_paragraph(line)
    document.add_paragraph("附件")
    document.add_paragraph(next(t for t in source[attachment + 1 :] if "台账" in t))
    rows = _ledger_rows(kaiping)
    table = document.add_table(rows=len(rows) + 1, cols=len(HEADER))
    for column, word in enumerate(HEADER):
        table.cell(0, column).text = word
    for r, row in enumerate(rows, start=1):
        for column in range(2, len(HEADER)):
            table.cell(r, column).text = row[column]
    _merge_runs(table, 0, [row[0] for row in rows])
    _merge_runs(table, 1, [row[1] for row in rows])
    for line in source[tail:]:
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "ledger.docx"
    document.save(str(path))

    lines = read_source(path).lines
    assert sum(1 for line in lines if "\t" in line) == len(rows) + 1
    assert any(line.startswith("\t\t(51)") for line in lines)  # merged cells read as blanks
    parsed = parse_file(path)
    assert _summary(parsed) == _summary(kaiping)


def _state_for(plan: Plan, rows: list[tuple[int, str]]) -> ParseState:
    """A parse state holding a copy of the plan's tasks without measures, and the given rows."""
    blank = copy.deepcopy(plan)
    blank.warnings = []
    for task in blank.tasks():
        task.measures = []
    state = ParseState(source=SourceText(path="台账", lines=[]), plan=blank)
    state.table = rows
    state.ref_date = plan.date
    return state


def test_xlsx_sheet_parses_to_the_same_measures(kaiping, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务台账"
    sheet.append(["开平市提升行政执法质量三年行动工作方案任务台账"])
    sheet.append(list(HEADER))
    rows = _ledger_rows(kaiping)
    for row in rows:
        sheet.append(list(row))
    first = 3  # sheet row of the first measure
    for column in (1, 2):  # 重点任务 and 具体任务 merged over their runs, as a ledger prints
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][column - 1] != rows[start][column - 1]:
                if i - 1 > start:
                    sheet.merge_cells(start_row=first + start, end_row=first + i - 1,
                                      start_column=column, end_column=column)
                start = i
    path = tmp_path / "ledger.xlsx"
    workbook.save(str(path))

    lines = read_source(path).lines
    assert any(line.startswith("\t\t(51)") for line in lines)  # merged cells read as blanks
    state = _state_for(kaiping, list(enumerate(lines, start=1)))
    read_ledger_table(state)
    assert [(t, m, lab, txt, u, d) for t, m, lab, txt, u, d, _ in _summary(state.plan)] == [
        (t, m, lab, txt, u, d) for t, m, lab, txt, u, d, _ in _summary(kaiping)
    ]
    assert state.plan.warnings == []


# -- small tables: shapes the seed does not show ------------------------------------------------


def _tiny_plan() -> Plan:
    from cascade.model import Section, Task

    return Plan(id="t", title="试行方案", sections=[Section(id="1", number="（一）", title="加强培训", tasks=[
        Task(id="1.1", number="1.", title="加强业务培训",
             text="各单位要建立培训制度，制定年度培训计划。每年组织一次全员轮训。"),
        Task(id="1.2", number="2.", title="加强监督检查",
             text="每年组织一次全员轮训。司法局要开展执法监督检查，及时通报检查结果。"),
    ])])


def test_full_width_labels_without_header_and_split_row():
    rows = [
        (10, "（一）加强培训\t1.加强业务培训\t（1）各单位要建立培训制度，\t司法局、各镇（街）\t2024年6月底前"),
        (11, "— 3 —"),
        (12, "\t\t\t制定年度培训计划。"),
        (13, "\t2.加强监督检查\t（2）司法局要开展执法 监督检查, 及时通报检查结果。\t司法局\t长期推进"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    one, two = state.plan.tasks()
    assert [(m.id, m.label, m.text, m.units, m.deadline_text, m.line) for m in one.measures] == [
        ("1.1.m1", "（1）", "各单位要建立培训制度，制定年度培训计划。", ["司法局", "各镇（街）"],
         "2024年6月底前", 10)
    ]
    assert [(m.id, m.text) for m in two.measures] == [
        ("1.2.m1", "司法局要开展执法监督检查，及时通报检查结果。")
    ]
    assert state.plan.warnings == []


def test_label_breaks_a_tie_between_tasks_with_the_same_sentence():
    rows = [
        (1, "重点任务\t具体任务\t主要措施\t责任单位\t完成时限"),
        (2, "（一）加强培训\t2.加强监督检查\t(1)每年组织一次全员轮训。\t司法局\t每年12月底前"),
        (3, "\t1.加强业务培训\t(2)每年组织一次全员轮训。\t司法局\t每年12月底前"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    placed = [(m.label, t.id) for t in state.plan.tasks() for m in t.measures]
    assert sorted(placed) == [("(1)", "1.2"), ("(2)", "1.1")]


def test_measure_missing_from_the_body_is_kept_with_a_warning():
    rows = [
        (5, "（一）加强培训\t2.加强监督检查\t(1)编制行政执法白皮书并向社会公布。\t司法局\t2025年底前"),
        (6, "\t\t(3)开展执法监督检查。\t司法局\t长期推进"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    two = state.plan.task("1.2")
    assert [m.label for m in two.measures] == ["(1)", "(3)"]
    messages = [(w.line, w.message) for w in state.plan.warnings]
    assert any(line == 5 and "正文中找不到" in msg for line, msg in messages)
    assert any(line == 6 and "编号不连续" in msg for line, msg in messages)


def test_unlabelled_sheet_is_read_by_header_position():
    rows = [
        (1, "序号\t具体任务\t主要措施\t责任单位\t完成时限\t进度情况"),
        (2, "1\t加强业务培训\t各单位要建立培训制度，制定年度培训计划。\t\t2024年6月底前\t已完成"),
        (3, "2\t\t司法局要开展执法监督检查。\t司法局\t长期推进"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    one, two = state.plan.tasks()
    assert [(m.label, m.units, m.deadline_text) for m in one.measures] == [("1", [], "2024年6月底前")]
    assert [(m.label, m.units, m.deadline_text) for m in two.measures] == [("2", ["司法局"], "长期推进")]


def test_units_cell_uses_the_shared_splitter(by_label):
    assert by_label["(36)"][1].units == split_units("市委机构编制委员会办公室、市司法局，各镇（街）、市直行政执法部门")


def test_lead_and_support_columns_are_both_units_and_progress_is_not_a_deadline():
    rows = [
        (1, "序号\t重点任务\t具体任务\t主要措施\t牵头单位\t配合单位\t完成时限\t完成情况"),
        (2, "1\t（一）加强培训\t1.加强业务培训\t(1)各单位要建立培训制度，制定年度培训计划。"
            "\t司法局\t各镇（街）\t2024年6月底前\t已于2024年3月制定"),
        (3, "\t\t(2)司法局要开展执法监督检查，及时通报检查结果。\t司法局\t\t长期推进\t推进中"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    placed = [(t.id, m.label, m.units, m.deadline_text) for t in state.plan.tasks()
              for m in t.measures]
    assert placed == [
        ("1.1", "(1)", ["司法局", "各镇（街）"], "2024年6月底前"),
        ("1.2", "(2)", ["司法局"], "长期推进"),
    ]


def test_numbered_measure_cells_under_a_repeated_header():
    header = "具体任务\t主要措施\t责任单位\t完成时限"
    rows = [
        (1, header),
        (2, "加强业务培训\t1.各单位要建立培训制度，\t司法局\t2024年6月底前"),
        (3, header),  # the header printed again on the next page
        (4, "\t制定年度培训计划。\t\t"),
        (5, "加强监督检查\t1.司法局要开展执法监督检查。\t司法局\t长期推进"),
    ]
    state = _state_for(_tiny_plan(), rows)
    read_ledger_table(state)
    placed = [(m.id, m.label, m.text) for t in state.plan.tasks() for m in t.measures]
    assert placed == [
        ("1.1.m1", "1.", "各单位要建立培训制度，制定年度培训计划。"),
        ("1.2.m1", "1.", "司法局要开展执法监督检查。"),
    ]
