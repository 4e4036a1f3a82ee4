"""A Diff for people and tools: the Chinese summary table for the terminal, and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from ..chinese import terminal_width
from ..fsutil import atomic_write_text
from .model import FINDING_TYPES, LABELS, Diff

CLIP = 48  # characters of a clause shown in the terminal lists


def diff_json(diff: Diff) -> str:
    """The Diff JSON (schema plan-cascade/diff@2), pretty, Chinese kept readable."""
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
    """The terminal report: counts, findings by type, one row per parent task, then the lists."""
    s = diff.summary
    by_type = "，".join(f"{LABELS[t]} {s.count(t)}" for t in FINDING_TYPES)
    lines = [
        f"下级方案：{diff.child.title or diff.child.id}",
        f"上级方案：{diff.parent.title or diff.parent.id}",
        f"上级任务 {s.parent_tasks} 项：已对应 {s.matched}，部分缺失 {s.partial}，"
        f"缺失 {s.missing}，有意删减 {s.omitted}；下级新增任务 {s.extra} 项。",
        f"条款 {s.clauses} 条：保留 {s.covered_clauses}，改写 {s.modified_clauses}，"
        f"缺失 {s.missing_clauses}，有意删减 {s.omitted_clauses}。",
        f"发现问题 {sum(s.findings.values())} 处：{by_type}。",
    ]
    if diff.parts:
        lines.append(f"总体要求与组织实施条款 {s.part_clauses} 条，缺失 {s.part_missing_clauses}。")
    lines.append("")
    rows = []
    for t in diff.tasks:
        counts = {k: sum(c.status == k for c in t.clauses)
                  for k in ("covered", "modified", "missing")}
        rows.append([t.parent_task, _clip(t.title, 16), LABELS[t.status],
                     "、".join(t.child_tasks) or "—", f"{t.similarity:.2f}",
                     str(counts["covered"]), str(counts["modified"]), str(counts["missing"]),
                     str(len(t.findings))])
    header = ["上级任务", "标题", "状态", "下级任务", "相似度", "保留", "改写", "缺失", "问题"]
    lines += _table(header, rows)
    lines += _findings(diff)
    return lines


def _findings(diff: Diff) -> list[str]:
    """The lists under the table: missing clauses, omissions, each finding type, extra tasks."""
    out: list[str] = []
    places = [(t.parent_task, t.clauses) for t in diff.tasks]
    places += [(LABELS[p.part], p.clauses) for p in diff.parts]
    sections = {
        "缺失条款": [f"{where}  {_clip(c.parent_clause)}"
                 for where, clauses in places for c in clauses if c.status == "missing"],
        "有意删减": [f"{where}  {_clip(c.parent_clause)}（理由：{c.reason}）"
                 for where, clauses in places for c in clauses if c.status == "omitted"],
    }
    for kind in FINDING_TYPES:
        sections[LABELS[kind]] = [
            f"{where}  {f.message}" + (f"（下级说明：{f.reason}）" if f.reason else "")
            for where, clauses in places for c in clauses for f in c.findings if f.type == kind]
    sections["下级新增任务"] = [f"{e.child_task}  {e.title}" for e in diff.extra_tasks]
    for title, items in sections.items():
        if items:
            out += ["", f"{title}（{len(items)}）："] + [f"  {item}" for item in items]
    return out
