"""The 版记 after an attachment ledger: on its own portrait page, never over the ledger table."""

from __future__ import annotations

import copy
import re

import docx
import pytest

from cascade.render.docx import render_docx
from cascade.render.ooxml import qn


@pytest.fixture(scope="module")
def no_disclosure(seed_plans, tmp_path_factory):
    """Kaiping (ledger attachment, 版记) without its 公开方式 line, rendered."""
    plan = copy.deepcopy(seed_plans["kaiping"])
    plan.disclosure = ""
    assert plan.printer and plan.printed and plan.measures()
    return plan, render_docx(plan, tmp_path_factory.mktemp("rec") / "k.docx")


def _record_table(path):
    """The floating 版记 table of a rendered document."""
    body = docx.Document(str(path)).element.body
    for tbl in body.iter(qn("w:tbl")):
        pos = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}")
        if pos is not None and pos.get(qn("w:tblpYSpec")) == "bottom":
            return tbl
    raise AssertionError("no 版记 table")


def test_record_has_a_paragraph_of_its_own_section_to_anchor_to(no_disclosure):
    _, path = no_disclosure
    before = _record_table(path).getprevious()
    assert before.tag == qn("w:p")
    assert before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None


def test_libreoffice_prints_the_record_on_a_portrait_page_without_ledger_rows(no_disclosure,
                                                                             to_pdf):
    from pypdf import PdfReader

    plan, path = no_disclosure
    pages = PdfReader(str(to_pdf(path))).pages
    flat = [re.sub(r"\s+", "", p.extract_text() or "") for p in pages]
    printer = re.sub(r"\s+", "", plan.printer)
    (record,) = [i for i, text in enumerate(flat) if printer in text and "印发" in text]
    page = pages[record]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait
    labels = [m.label for m in plan.measures()]
    assert not [label for label in labels if label in flat[record]]
    assert record == len(pages) - 1
