"""Steps 1–3: clean extracted lines, set the attachment table aside, undo hard line wraps."""

from __future__ import annotations

import re
import statistics

from .markers import starts_paragraph
from .state import Para, ParseState
from .textnorm import display_width, join_wrapped, squeeze, strip_markup

_PAGE_NUMBER = re.compile(r"^\s*[—\-－–_]*\s*\d{1,3}\s*[—\-－–_]*\s*$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*\d*\s*[:：]")
_TAIL_START = re.compile(
    r"^(?:公开方式|公开属性|抄送|抄报)\s*[:：]|^[（(]此件.{0,12}[）)]$|^.{2,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
)
_TERMINAL = "。！？；：!?;:…"
_CLOSERS = "”’）)】]》」"


def clean_lines(state: ParseState) -> None:
    """Strip tags, invisible characters, page numbers and page-break indents from each line."""
    out = []
    for number, raw in enumerate(state.source.lines, start=1):
        line = strip_markup(raw.replace("\f", "")).rstrip()
        if "\t" not in line:
            line = line.strip()
            if _PAGE_NUMBER.match(line):
                line = ""
        else:
            line = line.lstrip(" \u3000")
        out.append((number, line))
    state.lines = out


def _first_part_heading(lines: list[tuple[int, str]]) -> int:
    for i, (_, text) in enumerate(lines):
        if re.match(r"^[一二三四五六七八九十]{1,3}\s*[、．.]", text):
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
    widths = sorted(display_width(p.text) for p in paras if display_width(p.text) >= 8)
    if not widths:
        return 0.0
    return statistics.quantiles(widths, n=4)[2] if len(widths) >= 4 else max(widths)


def _ends_paragraph(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


_PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、．.]")


def _is_heading(para: str) -> bool:
    """A short numbered heading line (一、总体要求, （一）…) that never runs on."""
    return (starts_paragraph(para) and display_width(para) <= 40 and "。" not in para
            and not _ends_paragraph(para))


def _unwrap(paras: list[Para], width: float) -> list[Para]:
    """Join each line to the paragraph before it unless something says a paragraph ended.

    A paragraph ends when the next line starts with a marker, or the paragraph so far ends with
    terminal punctuation (except, in a hard-wrapped document, after a full-width line: the stop
    fell at the margin), or it is a short numbered heading. Before the first 一、 heading (the
    notice and the titles), a short line also ends a paragraph: titles carry no punctuation.
    """
    lines = [p for p in paras if p.text.strip() and "\t" not in p.text]
    wrapped_doc = 0 < width < 60
    short_limit = 0.8 * width if wrapped_doc else 60
    out: list[Para] = []
    prev_width = 0.0
    front = True
    for p in lines:
        text = p.text.strip()
        if _PART_HEADING.match(text):
            front = False
        if out and not starts_paragraph(text):
            last = out[-1].text
            ended = _ends_paragraph(last) and not (wrapped_doc and prev_width >= 0.93 * width)
            short = prev_width < short_limit
            heading = _is_heading(last) and not (wrapped_doc and prev_width >= 0.93 * width)
            if not ended and not heading and not (front and short):
                out[-1].text = join_wrapped(last, text)
                prev_width = display_width(text)
                continue
        out.append(Para(text=text, line=p.line))
        prev_width = display_width(text)
    return out


def unwrap_paragraphs(state: ParseState) -> None:
    """Join hard-wrapped lines back into paragraphs, then normalise spacing and punctuation."""
    # One wrap width for the whole document: the 版记 alone has too few lines to measure.
    width = _wrap_width([p for p in state.body + state.tail if p.text.strip() and "\t" not in p.text])
    state.body = [Para(text=squeeze(p.text), line=p.line) for p in _unwrap(state.body, width)]
    state.body = [p for p in state.body if p.text]
    state.tail = [Para(text=squeeze(p.text), line=p.line) for p in _unwrap(state.tail, width)]
    state.tail = [p for p in state.tail if p.text]
