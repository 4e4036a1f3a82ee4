"""Page-level layout of the rendered .docx: signature keeps, heading keeps, notice page fit.

The PDF checks run LibreOffice on every bundled plan and the derived example and read back
which page each part landed on (the keep rules only show in a real layout).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docx
import pytest

from cascade.derive import derive
from cascade.render.docx import render_docx
from cascade.render.fit import MIN_PITCH_SHARE, paragraph_height
from cascade.render.gbt9704 import LINE_PITCH, MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from cascade.render.ooxml import qn

SEEDS = ("guangdong", "meizhou", "kaiping", "suizhou")
DERIVED = Path(__file__).resolve().parents[2] / "plans" / "meixian-2024.overrides.yaml"
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
TEXT_WIDTH = 11906 - 1587 - 1474


def _style(p) -> str:
    """Paragraph style id."""
    el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return el.get(qn("w:val")) if el is not None else ""


def _keeps(p) -> bool:
    """The paragraph carries keep-with-next directly."""
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def _text(el) -> str:
    """All text below an element."""
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


@pytest.fixture(scope="module")
def plans(seed_plans, tmp_path_factory):
    """The four seeds and the derived example, by short name."""
    out = tmp_path_factory.mktemp("derived")
    return {**seed_plans, "derived": derive(DERIVED, out / "derived.plan.yaml")}


@pytest.fixture(scope="module")
def rendered(plans, tmp_path_factory) -> dict[str, Path]:
    """Every plan rendered once."""
    out = tmp_path_factory.mktemp("pages")
    return {name: render_docx(plan, out / f"{name}.docx") for name, plan in plans.items()}


@pytest.mark.parametrize("name", (*SEEDS, "derived"))
def test_signature_keeps_with_date_and_last_body_line(rendered, plans, name):
    body = docx.Document(str(rendered[name])).element.body
    paragraphs = body.findall(qn("w:p"))
    signers = [i for i, p in enumerate(paragraphs) if _style(p) == "CascadeSigner"]
    assert len(signers) == (1 if plans[name].notice else 0)
    for i in signers:
        assert _style(paragraphs[i + 1]) == "CascadeDate"
        assert _keeps(paragraphs[i]) and _keeps(paragraphs[i - 1])
        assert _text(paragraphs[i - 1]) and not _keeps(paragraphs[i + 1])


def test_heading_only_items_keep_with_next(rendered, plans):
    # Tasks that are only a heading (their items follow as paragraphs) keep with the next one.
    heads = [t for t in plans["suizhou"].tasks() if t.children and not t.text.strip()]
    assert heads, "随州方案应有只含标题、下设分项的任务"
    body = docx.Document(str(rendered["suizhou"])).element.body
    kept = {_text(p) for p in body.findall(qn("w:p")) if _keeps(p)}
    assert {f"{t.number}{t.title}" for t in heads} <= kept
    # A task with its body in the same paragraph does not keep.
    full = next(t for t in plans["suizhou"].tasks() if t.text.strip() and not t.children)
    assert not any(text.startswith(f"{full.number}{full.title}") for text in kept)


@pytest.mark.parametrize("name", (*SEEDS, "derived"))
def test_notice_fits_its_page_by_estimate(rendered, name):
    document = docx.Document(str(rendered[name]))
    paragraphs = document.element.body.findall(qn("w:p"))
    dates = [i for i, p in enumerate(paragraphs) if _style(p) == "CascadeDate"]
    if not dates:
        pytest.skip("这份方案没有印发通知")
    used = sum(paragraph_height(document, p, TEXT_WIDTH)[0] for p in paragraphs[: dates[0] + 1])
    assert used <= TEXT_HEIGHT
    # Only ever tightened, and never below the floor.
    assert all(LINE_PITCH * MIN_PITCH_SHARE <= p < LINE_PITCH for p in _pitches(document))


def _pitches(document) -> set[int]:
    """Line pitches set directly on body paragraphs (the template's styles set the rest)."""
    found = set()
    for p in document.element.body.iter(qn("w:p")):
        spacing = p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None and spacing.get(qn("w:line")):
            found.add(int(spacing.get(qn("w:line"))))
    return found


def test_only_an_overflowing_notice_is_tightened(rendered):
    tightened = {name: bool(_pitches(docx.Document(str(rendered[name])))) for name in SEEDS}
    # The meizhou notice (three-line title, three-line body) needs it; kaiping's does not.
    assert tightened["meizhou"] and not tightened["kaiping"]


# -- in a real layout (LibreOffice) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_pages(rendered, to_pdf, tmp_path_factory):
    """Each plan's PDF as a list of page texts (whitespace removed)."""
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("pages-pdf")
    pages = {}
    for name, path in rendered.items():
        reader = PdfReader(str(to_pdf(path, out)))
        pages[name] = [p.extract_text() or "" for p in reader.pages]
    print("\n页数：" + "，".join(f"{n} {len(p)}" for n, p in pages.items()))
    return pages


def _flat(text: str) -> str:
    """Text without whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", (*SEEDS, "derived"))
def test_pdf_signature_and_date_share_a_page_with_body_text(pdf_pages, plans, name):
    plan = plans[name]
    if plan.notice is None:
        pytest.skip("这份方案没有印发通知")
    signer = _flat(plan.notice.signer or plan.issuer)
    day = plan.notice.date or plan.date
    date = f"{day.year}年{day.month}月{day.day}日"
    pages = [_flat(text) for text in pdf_pages[name]]
    notice_pages = [i for i, text in enumerate(pages) if signer in text and date in text]
    assert notice_pages, f"{name}：署名与成文日期不在同一页"
    page = pages[notice_pages[0]]
    before_signature = page[: page.rindex(signer)]
    last_body = _flat(plan.notice.body.splitlines()[-1])
    assert last_body[-6:] in before_signature, f"{name}：署名页没有正文"


@pytest.mark.parametrize("name", (*SEEDS, "derived"))
def test_pdf_titles_break_between_words(pdf_pages, plans, name):
    plan = plans[name]
    everything = _flat("".join(pdf_pages[name]))
    for title in filter(None, [plan.notice.title if plan.notice else "", plan.title]):
        assert _flat(title) in everything
    if plan.notice and "（" in plan.notice.title:
        # The year note starts a line (never `…（2023—2025` / `年）…`); the line before it
        # ends with a whole word, not with a digit.
        lines = [_flat(line) for line in pdf_pages[name][0].splitlines() if line.strip()]
        at = [i for i, line in enumerate(lines) if re.match(r"（\d{4}—\d{4}年）的通知", line)]
        assert at, lines[:8]
        assert not re.search(r"[\d（]$", lines[at[0] - 1])


def test_attachment_note_hangs_under_the_name_and_keeps_with_body(rendered):
    body = docx.Document(str(rendered["kaiping"])).element.body
    paragraphs = body.findall(qn("w:p"))
    at = next(i for i, p in enumerate(paragraphs) if _style(p) == "CascadeAttachmentNote")
    ind = paragraphs[at].find(f"{qn('w:pPr')}/{qn('w:ind')}")
    char = 315  # one body character
    assert (int(ind.get(qn("w:left"))), int(ind.get(qn("w:hanging")))) == (5 * char, 3 * char)
    assert _keeps(paragraphs[at - 1]) and _text(paragraphs[at - 1])


def test_a_long_notice_keeps_its_spacing(seed_plans, tmp_path):
    # A notice far longer than a page is not squeezed: the keep chain carries the signature.
    plan = seed_plans["meizhou"]
    long = plan.notice.body + "\n" + "\n".join([plan.notice.body.splitlines()[-1]] * 12)
    plan = dataclasses.replace(plan, notice=dataclasses.replace(plan.notice, body=long))
    document = docx.Document(str(render_docx(plan, tmp_path / "long.docx")))
    assert not _pitches(document)
    paragraphs = document.element.body.findall(qn("w:p"))
    signer = next(i for i, p in enumerate(paragraphs) if _style(p) == "CascadeSigner")
    assert _keeps(paragraphs[signer]) and _keeps(paragraphs[signer - 1])


@pytest.mark.parametrize("name", ("meizhou", "kaiping"))
def test_date_starts_two_characters_right_of_the_name(rendered, plans, name):
    # GB/T 9704 7.3.5.2: 署名 two characters from the right; the date's first character two
    # characters right of the name's first. The name is all full-width, so its start is exact.
    body = docx.Document(str(rendered[name])).element.body
    paragraphs = body.findall(qn("w:p"))
    signer = next(p for p in paragraphs if _style(p) == "CascadeSigner")
    date = next(p for p in paragraphs if _style(p) == "CascadeDate")
    char = 315
    right = int(signer.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn("w:right")))
    assert right == 2 * char
    name_start = TEXT_WIDTH - right - len(_text(signer)) * char
    assert date.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "left"
    left = int(date.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn("w:left")))
    assert left == name_start + 2 * char
