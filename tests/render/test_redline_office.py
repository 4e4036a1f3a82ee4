"""The review .docx in LibreOffice: it opens and converts to PDF showing deletions and comments,
and LibreOffice's own 接受所有修订 / 拒绝所有修订 (Python-UNO dispatcher) give the child's and
the parent's text."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from test_redline import flat, plan_text

from cascade.compare import diff_plans
from cascade.render.redline import AUTHOR, redline_bytes
from cascade.render.redline_review import build_review, localiser

HERE = Path(__file__).resolve().parent
UNO = HERE / "redline_uno.py"
FONTS = HERE.parents[1] / "cascade" / "render" / "fonts.conf"
DATE = dt.date(2024, 3, 1)
PDF_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},' \
            '"ExportNotesInMargin":{"type":"boolean","value":"true"}}'


def _review(seed_plans, tmp_path_factory, name: str):
    """A seed's review document against 广东 on disk, with its plans and review model."""
    child, parent = seed_plans[name], seed_plans["guangdong"]
    diff = diff_plans(child, parent)
    path = tmp_path_factory.mktemp("review") / f"{name}-review.docx"
    path.write_bytes(redline_bytes(diff, child, parent, date=DATE))
    return path, child, parent, build_review(diff, child, parent)


@pytest.fixture(scope="module")
def meizhou_review(seed_plans, tmp_path_factory):
    """The 梅州 ← 广东 review document."""
    return _review(seed_plans, tmp_path_factory, "meizhou")


def test_pdf_shows_deletions_and_one_note_per_comment(meizhou_review, soffice_convert):
    import pypdf

    path, _child, parent, review = meizhou_review
    pdf = soffice_convert(path, PDF_NOTES)
    reader = pypdf.PdfReader(str(pdf))
    notes = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    notes = [n for n in notes if n.get("/Subtype") == "/Text"]
    assert sorted(str(n["/Contents"]) for n in notes) == sorted(n.text for n in review.notes)
    assert all(str(n["/T"]).startswith(AUTHOR) for n in notes)
    # Deleted words are shown (struck through), not hidden: a clause 梅州 dropped is on a page.
    text = flat("".join(page.extract_text() for page in reader.pages))
    missing = review.layout.parent_items[review.parent_index[("2.5", "clause", 1)]].text
    assert flat(missing)[:30] in text


def _uno(action: str, src: Path, out: Path) -> str:
    """Run LibreOffice's dispatcher on `src` through the system python3's UNO bridge."""
    python = shutil.which("python3", path="/usr/bin")
    if not python or subprocess.run([python, "-c", "import uno"], capture_output=True).returncode:
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 python3-uno。")
        pytest.skip("本机没有 python3-uno，跳过 LibreOffice 宏检查。")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS)}
    run = subprocess.run([python, str(UNO), action, str(src), str(out)], env=env,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0 and out.exists(), run.stderr[-2000:]
    return out.read_text(encoding="utf-8-sig")


def _without_comment_marks(src: Path, dst: Path) -> Path:
    """A copy without the comment anchors: LibreOffice 7.4 without a GUI (the -nogui packages)
    returns no document over UNO for a file whose text holds comments, although it converts
    it; the revisions, which are what the dispatcher works on, are kept byte for byte."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r"<w:commentRange(?:Start|End) [^>]*/>", "", xml)
                xml = re.sub(r"<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr>"
                             r"<w:commentReference [^>]*/></w:r>", "", xml)
                assert "comment" not in xml
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize(("name", "action"),
                         [("meizhou", "accept"), ("meizhou", "reject"), ("kaiping", "accept")])
def test_libreoffice_accept_all_gives_the_child_and_reject_all_the_parent(
        seed_plans, tmp_path_factory, soffice, tmp_path, name, action):
    path, child, parent, _ = _review(seed_plans, tmp_path_factory, name)
    plain = _without_comment_marks(path, tmp_path / "plain.docx")
    text = flat(_uno(action, plain, tmp_path / f"{action}.txt"))
    expected = plan_text(child) if action == "accept" else plan_text(parent, localiser(parent, child))
    # The text after the cover page is the plan's, exactly.
    assert text.endswith(expected)
    assert flat("方案对照审阅稿") in text[: len(text) - len(expected)]
