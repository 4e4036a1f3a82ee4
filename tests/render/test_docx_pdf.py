"""The rendered .docx through LibreOffice: title, task titles, page numbers, 22 × 28 layout."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cascade.render.docx import render_docx
from cascade.render.layout import text_width


@pytest.fixture(scope="module")
def kaiping_pdf(seed_plans, tmp_path_factory, to_pdf):
    """The ledger plan rendered to .docx and converted to PDF once; (plan, pages' text, sizes)."""
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("pdf")
    plan = seed_plans["kaiping"]
    reader = PdfReader(str(to_pdf(render_docx(plan, out / "kaiping.docx"))))
    pages = [
        (p.extract_text() or "", float(p.mediabox.width) > float(p.mediabox.height))
        for p in reader.pages
    ]
    return plan, pages


def _flat(text: str) -> str:
    """Text without any whitespace (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


def test_pdf_holds_title_tasks_and_page_numbers(kaiping_pdf):
    plan, pages = kaiping_pdf
    print(f"\ntest_pdf_holds_title_tasks_and_page_numbers: kaiping 共 {len(pages)} 页")
    everything = _flat("".join(text for text, _ in pages))
    assert _flat(plan.title) in everything
    missing = [t.id for t in plan.tasks() if _flat(t.title) not in everything]
    assert not missing, f"PDF 中缺少任务标题：{missing}"
    for number, (text, _) in enumerate(pages, start=1):
        assert f"—{number}—" in _flat(text), f"第 {number} 页没有页码 — {number} —"
    landscape = [n for n, (_, wide) in enumerate(pages, start=1) if wide]
    assert landscape, "任务台账应在横向页面上"
    assert all("重点任务" in _flat(pages[n - 1][0]) for n in landscape), "每个横向页都应重复表头"


def test_pdf_body_pages_have_22_lines_of_28_characters(kaiping_pdf):
    _, pages = kaiping_pdf
    counts, widths = [], Counter()
    for text, wide in pages:
        if wide:
            continue
        lines = [line for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)]
        counts.append(len(body))
        widths.update(round(text_width(_flat(line))) for line in body)
    print(f"\ntest_pdf_body_pages_have_22_lines_of_28_characters: 每页行数 {counts}")
    assert max(counts) == 22
    assert widths.most_common(1)[0][0] == 28
    assert max(widths) <= 29  # half-width digits and compressed punctuation round up
