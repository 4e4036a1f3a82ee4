"""The un-wrapper: hard line breaks and page-break artifacts undone, paragraphs kept apart."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.model import Plan
from cascade.parse import unwrap
from cascade.parse.state import ParseState
from cascade.sources import SourceText

_WORDS = list("推进行政执法质量提升规范公正文明监督保障能力建设制度机制完善健全落实工作全面加强")


def _paragraph(draw, label: str) -> str:
    sentences = draw(st.lists(st.text(st.sampled_from(_WORDS), min_size=12, max_size=60), min_size=2, max_size=5))
    joiner = draw(st.sampled_from(["，", "；", "。"]))
    return label + joiner.join(sentences) + "。"


@st.composite
def _document(draw):
    # The un-wrapper measures the width lines were wrapped at, which needs a document like a
    # real plan: sentences of 12–60 characters, at least four tasks, a margin of 26–36.
    paras = ["一、总体要求"]
    for k in range(draw(st.integers(1, 3))):
        paras.append(_paragraph(draw, f"（{'一二三'[k]}）"))
    paras.append("二、重点任务")
    for k in range(draw(st.integers(4, 9))):
        paras.append(_paragraph(draw, f"{k + 1}."))
    return paras


def _wrap(paras: list[str], width: int, breaks: list[bool]) -> list[str]:
    lines, i = [], 0
    for para in paras:
        for start in range(0, len(para), width):
            piece = para[start : start + width]
            page_break = breaks[i % len(breaks)]
            i += 1
            lines += [(" " if page_break else "") + piece, ""]
    return lines


@given(_document(), st.integers(26, 36), st.lists(st.booleans(), min_size=1, max_size=9))
@settings(max_examples=80, deadline=None)
def test_unwrap_restores_paragraphs(paras, width, breaks):
    lines = _wrap(paras, width, breaks)
    state = ParseState(source=SourceText(path="x.txt", lines=lines), plan=Plan(id="x", title=""))
    unwrap.clean_lines(state)
    unwrap.split_attachment(state)
    unwrap.unwrap_paragraphs(state)
    assert [p.text for p in state.body] == paras


@given(st.text(st.sampled_from(_WORDS + [" ", "\u3000", "2", "0"]), min_size=1, max_size=60))
def test_squeeze_leaves_no_space_between_chinese(text):
    from cascade.parse.textnorm import squeeze

    out = squeeze(text)
    assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", out)
    assert out.replace(" ", "") == text.replace(" ", "").replace("\u3000", "")


@given(st.text(st.sampled_from(_WORDS[:6] + list(",;:()（）  2a")), min_size=1, max_size=40))
@settings(max_examples=300)
def test_squeeze_is_idempotent(text):
    from cascade.parse.textnorm import squeeze

    once = squeeze(text)
    assert squeeze(once) == once


@st.composite
def _unwrapped_document(draw):
    """A document extracted with one line per paragraph, some paragraphs without markers."""
    paras = ["一、总体要求"]
    paras += [_paragraph(draw, "") for _ in range(draw(st.integers(1, 4)))]
    paras.append("二、重点任务")
    paras += [_paragraph(draw, f"{k + 1}.") for k in range(draw(st.integers(2, 8)))]
    paras.append("三、组织实施")
    paras += [_paragraph(draw, "") for _ in range(draw(st.integers(1, 3)))]
    return paras


@given(_unwrapped_document(), st.booleans())
@settings(max_examples=80, deadline=None)
def test_paragraph_per_line_documents_stay_as_they_are(paras, blank_lines):
    lines = [line for para in paras for line in ([para, ""] if blank_lines else [para])]
    state = ParseState(source=SourceText(path="x.txt", lines=lines), plan=Plan(id="x", title=""))
    unwrap.clean_lines(state)
    unwrap.split_attachment(state)
    unwrap.unwrap_paragraphs(state)
    assert [p.text for p in state.body] == paras
