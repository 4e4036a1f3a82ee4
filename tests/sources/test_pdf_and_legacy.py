"""PDF and legacy Word input: read like the text they were made from, or refused in one sentence.

LibreOffice makes the PDFs and the .doc here, all in two batched calls per session: the four
bundled plans rendered to .docx, and a hard-wrapped plan with a running header and page numbers.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.errors import InputError
from cascade.parse import parse_file
from cascade.sources import legacy, read_source

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "plans" / "sources").glob("*.txt"))
WRAPPED = ROOT / "plans" / "sources" / "meizhou-2023.txt"  # hard line breaks, as extracted
RUNNING_HEADER = "行政规范性文件　公开发布"


def _facts(plan):
    """What a PDF copy must keep of a plan: task ids, units and deadlines."""
    return [(t.id, t.units, [d.text for d in t.deadlines]) for t in plan.tasks()]


def _wrapped_docx(source: Path, out: Path) -> Path:
    """Every line of `source` as its own paragraph, a running header and `— N —` page numbers."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    footer.add_run(" —")
    document.save(out)
    return out


def _batch(soffice: str, files: list[Path], target: str, outdir: Path) -> None:
    """One LibreOffice call converting several files (its own profile, the project's fonts)."""
    profile = outdir / "lo-profile"
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "cascade" / "render" / "fonts.conf")}
    run = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-2000:]


@pytest.fixture(scope="session")
def converted(soffice, seed_plans, tmp_path_factory):
    """PDFs of the rendered bundled plans and of a hard-wrapped plan, and a .doc of one plan."""
    from cascade.render.docx import render_docx

    root = tmp_path_factory.mktemp("pdf-input")
    docs = [render_docx(parse_file(path), root / f"{path.stem}.docx") for path in SEEDS]
    wrapped = _wrapped_docx(WRAPPED, root / "wrapped.docx")
    _batch(soffice, [*docs, wrapped], "pdf", root)
    legacy_dir = root / "doc"
    legacy_dir.mkdir()
    _batch(soffice, [docs[0]], "doc:MS Word 97", legacy_dir)
    return root


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_pdf_of_a_rendered_plan_parses_like_its_text(converted, seed):
    text_plan = parse_file(seed)
    pdf_plan = parse_file(converted / f"{seed.stem}.pdf")
    assert _facts(pdf_plan) == _facts(text_plan)
    assert (pdf_plan.title, pdf_plan.doc_number, pdf_plan.level) == (
        text_plan.title, text_plan.doc_number, text_plan.level)


def test_hard_wrapped_pdf_with_running_header_and_page_numbers(converted):
    source = read_source(converted / "wrapped.pdf")
    assert source.kind == "pdf" and source.lines.count("\f") >= 5  # pages kept apart
    assert not any(RUNNING_HEADER.replace("　", "") in line.replace(" ", "").replace("　", "")
                   for line in source.lines)
    assert not any(line.strip().startswith("—") and line.strip().endswith("—") for line in source.lines)
    assert _facts(parse_file(converted / "wrapped.pdf")) == _facts(parse_file(WRAPPED))


def test_legacy_doc_is_converted_through_libreoffice(converted):
    doc = converted / "doc" / f"{SEEDS[0].stem}.doc"
    assert doc.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert _facts(parse_file(doc)) == _facts(parse_file(SEEDS[0]))
    wps = doc.with_suffix(".wps")
    wps.write_bytes(doc.read_bytes())
    assert _facts(parse_file(wps)) == _facts(parse_file(SEEDS[0]))


def _scanned_pdf(path: Path) -> Path:
    """A one-page PDF holding only an image (what a scanner makes): no text layer."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    image = DecodedStreamObject()
    image.set_data(bytes(range(64)) * 4)
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(16), NameObject("/Height"): NumberObject(16),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/BitsPerComponent"): NumberObject(8)})
    content = DecodedStreamObject()
    content.set_data(b"q 500 0 0 700 40 60 cm /Im0 Do Q")
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})})
    page[NameObject("/Contents")] = writer._add_object(content)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _empty_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    with open(path, "wb") as fh:
        PdfWriter().write(fh)
    return path


@pytest.mark.parametrize(("make", "words"), [
    (_scanned_pdf, "扫描版 PDF"),
    (_empty_pdf, "没有任何页面"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n garbage, not a pdf") and p, "PDF 文件已损坏"),
])
def test_unreadable_pdf_is_one_chinese_sentence(tmp_path, make, words):
    path = tmp_path / "plan.pdf"
    make(path)
    result = CliRunner().invoke(main, ["parse", str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2, result.output
    assert words in result.output and "plan.pdf" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_legacy_word_without_libreoffice_says_how_to_save_as_docx(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048)
    with pytest.raises(InputError, match="本机没有 LibreOffice"):
        read_source(path)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2 and "另存为 .docx" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_broken_legacy_file_with_libreoffice_is_refused(soffice, tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2 and "另存为 .docx" in result.output
    assert "Traceback" not in result.output
