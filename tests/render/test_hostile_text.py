"""Untrusted document text in every field of a plan: the .xlsx and .docx stay valid and inert."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cascade.ledger_layout import FIRST_ROW, HEADER_ROW, HEADERS, KEY_HEADER, LEDGER_SHEET
from cascade.model import Deadline, Measure, Notice, Part, Plan, Section, Task
from cascade.render.docx import render_docx
from cascade.render.xlsx import render_ledger
from cascade.render.xlsx_cells import MAX_CELL_CHARS, TRUNCATED_NOTE

# Formula and error look-alikes (with the blanks people paste before them), markup, controls,
# XML non-characters, emoji, CJK Ext. B, bidi overrides.
EVIL = ["=cmd|' /C calc'!A0", "+1", "-1+1", "@SUM(1)", "#N/A", "\t=1", " =1", "\u3000=1",
        '=HYPERLINK("http://x.invalid","点我")', "控制\x01字\x07符\x1b", "😀🚩表情", "𠀀𪚥𫝀扩展B",
        "&<>\"'标记", "\u202e反向\u200b", "非字符\uffff\ufffe"]
MARKUP = "&<>\"'"


def _plan(long_text: int = 40_000) -> Plan:
    """A plan whose every field carries hostile text, and one measure longer than a cell."""
    due = [Deadline(text="2025年6月底前", kind="by", date=dt.date(2025, 6, 30))]
    measures = [Measure(id=f"1.1.m{i}", label=f"({i})", text=text,
                        units=[EVIL[i % len(EVIL)]], deadline_text="2025年6月底前", deadlines=due)
                for i, text in enumerate(EVIL, 1)]
    measures.append(Measure(id="1.1.m99", label="", text="长" * long_text, units=["市司法局"]))
    task = Task(id="1.1", number="1.", title=f"=任务{MARKUP}", text=f"正文{MARKUP}=1",
                units=[f"+单位{MARKUP}"], units_text=f"（+单位{MARKUP}）", measures=measures)
    section = Section(id="1", number="（一）", title=f"=SUM(A1){MARKUP}", tasks=[task])
    day = dt.date(2024, 3, 1)
    return Plan(
        id="h", title=f"=恶意{MARKUP}标题😀𠀀", issuer=f"@机关{MARKUP}",
        doc_number=f"-文〔2024〕1号{MARKUP}", date=day,
        notice=Notice(title=f"+通知{MARKUP}", addressees=f"=各单位{MARKUP}",
                      body=f"#N/A\n正文{MARKUP}\x02", signer=f"@署名{MARKUP}", date=day),
        preamble=f"=前言{MARKUP}", general=[Part(title=f"=总体要求{MARKUP}",
                                                  paragraphs=[f"-段落{MARKUP}\uffff"])],
        sections=[section], attachment_title=f"=附件{MARKUP}", cc=f"=抄送{MARKUP}",
        printer=f"+印发机关{MARKUP}", printed=day,
    )


@pytest.fixture(scope="module")
def hostile_xlsx(tmp_path_factory):
    """The hostile plan's ledger."""
    return render_ledger(_plan(), tmp_path_factory.mktemp("h") / "h.xlsx")


def test_every_formula_look_alike_is_inert_text(hostile_xlsx):
    wb = openpyxl.load_workbook(hostile_xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or ws.title != LEDGER_SHEET:
                    continue
                if cell.value.lstrip()[:1] in "=+-@" or cell.value == "#N/A":
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    with zipfile.ZipFile(hostile_xlsx) as zf:
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()


def test_text_survives_except_what_a_cell_cannot_hold(hostile_xlsx):
    ws = openpyxl.load_workbook(hostile_xlsx)[LEDGER_SHEET]
    col = HEADERS.index("主要措施") + 1
    keys = {ws.cell(r, len(HEADERS) + 1).value: ws.cell(r, col).value
            for r in range(FIRST_ROW, ws.max_row + 1)}
    assert keys["1.1.m10"] == "(10)控制字符"
    assert keys["1.1.m11"] == "(11)😀🚩表情" and keys["1.1.m12"] == "(12)𠀀𪚥𫝀扩展B"
    assert keys["1.1.m13"] == f"(13){MARKUP}标记" and keys["1.1.m15"] == "(15)非字符"
    long = keys["1.1.m99"]
    assert len(long) == MAX_CELL_CHARS and long.endswith(TRUNCATED_NOTE)
    assert ws.cell(1, 1).value == f"=恶意{MARKUP}标题😀𠀀任务台账"
    assert KEY_HEADER == ws.cell(HEADER_ROW, len(HEADERS) + 1).value


def test_hostile_docx_opens_and_keeps_the_markup_as_text(tmp_path):
    path = render_docx(_plan(long_text=200), tmp_path / "h.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for field in (f"=恶意{MARKUP}标题😀𠀀", f"+通知{MARKUP}", f"=各单位{MARKUP}", f"@署名{MARKUP}",
                  f"=前言{MARKUP}", f"-段落{MARKUP}", f"=SUM(A1){MARKUP}", f"=抄送{MARKUP}"):
        assert field in text, field
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode()
    assert "\x02" not in body and "\uffff" not in body
    assert "&amp;&lt;&gt;" in body


_ANY = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None)
@given(text=_ANY)
@example(text="非字符\uffff\ufffe")
@example(text="孤立代理\ud800项")
@example(text="\t=1+1")
def test_any_text_in_a_cell_reads_back_cleaned_and_never_as_a_formula(tmp_path_factory, text):
    from cascade.render.xlsx_cells import clean_text, save_deterministic, set_text

    wb = openpyxl.Workbook()
    cell = wb.active.cell(1, 1)
    set_text(cell, text)
    path = save_deterministic(wb, tmp_path_factory.mktemp("c") / "c.xlsx", dt.datetime(2024, 1, 1))
    back = openpyxl.load_workbook(path).active.cell(1, 1)
    expected = clean_text(text)
    assert (back.value or "") == expected.replace("\r", "")
    if expected:
        assert back.data_type == "s"
