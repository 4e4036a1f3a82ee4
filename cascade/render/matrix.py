"""The coverage matrix of an audit as JSON and one self-contained HTML page (.xlsx: matrix_xlsx).

Renderers only consume `AuditResult.matrices()`; the status colours and count wordings below
are shared by all three formats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..audit.result import AuditResult, Matrix, TaskCell
from ..compare.model import FINDING_TYPES, LABELS
from ..fsutil import atomic_write_text
from .html import TEMPLATE_DIR, script_hash


@dataclass(frozen=True)
class StatusStyle:
    """How a task status looks in a matrix cell."""

    label: str
    fill: str
    font: str


STYLES = {
    "matched": StatusStyle(LABELS["matched"], "#C6EFCE", "#006100"),
    "partial": StatusStyle(LABELS["partial"], "#FFEB9C", "#9C5700"),
    "missing": StatusStyle(LABELS["missing"], "#FFC7CE", "#9C0006"),
    "omitted": StatusStyle(LABELS["omitted"], "#D9D9D9", "#404040"),
}
UNKNOWN_STYLE = StatusStyle("未知", "#FFFFFF", "#000000")

# The numbers a cell shows, in this order, with their wording.
COUNT_WORDS = {
    "missing_clauses": "缺失条款 {n}",
    "modified_clauses": "改写条款 {n}",
    **{t: LABELS[t] + " {n}" for t in FINDING_TYPES},
    "omitted_clauses": "有意删减条款 {n}",
}
VIEW_WORDS = {"direct": "与上级", "through": "跨级"}
PAGE_TITLE = "实施方案覆盖审计"


def style(status: str) -> StatusStyle:
    """The colours and label of a task status."""
    return STYLES.get(status, UNKNOWN_STYLE)


def count_texts(cell: TaskCell) -> list[str]:
    """The counts of a cell as short Chinese phrases (缺失条款 2, 时限推后 1, …)."""
    counts = cell.counts()
    return [COUNT_WORDS[k].format(n=counts[k]) for k in COUNT_WORDS if counts.get(k)]


def view_text(pair, labels: dict[str, str]) -> str:
    """How a pair was compared: 与上级, or 跨级（经X市） through the plans in between."""
    text = VIEW_WORDS.get(pair.view, pair.view)
    if pair.via:
        text += "（经" + "、".join(labels[v] for v in pair.via) + "）"
    return text


def cell_text(cell: TaskCell | None) -> str:
    """A cell as one line of text: the status, then its counts."""
    if cell is None:
        return "—"
    return "；".join([style(cell.status).label, *count_texts(cell)])


def is_clean(cell: TaskCell | None) -> bool:
    """True when a cell shows no gap (kept whole, or dropped on purpose)."""
    gaps = {k for k in cell.counts() if k != "omitted_clauses"} if cell else set()
    return cell is None or (cell.status in ("matched", "omitted") and not gaps)


# -- JSON ---------------------------------------------------------------------------------------


def audit_json(result: AuditResult) -> str:
    """The `plan-cascade/audit@1` document as pretty, stable JSON text."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_audit_json(result: AuditResult, path: str | Path) -> Path:
    """Write the audit JSON atomically."""
    atomic_write_text(path, audit_json(result))
    return Path(path)


# -- HTML ---------------------------------------------------------------------------------------


# The audit page's only script: the gaps filter (also opened by #gaps). Allowed by its hash in the
# page's Content-Security-Policy, like the diff page's.
GAPS_SCRIPT = """
(function () {
  var gaps = document.getElementById("gaps-only");
  function apply() { document.body.classList.toggle("gaps-only", gaps.checked); }
  gaps.addEventListener("change", apply);
  if (location.hash === "#gaps") {
    gaps.checked = true;
    apply();
  }
})();
"""


def audit_html(result: AuditResult) -> str:
    """One self-contained HTML page (inline CSS and script, no network), all text escaped."""
    from .sandbox import make_environment

    source = (TEMPLATE_DIR / "audit.html.j2").read_text(encoding="utf-8")
    env = make_environment(bundled=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(source).render(_html_context(result))


def render_audit_html(result: AuditResult, path: str | Path) -> Path:
    """Write the audit HTML page atomically."""
    atomic_write_text(path, audit_html(result))
    return Path(path)


def _html_context(result: AuditResult) -> dict:
    """Everything the page template shows: figures, pair rows, matrices."""
    totals = {"missing": 0, "partial": 0, "missing_clauses": 0} | {t: 0 for t in FINDING_TYPES}
    pairs = []
    labels = {p.key: p.label for p in result.plans}
    for pair in result.pairs:
        found = pair.findings()
        for key in totals:
            totals[key] += found[key]
        counts = {s: sum(c.status == s for c in pair.cells) for s in STYLES}
        counts |= found | {"parent_tasks": len(pair.cells), "extra": len(pair.extra_tasks)}
        pairs.append({
            "child": labels[pair.child],
            "parent": labels[pair.parent],
            "view": view_text(pair, labels),
            "counts": counts,
            "clean": not any(found.values()),
        })
    return {
        "title": PAGE_TITLE,
        "styles": {k: vars(v) for k, v in STYLES.items()},
        "figures": {"plans": len(result.plans), "pairs": len(result.pairs)} | totals,
        "finding_types": [{"key": t, "label": LABELS[t]} for t in FINDING_TYPES],
        "pairs": pairs,
        "matrices": [_html_matrix(m) for m in result.matrices()],
        "warnings": result.warnings,
        "script": GAPS_SCRIPT,
        "script_hash": script_hash(GAPS_SCRIPT),
    }


def _html_matrix(m: Matrix) -> dict:
    """One matrix for the template, each cell with its label and counts."""
    rows = []
    for (task, title), cells in zip(m.rows, m.cells):
        rows.append({
            "task": task,
            "title": title,
            "clean": all(is_clean(c) for c in cells),
            "cells": [
                None if c is None else {
                    "status": c.status if c.status in STYLES else "unknown",
                    "label": style(c.status).label,
                    "counts": count_texts(c),
                    "missing": c.missing_clauses,
                    "reason": c.reason,
                }
                for c in cells
            ],
        })
    return {
        "title": m.parent.title or m.parent.label,
        "label": m.parent.label,
        "columns": [{"label": c.label, "title": c.title} for c in m.columns],
        "rows": rows,
    }
