"""A Diff for people and tools: the Chinese summary table for the terminal, and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from ..chinese import terminal_width
from ..fsutil import atomic_write_text
from .model import LABELS, Diff

CLIP = 48  # characters of a clause shown in the terminal lists


def diff_json(diff: Diff) -> str:
    """The Diff JSON (schema plan-cascade/diff@1), pretty, Chinese kept readable."""
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_diff_json(diff: Diff, path: str | Path) -> Path:
    """Write the Diff JSON atomically to `path`."""
    path = Path(path)
    atomic_write_text(path, diff_json(diff))
    return path


def _pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - terminal_width(text))


def _clip(text: str, limit: int = CLIP) -> str:
    """The first `limit` characters of a clause, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows aligned in columns by terminal width."""
    widths = [max(terminal_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
            for row in [header, *rows]]


def summary_lines(diff: Diff) -> list[str]:
    """The terminal report: counts, one row per parent task, then the findings worth reading."""
    s = diff.summary
    lines = [
        f"下级方案：{diff.child.title or diff.child.id}",
        f"上级方案：{diff.parent.title or diff.parent.id}",
        f"上级任务 {s.parent_tasks} 项：已对应 {s.matched}，部分缺失 {s.partial}，"
        f"缺失 {s.missing}，有意删减 {s.omitted}；下级新增任务 {s.extra} 项。",
        f"条款 {s.clauses} 条：保留 {s.covered_clauses}，改写 {s.modified_clauses}，"
        f"缺失 {s.missing_clauses}，有意删减 {s.omitted_clauses}。",
        f"时限推后 {s.later_deadlines}，时限删除 {s.dropped_deadlines}；表述弱化 {s.weakened}，"
        f"指标降低 {s.lowered}；未列责任单位 {s.units_missing}。",
        "",
    ]
    rows = []
    for t in diff.tasks:
        counts = {k: sum(c.status == k for c in t.clauses)
                  for k in ("covered", "modified", "missing")}
        rows.append([t.parent_task, _clip(t.title, 16), LABELS[t.status],
                     "、".join(t.child_tasks) or "—", f"{t.similarity:.2f}",
                     str(counts["covered"]), str(counts["modified"]), str(counts["missing"]),
                     str(len(t.deadlines))])
    header = ["上级任务", "标题", "状态", "下级任务", "相似度", "保留", "改写", "缺失", "时限问题"]
    lines += _table(header, rows)
    lines += _findings(diff)
    return lines


def _findings(diff: Diff) -> list[str]:
    """The lists under the table: missing clauses, deadline issues, flags, units, extra tasks."""
    out: list[str] = []
    sections = {
        "缺失条款": [f"{t.parent_task}  {_clip(c.parent_clause)}"
                 for t in diff.tasks for c in t.clauses if c.status == "missing"],
        "有意删减": [f"{t.parent_task}  {_clip(c.parent_clause)}（理由：{c.reason}）"
                 for t in diff.tasks for c in t.clauses if c.status == "omitted"],
        "时限问题": [f"{t.parent_task}  {LABELS[d.issue]}：{d.parent} → {d.child or '未写时限'}"
                 + (f"（下级说明：{d.reason}）" if d.reason else "")
                 for t in diff.tasks for d in t.deadlines],
        "表述弱化与指标降低": [f"{t.parent_task}  {LABELS[f.flag]}：{f.parent} → {f.child}"
                      for t in diff.tasks for c in t.clauses for f in c.flag_details],
        "未列责任单位": [f"{t.parent_task}  上级：{'、'.join(t.units.parent)}"
                   for t in diff.tasks if t.units.missing],
        "下级新增任务": [f"{e.child_task}  {e.title}" for e in diff.extra_tasks],
    }
    for title, items in sections.items():
        if items:
            out += ["", f"{title}（{len(items)}）："] + [f"  {item}" for item in items]
    return out
