"""Title line breaking (GB/T 9704 7.3.1): widths, whole words, protected spans, seed titles."""

from __future__ import annotations

import re

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.render.docx import render_docx
from cascade.render.ooxml import qn
from cascade.render.titles import break_title, protected_positions, title_width

SEEDS = ("guangdong", "meizhou", "kaiping", "suizhou")
TITLE_CHARS = 20  # 156 mm at 22 pt less 0.25 pt spacing: 442 / 21.75 = 20.3
YEAR_NOTE = re.compile(r"[（(]\d{4}(?:[—–\-]\d{4})?年[）)]")

_HAN = st.text(alphabet="提升行政执法质量实施方案工作市县区人民政府办公室", min_size=1, max_size=8)
_NUMBER = st.builds(lambda a, b: f"{a}—{b}年", st.integers(1990, 2040), st.integers(1990, 2040))
_NOTE = _NUMBER.map(lambda s: f"（{s}）")
_BOOK = _HAN.map(lambda s: f"《{s}》")
_TOKENS = st.lists(st.one_of(_HAN, _NUMBER, _NOTE, _BOOK), min_size=1, max_size=10)


def _cuts(lines: list[str]) -> list[int]:
    """Break positions (index of each next line's first character) of a split."""
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
    return positions


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=80), max_chars=st.integers(1, 30))
def test_lines_fit_and_join_back(text, max_chars):
    lines = break_title(text, max_chars)
    assert "".join(lines) == text
    assert all(line for line in lines)
    assert all(title_width(line) <= max_chars for line in lines)
    if title_width(text) <= max_chars:
        assert lines == ([text] if text else [])


@settings(max_examples=300, deadline=None)
@given(tokens=_TOKENS, slack=st.integers(0, 12))
def test_no_break_inside_numbers_notes_or_book_titles(tokens, slack):
    # Every token fits on a line, so a split keeping each number, note and 《》 whole exists.
    text = "".join(tokens)
    max_chars = max(title_width(t) for t in tokens) + 1 + slack
    lines = break_title(text, max_chars)
    assert "".join(lines) == text
    assert all(title_width(line) <= max_chars for line in lines)
    inside, at = set(), 0
    for token in tokens:
        if token[0] not in "提升行政执法质量实施方案工作市县区人民政府办公室":
            inside.update(range(at + 1, at + len(token)))
        at += len(token)
    assert not inside & set(_cuts(lines)), lines


def test_protected_positions_cover_year_notes_and_numbers():
    text = "关于印发某方案（2023—2025年）的通知"
    start = text.index("（")
    end = text.index("）") + 1
    bad = protected_positions(text)
    assert set(range(start + 1, end)) <= bad  # anywhere inside the note
    assert start not in bad and end not in bad  # before （ and after ） are fine
    text = "到2025年底完成"
    assert {2, 3, 4, 5} <= protected_positions(text)  # 2|0|2|5|年 stay together
    assert not {1, 6} & protected_positions(text)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_titles_break_at_sensible_places(seed_plans, name):
    plan = seed_plans[name]
    for title in filter(None, [plan.notice.title if plan.notice else "", plan.title]):
        lines = break_title(title, TITLE_CHARS)
        assert "".join(lines) == title
        assert all(title_width(line) <= TITLE_CHARS for line in lines)
        note = YEAR_NOTE.search(title)
        if note:
            # The year note stays whole on one line, starting it.
            assert any(line.startswith(note.group()) for line in lines), lines
        if "关于印发" in title and len(lines) > 1:
            assert lines[0].endswith("印发"), lines
        # Trapezoid or diamond: no middle line shorter than both neighbours (hourglass).
        widths = [title_width(line) for line in lines]
        assert not any(
            widths[i] < widths[i - 1] and widths[i] < widths[i + 1]
            for i in range(1, len(widths) - 1)
        ), lines
        # Lines are of sensible length: none of a lone word (fewer than 4 characters).
        assert len(lines) == 1 or min(widths) >= 4, lines


def test_meizhou_notice_title_lines(seed_plans):
    title = seed_plans["meizhou"].notice.title
    org, plan_title = title.split("关于印发")
    assert break_title(title, TITLE_CHARS) == [
        f"{org}关于印发",
        plan_title.split("（")[0],
        "（2023—2025年）的通知",
    ]


@pytest.mark.parametrize("name", SEEDS)
def test_rendered_titles_carry_line_breaks_and_read_back_whole(seed_plans, tmp_path, name):
    plan = seed_plans[name]
    document = docx.Document(str(render_docx(plan, tmp_path / f"{name}.docx")))
    seen = {}
    for p in document.paragraphs:
        if p.style.style_id in ("CascadeNoticeTitle", "CascadePlanTitle"):
            texts = "".join(t.text or "" for t in p._p.iter(qn("w:t")))
            breaks = [br for br in p._p.iter(qn("w:br")) if br.get(qn("w:type")) is None]
            seen[p.style.style_id] = (texts, len(breaks))
    expected = {"CascadePlanTitle": plan.title}
    if plan.notice:
        expected["CascadeNoticeTitle"] = plan.notice.title
    for style, title in expected.items():
        text, breaks = seen[style]
        assert text == title
        assert breaks == len(break_title(title, TITLE_CHARS)) - 1
