"""Steps 1–3: clean extracted lines, set the attachment table aside, undo hard line wraps."""

from __future__ import annotations

import re
import statistics

from ..chinese import display_width
from .catalogue import rewrite_catalogue
from .furniture import PAGE_NUMBER, cut_page_marks, is_navigation, running_headers
from .markers import match_marker, starts_paragraph
from .script import strip_ruby, to_simplified
from .state import Para, ParseState
from .textnorm import join_wrapped, squeeze, strip_markup
from .units import looks_like_unit

_PAGE_NUMBER = PAGE_NUMBER  # `— 3 —`, `-3-`, `第 3 页`, `3 / 12` on a line of their own
PAGE_NUMBER_MAX = 60  # a page-number line is short; longer lines are not tried (bounded regex work)
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*\d*\s*[:：]")
_TAIL_START = re.compile(
    r"^(?:公开方式|公开属性|抄送|抄报)\s*[:：]|^[（(]此件.{0,12}[）)]$|^.{2,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
)
# Share of the measured lines that must reach a width for it to count as the right margin.
MARGIN_SHARE = 0.15
# Share of lines wider than the margin beyond which the text was not hard-wrapped at all.
OVER_MARGIN_SHARE = 0.1
# What ends a paragraph. Not ；: an enumeration runs on after it, and its items carry markers.
_TERMINAL = "。！？：!?:…"
_CLOSERS = "”’）)】]》」"
_NEVER_FIRST = "。，、；：！？”’）】》」…"


def clean_lines(state: ParseState) -> None:
    """Strip tags, invisible characters, page numbers and page-break indents from each line."""
    out = []
    marked = [strip_markup(raw.replace("\f", "")) for raw in state.source.lines]
    raw_lines = [strip_ruby(line) for line in marked]
    glossed = [n for n, (a, b) in enumerate(zip(marked, raw_lines), start=1) if a != b]
    if glossed:
        state.warn(f"已删除转换繁体字时附在字后的拼音（{len(glossed)} 行）。", glossed[0])
    simplified = to_simplified(raw_lines)
    if simplified is not None:
        raw_lines = simplified
        state.warn("原文为繁体字，已按简体字读取。")
    pages = ["\f" * ("\f" in raw) + line for raw, line in zip(state.source.lines, raw_lines)]
    headers = running_headers(pages, _never_header)
    dropped: list[int] = []
    for number, raw in enumerate(raw_lines, start=1):
        line = raw.rstrip()
        if "\t" not in line:
            line = cut_page_marks(line).strip()
            if len(line) <= PAGE_NUMBER_MAX and _PAGE_NUMBER.match(line):
                line = ""
            elif is_navigation(line) or number - 1 in headers:
                dropped.append(number)
                line = ""
            line = _joint_names(line)
        else:
            line = line.lstrip(" \u3000")
        out.append((number, line))
    if dropped:
        state.warn(f"已删除网页导航、页眉等非正文文字 {len(dropped)} 行。", dropped[0])
    state.lines = rewrite_catalogue(out, _first_part_heading(out))


def _never_header(text: str) -> bool:
    """Lines that may repeat without being a running header: headings and unit notes."""
    from .units import is_note_paragraph

    return starts_paragraph(text) or is_note_paragraph(text) or text.endswith(("。", "；", "："))


def _joint_names(line: str) -> str:
    """`中共某县委办公室　　某县人民政府办公室` (offices signing side by side) → names joined by 、.

    The clean-up drops spaces between Chinese characters, which would run the names together.
    """
    names = re.split(r"[ \u3000]{2,}", line)
    if 2 <= len(names) <= 4 and all(looks_like_unit(n) and len(n) <= 30 for n in names):
        return "、".join(names)
    return line


def _first_part_heading(lines: list[tuple[int, str]]) -> int:
    for i, (_, text) in enumerate(lines):
        if _is_part(text):
            return i
    return 0


def split_attachment(state: ParseState) -> None:
    """Split lines into the plan body, the attachment ledger table, and the 版记 tail."""
    lines = state.lines
    start = _first_part_heading(lines)
    tail_at = len(lines)
    for i in range(len(lines) - 1, start, -1):
        text = lines[i][1].replace(" ", "")
        if "\t" not in text and _TAIL_START.match(text):
            tail_at = i
        elif text and "\t" not in text and tail_at - i > 12:
            break
    attach_at = None
    for i in range(start, tail_at):
        text = lines[i][1].replace(" ", "")
        if _ATTACHMENT.match(text) or (
            _ATTACHMENT_NOTE.match(text) and any("\t" in t for _, t in lines[i + 1 : i + 6])
        ):
            attach_at = i
    body_end = attach_at if attach_at is not None else tail_at
    state.body = [Para(text=t, line=n) for n, t in lines[:body_end]]
    state.tail = [Para(text=t, line=n) for n, t in lines[tail_at:]]
    if attach_at is None:
        return
    region = lines[attach_at + 1 : tail_at]
    first_row = next((k for k, (_, t) in enumerate(region) if "\t" in t), None)
    title_lines = region if first_row is None else region[:first_row]
    state.plan.attachment_title = squeeze("".join(t for _, t in title_lines if t.strip()))
    if first_row is None:
        state.warn("附件中没有找到表格行，未读取任务台账。", lines[attach_at][0])
        return
    state.table = region[first_row:]


