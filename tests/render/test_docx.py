"""The official .docx: GB/T 9704 page setup, fonts, footers, ledger section, determinism, round trip."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.chinese import chinese_numeral
from cascade.cli import main
from cascade.errors import TemplateError
from cascade.model import Measure, Notice, Part, Plan, Section, Task
from cascade.parse import parse_file
from cascade.render.docx import DEFAULT_TEMPLATE, render_docx
from cascade.render.layout import signer_indents
from cascade.render.ooxml import qn

SEEDS = ("guangdong", "meizhou", "kaiping", "suizhou")
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
TOLERANCE = Mm(0.5)


@pytest.fixture(scope="module")
def rendered(seed_plans, tmp_path_factory) -> dict[str, Path]:
    """Every bundled plan rendered once with the default template."""
    out = tmp_path_factory.mktemp("docx")
    return {name: render_docx(seed_plans[name], out / f"{name}.docx") for name in SEEDS}


def _sections_with_landscape(document):
    """(section, is landscape) for every section."""
    return [(s, s.page_width > s.page_height) for s in document.sections]


def _style(document, style_id):
    """The style with this id."""
    return next(s for s in document.styles if s.style_id == style_id)


def _east_asia(style) -> str:
    """The East Asian font a style sets."""
    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return fonts.get(qn("w:eastAsia"))


def _text(el) -> str:
    """All text below an element."""
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _tiny_plan(**extra) -> Plan:
    """A plan with one task, for edge cases the seeds do not cover."""
    task = Task(
        id="1.1", number="1.", title="建立台账", text="按月更新。", units_text="（市司法局负责）"
    )
    fields = dict(
        id="tiny-2024",
        title="某县测试工作方案",
        issuer="某县人民政府办公室",
        date=dt.date(2024, 3, 1),
        sections=[Section(id="1", number="（一）", title="基础工作", tasks=[task])],
    )
    fields.update(extra)
    return Plan(**fields)


# -- page setup ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEEDS)
def test_page_size_and_margins(rendered, name):
    document = docx.Document(str(rendered[name]))
    for section, landscape in _sections_with_landscape(document):
        if landscape:
            assert abs(section.page_width - Mm(297)) <= TOLERANCE
            assert abs(section.page_height - Mm(210)) <= TOLERANCE
            continue
        assert abs(section.page_width - Mm(210)) <= TOLERANCE
        assert abs(section.page_height - Mm(297)) <= TOLERANCE
        assert abs(section.top_margin - Mm(37)) <= TOLERANCE
        assert abs(section.bottom_margin - Mm(35)) <= TOLERANCE
        assert abs(section.left_margin - Mm(28)) <= TOLERANCE
        assert abs(section.right_margin - Mm(26)) <= TOLERANCE


@pytest.mark.parametrize("name", SEEDS)
def test_grid_holds_22_lines(rendered, name):
    document = docx.Document(str(rendered[name]))
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / 635
    assert grid.get(qn("w:type")) == "lines"
    assert 22 * pitch <= text_height < 23 * pitch
    # Body paragraphs use the same exact pitch, so LibreOffice and WPS also give 22 lines.
    spacing = _style(document, "Normal").element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == pitch


@pytest.mark.parametrize("name", SEEDS)
def test_fonts_on_east_asian_slot(rendered, name):
    document = docx.Document(str(rendered[name]))
    normal = _style(document, "Normal")
    assert _east_asia(normal) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    title = _style(document, "CascadePlanTitle")
    assert _east_asia(title) == "方正小标宋简体"
    assert title.font.size.pt == 22
    assert _east_asia(_style(document, "CascadeHeading1")) == "黑体"
    assert _east_asia(_style(document, "CascadeHeading2")) == "楷体_GB2312"
    assert _style(document, "CascadeTaskTitle").font.bold
    # The plan title paragraph really uses the title style and holds the plan's title.
    titles = [p for p in document.paragraphs if p.style.style_id == "CascadePlanTitle"]
    # Its text (w:t only; the line breaks between its lines hold none) is the whole title.
    assert titles and _text(titles[0]._p) == document.core_properties.title
    styles_xml = zipfile.ZipFile(rendered[name]).read("word/styles.xml").decode()
    assert "Theme=" not in styles_xml.replace("w:cstheme", "")
    assert "asciiTheme" not in styles_xml and "eastAsiaTheme" not in styles_xml


def _footer_text(footer) -> str:
    """The text of a footer (field result included)."""
    return "".join(t.text or "" for t in footer._element.iter(qn("w:t")))


@pytest.mark.parametrize("name", SEEDS)
def test_page_numbers_in_odd_and_even_footers(rendered, name):
    document = docx.Document(str(rendered[name]))
    assert document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            el = footer._element
            instr = "".join(i.text for i in el.iter(qn("w:instrText")))
            kinds = [f.get(qn("w:fldCharType")) for f in el.iter(qn("w:fldChar"))]
            assert instr.strip() == "PAGE" and kinds == ["begin", "separate", "end"]
            assert _footer_text(footer) == "— 1 —"
            # The innermost paragraph holding the field (inside the text box when turned).
            number = [
                p for p in el.iter(qn("w:p")) if p.find(f".//{qn('w:instrText')}") is not None
            ][-1]
            assert number.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == align
            # On the landscape ledger the number is set in vertical text (turned with the page).
            turned = [b.get("vert") for b in el.iter(f"{{{WPS}}}bodyPr")]
            assert turned == (["vert"] if section.page_width > section.page_height else [])


# -- parts ------------------------------------------------------------------------------------


def _body_blocks_with_section(document):
    """(element, section sectPr) for every body block, the sectPr that closes its section."""
    body = document.element.body
    pending, out = [], []
    for el in body:
        pending.append(el)
        sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if el.tag == qn("w:p") else None
        if el.tag == qn("w:sectPr"):
            sect = el
        if sect is not None:
            out += [(b, sect) for b in pending]
            pending = []
    return out


def test_kaiping_ledger_in_landscape_with_repeated_header(rendered, seed_plans):
    document = docx.Document(str(rendered["kaiping"]))
    measures = seed_plans["kaiping"].measures()
    tables = [
        (el, sect)
        for el, sect in _body_blocks_with_section(document)
        if el.tag == qn("w:tbl") and "重点任务" in _text(el)
    ]
    assert len(tables) == 1
    tbl, sect = tables[0]
    assert sect.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 1 + len(measures) == 65
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    header = [_text(tc) for tc in rows[0].findall(qn("w:tc"))]
    assert header[:5] == ["重点任务", "具体任务", "主要措施", "责任单位", "完成时限"]
    # 重点任务 merges over each section's measures: one restart per section with measures.
    restarts = [
        r
        for r in rows[1:]
        if r.findall(qn("w:tc"))[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
        and r.findall(qn("w:tc"))[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val"))
        == "restart"
    ]
    sections = {t.id.split(".")[0] for t in seed_plans["kaiping"].tasks() if t.measures}
    assert len(restarts) == len(sections)
    # The portrait sections hold no table; the plan's page setup comes back after the ledger.
    assert document.sections[-1].page_height > document.sections[-1].page_width


@pytest.mark.parametrize("name", ["guangdong", "suizhou"])
def test_plans_without_ledger_have_one_portrait_section(rendered, name):
    document = docx.Document(str(rendered[name]))
    assert len(document.sections) == 1
    assert not any("重点任务" in _text(t._tbl) for t in document.tables)


def test_notice_page_parts(rendered, seed_plans):
    plan = seed_plans["guangdong"]
    document = docx.Document(str(rendered["guangdong"]))
    by_style = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.style_id, []).append(_text(p._p))
    assert by_style["CascadeMark"] == [f"{plan.issuer}文件"]
    assert by_style["CascadeDocNumber"] == [plan.doc_number]
    assert by_style["CascadeNoticeTitle"] == [plan.notice.title]
    assert by_style["CascadeAddressees"][0].endswith("：")
    assert by_style["CascadeHeading1"][:2] == ["一、总体要求", "二、重点任务"]
    assert by_style["CascadeHeading1"][-1].startswith("三、")
    record = _text(document.tables[-1]._tbl)
    assert record.startswith("抄送：") and record.endswith("2023年12月18日印发")


def test_missing_parts_are_not_rendered(tmp_path):
    path = render_docx(_tiny_plan(), tmp_path / "t.docx")
    document = docx.Document(str(path))
    styles = [p.style.style_id for p in document.paragraphs if p.text]
    assert "CascadeMark" not in styles and "CascadeNoticeTitle" not in styles
    assert [p.text for p in document.paragraphs if p.text] == [
        "某县测试工作方案",
        "一、重点任务",
        "（一）基础工作",
        "1.建立台账。按月更新。（市司法局负责）",
        # without a notice, the plan itself is signed below its body (GB/T 9704 7.3.5)
        "某县人民政府办公室",
        "2024年3月1日",
    ]
    assert styles[-2:] == ["CascadeSigner", "CascadeDate"]
    assert len(document.sections) == 1 and not document.tables


def test_text_with_markup_characters_is_kept(tmp_path):
    plan = _tiny_plan(
        preamble="甲&乙<丙>丁\"戊'己", closing=[Part(title="保障措施", paragraphs=["A & B < C"])]
    )
    document = docx.Document(str(render_docx(plan, tmp_path / "t.docx")))
    texts = [p.text for p in document.paragraphs]
    assert "甲&乙<丙>丁\"戊'己" in texts and "A & B < C" in texts


def test_signature_indents_follow_gbt9704():
    # Name ends two characters from the right; the date starts two characters further right.
    assert signer_indents(9, 7) == (2.0, 2)
    assert signer_indents(9, 5.5) == (2.0, 3.5)
    # A date longer than the name keeps itself two from the right and moves the name left.
    assert signer_indents(4, 6) == (6, 2.0)


def test_heading_numerals():
    assert [chinese_numeral(n) for n in (1, 3, 10, 11, 20, 25)] == [
        "一",
        "三",
        "十",
        "十一",
        "二十",
        "二十五",
    ]


# -- determinism and round trip -------------------------------------------------------------------


def test_rendering_twice_is_byte_identical(seed_plans, rendered, tmp_path):
    again = render_docx(seed_plans["kaiping"], tmp_path / "again.docx")
    assert again.read_bytes() == rendered["kaiping"].read_bytes()
    with zipfile.ZipFile(again) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2024, 2, 9, 0, 0, 0)}
    props = docx.Document(str(again)).core_properties
    assert props.title == seed_plans["kaiping"].title
    assert props.created == props.modified == dt.datetime(2024, 2, 9, tzinfo=dt.UTC)


def _signature(plan: Plan):
    """What a round trip must keep: sections and tasks with units and deadlines."""
    return (
        [(s.id, s.number, s.title) for s in plan.sections],
        [(t.id, t.number, t.title, t.units, [d.text for d in t.deadlines]) for t in plan.tasks()],
    )


@pytest.mark.parametrize("name", SEEDS)
def test_round_trip_through_parser(seed_plans, rendered, name):
    plan = seed_plans[name]
    back = parse_file(rendered[name], plan_id=plan.id)
    assert _signature(back) == _signature(plan)
    assert [(m.id, m.label, m.text, m.units, m.deadline_text) for m in back.measures()] == [
        (m.id, m.label, m.text, m.units, m.deadline_text) for m in plan.measures()
    ]
    assert back.title == plan.title and back.doc_number == plan.doc_number


def test_ledger_round_trip_of_a_hand_built_plan(tmp_path):
    measures = [
        Measure(
            id="1.1.m1",
            label="(1)",
            text="建立工作台账。",
            units=["县司法局"],
            deadline_text="2024年6月底前",
        ),
        Measure(
            id="1.1.m2",
            label="(2)",
            text="按月通报进展。",
            units=["县司法局", "各乡镇"],
            deadline_text="长期推进",
        ),
    ]
    plan = _tiny_plan(
        attachment_title="某县测试工作方案任务台账",
        notice=Notice(
            title="关于印发某县测试工作方案的通知",
            addressees="各乡镇",
            body="现印发给你们。",
            date=dt.date(2024, 3, 1),
        ),
    )
    plan.sections[0].tasks[0].measures = measures
    document = docx.Document(str(render_docx(plan, tmp_path / "t.docx")))
    rows = document.tables[0].rows
    assert [c.text for c in rows[2].cells][2:5] == [
        "(2)按月通报进展。",
        "县司法局、各乡镇",
        "长期推进",
    ]
    tc = rows[2]._tr.findall(qn("w:tc"))[0]
    assert tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val")) == "continue"
    # No 版记 to follow: the document ends on the landscape ledger, without an empty page.
    assert [s.page_width > s.page_height for s in document.sections] == [False, True]


# -- user templates -------------------------------------------------------------------------------


def _evil_template(tmp_path: Path, tag: str) -> Path:
    """The default template with the plan title tag replaced by `tag`."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ title }}", tag.encode())
            dst.writestr(info, data)
    path = tmp_path / "evil.docx"
    path.write_bytes(out.getvalue())
    return path


