"""Word automatic numbering: labels Word draws (一、 （一） 1. （1）) come back when a .docx is read,
and plans of the new shapes parse from .docx as from text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.parse import parse_file
from cascade.parse.markers import match_marker
from cascade.sources import read_source
from cascade.sources.docx_numbering import FORMATS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Two lists, as Word documents number plans: 一、/（一） in one, task numbers 1./（1） in another
# (so that task numbers run on across sections, as printed).
LISTS = {
    "1": [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")],
    "2": [("decimal", "%1."), ("decimal", "（%2）")],
}
LEVEL_OF = {"part": ("1", 0), "section": ("1", 1), "item": ("2", 0), "subitem": ("2", 1)}


def _add_lists(document) -> None:
    """Define LISTS in the document's numbering part (abstract id = num id)."""
    from docx.oxml import parse_xml

    root = document.part.numbering_part.element
    for num_id, levels in LISTS.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
        root.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="9{num_id}">{lvls}'
                              "</w:abstractNum>"))
        root.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="9{num_id}">'
                              f'<w:abstractNumId w:val="9{num_id}"/></w:num>'))


def _numbered_docx(text_path: Path, out: Path) -> Path:
    """A .docx of a plan's lines whose outline numbers are Word list numbers, not typed text."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_lists(document)
    for line in text_path.read_text(encoding="utf-8").splitlines():
        line = line.replace("<p>", "").replace("</p>", "").strip()
        if not line:
            continue
        marker = match_marker(line)
        paragraph = document.add_paragraph(marker.rest if marker else line)
        if marker:
            num_id, ilvl = LEVEL_OF[marker.level]
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="9{num_id}"/>'
                "</w:numPr>"))
    document.save(str(out))
    return out


def _shape(plan):
    return [(t.id, t.title, t.units, t.implementers, [(d.kind, d.date) for d in t.deadlines])
            for t in plan.tasks()], [s.title for s in plan.sections], plan.title, plan.doc_number


def test_list_labels_are_rendered(tmp_path):
    path = _numbered_docx(FIXTURES / "county-lead-2024.txt", tmp_path / "lead.docx")
    lines = [line for line in read_source(path).lines if line.strip()]
    assert "一、总体要求" in lines and "三、保障措施" in lines
    assert "（一）健全安全生产责任体系" in lines
    # task numbers run on across sections; item numbers restart under each task
    assert any(line.startswith("4.开展重大事故隐患专项排查") for line in lines)
    assert [line[:3] for line in lines if line.startswith("（") and line[1:2].isdigit() and line[2:3] == "）"] == [
        "（1）", "（2）", "（3）", "（1）", "（2）"]


@pytest.mark.parametrize(
    "name", ["county-lead-2024.txt", "town-web-2024.txt", "county-marks-2024.txt"])
def test_numbered_docx_parses_like_the_text(name, tmp_path):
    text_plan = parse_file(FIXTURES / name)
    docx_plan = parse_file(_numbered_docx(FIXTURES / name, tmp_path / "plan.docx"))
    assert _shape(docx_plan) == _shape(text_plan)


def test_hard_wrapped_text_in_word_paragraphs_parses_like_the_text(tmp_path):
    import docx

    source = FIXTURES / "city-wrapped-2024.txt"
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)  # blank lines and page numbers too, as pasted
    document.save(str(tmp_path / "wrapped.docx"))
    assert _shape(parse_file(tmp_path / "wrapped.docx")) == _shape(parse_file(source))


def test_number_formats():
    assert [FORMATS["chineseCounting"](n) for n in (1, 10, 11, 20, 23)] == [
        "一", "十", "十一", "二十", "二十三"]
    assert FORMATS["ideographTraditional"](3) == "丙"
    assert FORMATS["decimalEnclosedCircle"](2) == "②"
    assert FORMATS["decimalEnclosedFullstop"](4) == "⒋"
    assert FORMATS["decimalFullWidth"](12) == "１２"
    assert FORMATS["upperRoman"](14) == "XIV"


def test_start_override_restarts_a_shared_list(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_lists(document)
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num xmlns:w="{W}" w:numId="77"><w:abstractNumId w:val="92"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for num_id, text in (("92", "甲"), ("92", "乙"), ("77", "丙"), ("77", "丁"), ("92", "戊")):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    document.save(str(tmp_path / "restart.docx"))
    lines = [line for line in read_source(tmp_path / "restart.docx").lines if line.strip()]
    assert lines == ["1.甲", "2.乙", "1.丙", "2.丁", "3.戊"]
