"""Property: the extraction noise a flattened ledger carries does not change the measures read.

Rows of the real attachment are rebuilt as clean tab-separated lines, then hypothesis splits
rows across page breaks (text, units and deadline cells continuing on a later line, blank lines
between), shifts leading cells, wraps cells in `<p>` tags, puts wrap spaces between Chinese
characters, writes `and` for 和 and half-width commas/brackets, and moves a merged 具体任务 label
to a neighbouring row. The measures must come out the same.
"""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.model import Plan
from cascade.parse import parse_file
from cascade.parse.ledger_table import read_ledger_table
from cascade.parse.state import ParseState
from cascade.sources import SourceText

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def kaiping(seed_paths) -> Plan:
    return parse_file(seed_paths["kaiping"])


def _clean_rows(plan: Plan) -> list[dict]:
    """One row per measure, labels only on the first row of their section / task."""
    rows, seen = [], set()
    for section in plan.sections:
        for task in section.walk():
            for m in task.measures:
                rows.append({
                    "section": "" if section.id in seen else f"{section.number}{section.title}",
                    "task": f"{task.number}{task.title}" if m is task.measures[0] else "",
                    "label": m.label, "text": m.text, "units": "，".join(m.units),
                    "deadline": m.deadline_text,
                })
                seen.add(section.id)
    return rows


def _summary(plan: Plan, ids: bool = True) -> list[tuple]:
    """What a measure is: its task, (id), label, text, units and deadline."""
    return [(t.id, *([m.id] if ids else []), m.label, m.text, m.units, m.deadline_text)
            for t in plan.tasks() for m in t.measures]


def _wrap(draw, text: str, most: int = 2) -> str:
    """Insert wrap spaces between two Chinese characters, `and` for 和, half-width marks."""
    spots = [i for i in range(1, len(text)) if CJK.match(text[i - 1]) and CJK.match(text[i])]
    chosen = set(draw(st.lists(st.sampled_from(spots), max_size=most))) if spots else set()
    out = []
    for i, ch in enumerate(text):
        if i in chosen:
            out.append(" ")
        between = 0 < i < len(text) - 1 and CJK.match(text[i - 1]) and CJK.match(text[i + 1])
        if ch == "和" and between and draw(st.booleans()):
            out.append(" and ")
        elif ch == "，" and draw(st.integers(0, 3)) == 0:
            out.append(", ")
        elif ch == "（" and i + 1 < len(text) and CJK.match(text[i + 1]) and draw(st.booleans()):
            out.append("(")
        elif ch == "）" and CJK.match(text[i - 1]) and draw(st.booleans()):
            out.append(")")
        else:
            out.append(ch)
    return "".join(out)


def _cut(draw, text: str, low: int) -> int:
    """A split point leaving `low` characters before it and two after it, not inside a word."""
    spots = [k for k in range(min(low, len(text) - 2), len(text) - 1)
             if not (text[k - 1].isascii() and text[k - 1].isalpha() and text[k].isalpha())]
    return draw(st.sampled_from(spots))


@st.composite
def noisy_tables(draw, rows: list[dict]) -> list[str]:
    """The rows as an extraction tool might have flattened them."""
    rows = [dict(r) for r in rows]
    for i in range(len(rows) - 1):
        # A merged task label printed one row too low (only when that row is the same task's).
        if rows[i]["task"] and not rows[i + 1]["task"] and draw(st.integers(0, 4)) == 0:
            rows[i + 1]["task"], rows[i]["task"] = rows[i]["task"], ""
    lines: list[str] = []
    for row in rows:
        lead = [c for c in (row["section"], row["task"]) if c]
        lead = lead or [""] * draw(st.integers(0, 3))
        measure = f"{row['label']} {_wrap(draw, row['text'])}"
        if draw(st.booleans()):
            measure = f"<p>{measure}</p>"
        units, deadline = _wrap(draw, row["units"], 1), _wrap(draw, row["deadline"])
        if draw(st.integers(0, 3)) > 0:
            lines.append("\t".join([*lead, measure, units, deadline, ""]))
            continue
        # The row breaks across a page: every cell may continue on the next line.
        k = _cut(draw, measure, measure.index(row["label"]) + len(row["label"]) + 2)
        j = _cut(draw, units, 1) if draw(st.booleans()) and len(units) > 3 else len(units)
        d = _cut(draw, deadline, 1) if draw(st.booleans()) and len(deadline) > 3 else len(deadline)
        lines.append("\t".join([*lead, measure[:k], units[:j], deadline[:d]]))
        lines.extend([""] * draw(st.integers(0, 2)))
        rest = [measure[k:], units[j:], deadline[d:]]
        lines.append("\t" * draw(st.integers(0, 3)) + "\t".join(rest) + "\t")
    return lines


def _state(plan: Plan, lines: list[str]) -> ParseState:
    blank = copy.deepcopy(plan)
    blank.warnings = []
    for task in blank.tasks():
        task.measures = []
    state = ParseState(source=SourceText(path="台账", lines=lines), plan=blank)
    state.table = list(enumerate(lines, start=1))
    state.ref_date = plan.date
    return state


def test_clean_rows_read_back_exactly(kaiping):
    rows = _clean_rows(kaiping)
    lines = ["\t".join([r["section"], r["task"], f"{r['label']}{r['text']}", r["units"],
                        r["deadline"], ""]) for r in rows]
    state = _state(kaiping, lines)
    read_ledger_table(state)
    assert _summary(state.plan) == _summary(kaiping)
    assert state.plan.warnings == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(data=st.data())
def test_noise_does_not_change_the_measures(kaiping, data):
    rows = _clean_rows(kaiping)
    assert all(r["text"].endswith("。") for r in rows)
    # A run of rows (small examples shrink fast); its first row keeps the labels in force.
    start = data.draw(st.integers(0, len(rows) - 1))
    window = [dict(r) for r in rows[start : start + data.draw(st.integers(1, 24))]]
    first = next(t for t in kaiping.tasks() for m in t.measures if m.label == window[0]["label"])
    window[0]["task"] = window[0]["task"] or f"{first.number}{first.title}"
    lines = data.draw(noisy_tables(window))
    state = _state(kaiping, lines)
    read_ledger_table(state)
    wanted = {r["label"] for r in window}
    assert _summary(state.plan, ids=False) == [
        row for row in _summary(kaiping, ids=False) if row[1] in wanted
    ]