def test_hostile_template_exits_2_with_chinese_message(tmp_path, seed_paths):
    evil = _evil_template(tmp_path, "{{ ''.__class__.__mro__ }}")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        main, ["render", str(seed_paths["suizhou"]), "--docx", str(out), "--template", str(evil)]
    )
    assert result.exit_code == 2
    assert "模板含有不安全" in result.output and "evil.docx" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.docx*"))


@pytest.mark.parametrize(
    "tag",
    [
        "{{ 'x' * 10**7 }}",
        "{{ 'x'|center(10**9) }}",
        "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    ],
)
def test_template_output_is_bounded(tmp_path, tag):
    with pytest.raises(TemplateError, match="模板"):
        render_docx(_tiny_plan(), tmp_path / "o.docx", template=_evil_template(tmp_path, tag))
    assert not (tmp_path / "o.docx").exists()


def test_broken_and_misspelt_templates(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(Exception, match="Word 模板"):
        render_docx(_tiny_plan(), tmp_path / "o.docx", template=bad)
    typo = _evil_template(tmp_path, "{{ titel }}")
    with pytest.raises(TemplateError, match="不存在的字段"):
        render_docx(_tiny_plan(), tmp_path / "o.docx", template=typo)
    unclosed = _evil_template(tmp_path, "{{ title ")
    with pytest.raises(TemplateError, match="语法错误"):
        render_docx(_tiny_plan(), tmp_path / "o.docx", template=unclosed)


# -- any text survives ----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("行政执法（）()《》“”&<>\"'、，。；：\t\x00\x0b\x1f—"),
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFF),
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and "\n" not in t)


