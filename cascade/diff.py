"""`diff`: a child plan against its parent, from plan files or source documents, with reports.

The library call behind `cascade diff`; Python users call it the same way::

    from cascade.diff import diff
    d = diff("plans/sources/meizhou-2023.txt", "plans/sources/guangdong-2023.txt",
             json_path="out/diff.json", html_path="out/diff.html")
    d.summary.missing_clauses

For Plan objects already in memory use `cascade.compare.diff_plans(child, parent)`.
"""

from __future__ import annotations

from pathlib import Path

from .api import load_plan
from .compare import Diff, diff_plans


def diff(
    child: str | Path,
    parent: str | Path,
    *,
    json_path: str | Path | None = None,
    html_path: str | Path | None = None,
    template: str | Path | None = None,
) -> Diff:
    """Load both plans (.plan.yaml/.json or .txt/.docx), compare them, write the asked reports."""
    diff_result = diff_plans(load_plan(child), load_plan(parent))
    if json_path:
        from .compare.report import write_diff_json

        write_diff_json(diff_result, json_path)
    if html_path:
        from .render.html import write_diff_html

        write_diff_html(diff_result, html_path, template=template)
    return diff_result