def _wrap_width(paras: list[Para]) -> float:
    """The width lines were hard-wrapped at, or 0 when lines are whole paragraphs.

    A wrapped extraction has most of its lines at nearly one width (the margin); a document
    whose lines are paragraphs has widths spread all over, even when they are short.
    """
    measured = [(display_width(p.text), p.text) for p in paras if display_width(p.text) >= 8]
    if len(measured) < 4:
        return 0.0
    width = _margin(sorted(w for w, _ in measured))
    # No line of a wrapped text runs past its margin: many that do mean there is no margin.
    if sum(1 for w, _ in measured if w > width + 2) > OVER_MARGIN_SHARE * len(measured):
        return 0.0
    at_margin = [text for w, text in measured if width - 3.5 <= w <= width + 0.5]
    # Wrapping cuts lines anywhere: if most lines at the "margin" end a sentence, they are
    # paragraphs that happen to be of one length.
    ending = sum(1 for text in at_margin if _ends_paragraph(text))
    if len(at_margin) < 0.35 * len(measured) or ending > 0.5 * len(at_margin):
        return 0.0
    return width


def _margin(widths: list[float]) -> float:
    """The right margin: the widest width that many lines reach (within 1.5 characters).

    First lines are indented by two characters, so a plain percentile can land on their width
    and take the margin for two characters narrower than it is.
    """
    for width in sorted(set(widths), reverse=True):
        near = sum(1 for w in widths if width - 1.5 <= w <= width)
        if near >= MARGIN_SHARE * len(widths):
            return width
    return statistics.quantiles(widths, n=4)[2]


def _ends_paragraph(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_part(text: str) -> bool:
    """True for a top heading (一、 or 第一部分)."""
    marker = match_marker(text)
    return marker is not None and marker.level == "part"


def _is_heading(para: str) -> bool:
    """A short numbered heading line (一、总体要求, （一）…) that never runs on."""
    return (starts_paragraph(para) and display_width(para) <= 40
            and not any(mark in para for mark in "。，；") and not _ends_paragraph(para))


def _unwrap(paras: list[Para], width: float) -> list[Para]:
    """Join each line to the paragraph before it unless something says a paragraph ended.

    A paragraph ends when the next line starts with a marker, or the paragraph so far ends with
    terminal punctuation (except, in a hard-wrapped document, after a full-width line: the stop
    fell at the margin), or it is a short numbered heading. Before the first 一、 heading (the
    notice and the titles), a short line also ends a paragraph: titles carry no punctuation.
    """
    lines = [p for p in paras if p.text.strip()]
    wrapped_doc = 0 < width
    short_limit = 0.8 * width if wrapped_doc else 60
    # Where the wrap width cannot be measured, a line as wide as the widest is still a full one.
    full_width = 0.93 * (width or max((display_width(p.text) for p in lines), default=0))
    out: list[Para] = []
    prev_width = 0.0
    front = True
    for p in lines:
        text = p.text.strip()
        if "\t" in text:  # a table row or a catalogue line: a paragraph of its own
            out.append(Para(text=text, line=p.line, kind="table"))
            prev_width = 0.0
            continue
        if _is_part(text):
            front = False
        if out and text[0] in _NEVER_FIRST:  # a paragraph never starts with 。，；）…
            out[-1].text = join_wrapped(out[-1].text, text)
            prev_width = display_width(text)
            continue
        if out and not starts_paragraph(text):
            last = out[-1].text
            ended = _ends_paragraph(last) and not (wrapped_doc and prev_width >= 0.93 * width)
            # Before the plan: a notice title ends at 通知, the addressee line at its colon.
            ended = ended or (front and last.endswith(("通知", "：", ":")))
            short = prev_width < short_limit
            heading = _is_heading(last) and prev_width < full_width
            if not ended and not heading and not (front and short):
                out[-1].text = join_wrapped(last, text)
                prev_width = display_width(text)
                continue
        out.append(Para(text=text, line=p.line))
        prev_width = display_width(text)
    return out


# `二、主要任务和具体措施（一）全面推行…`: a heading whose line break was lost before （一）.
_GLUED_SECTION = re.compile(r"^(?P<head>[^。；，]{2,24}?)(?P<rest>[（(]\s*一\s*[）)].+)$")


def _unglue_heading(para: Para) -> list[Para]:
    """Split a part heading from the first section glued onto it by a lost line break."""
    marker = match_marker(para.text)
    glued = _GLUED_SECTION.match(marker.rest) if marker and marker.level == "part" else None
    if glued is None:
        return [para]
    head = para.text[: len(para.text) - len(glued.group("rest"))]
    return [Para(head, para.line, para.kind), Para(glued.group("rest"), para.line, para.kind)]


def unwrap_paragraphs(state: ParseState) -> None:
    """Join hard-wrapped lines back into paragraphs, then normalise spacing and punctuation."""
    # One wrap width for the whole document: the 版记 alone has too few lines to measure.
    width = _wrap_width([p for p in state.body + state.tail if p.text.strip() and "\t" not in p.text])
    state.body = [Para(squeeze(p.text), p.line, p.kind) for p in _unwrap(state.body, width)]
    state.body = [piece for p in state.body if p.text for piece in _unglue_heading(p)]
    state.tail = [Para(squeeze(p.text), p.line, p.kind) for p in _unwrap(state.tail, width)]
    state.tail = [p for p in state.tail if p.text]