@settings(max_examples=25, deadline=None)
@given(title=_TEXT, body=_TEXT)
def test_any_text_is_written_verbatim(tmp_path_factory, title, body):
    plan = _tiny_plan(title=title, preamble=body)
    path = render_docx(plan, tmp_path_factory.mktemp("h") / "h.docx")
    # A long title is broken into lines (a <w:br/>, read back as "\n") at a word boundary.
    texts = [p.text.replace("\n", "") for p in docx.Document(str(path)).paragraphs]
    clean = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
    assert clean.sub("", title) in texts
    assert clean.sub("", body).strip() in texts


def test_second_round_trip_is_stable(seed_plans, rendered, tmp_path):
    # 附件说明 is printed once from the attachment, even when the parsed plan carries it too.
    first = parse_file(rendered["kaiping"], plan_id="kaiping-2024")
    again = render_docx(first, tmp_path / "again.docx")
    notes = [p.text for p in docx.Document(str(again)).paragraphs if p.text.startswith("附件：")]
    assert notes == [f"附件：{seed_plans['kaiping'].attachment_title}"]
    second = parse_file(again, plan_id="kaiping-2024")
    assert _signature(second) == _signature(seed_plans["kaiping"])
    assert [p.paragraphs for p in second.closing] == [p.paragraphs for p in first.closing]


@pytest.mark.parametrize("name", ["guangdong", "kaiping"])
def test_record_round_trip(seed_plans, rendered, name):
    # 版记 fields come back too (meizhou's do not yet: the parser merges its two 版记 lines).
    plan = seed_plans[name]
    back = parse_file(rendered[name], plan_id=plan.id)
    assert (back.disclosure, back.printer, back.printed) == (
        plan.disclosure,
        plan.printer,
        plan.printed,
    )
    assert back.cc.rstrip("。") == plan.cc.rstrip("。")
