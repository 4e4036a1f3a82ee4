"""A diff as one self-contained HTML page: summary, the finding list, a row per parent task.

The page needs no network: styles and the small filter script are inline. Every document text
passes through Jinja's autoescape inside the sandbox, so `<script>` in a plan shows as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..compare.model import FINDING_TYPES, LABELS, ClauseDiff, Diff, TaskDiff
from ..fsutil import atomic_write_text

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "diff.html.j2"

# The summary figures shown at the top, in order, with their Chinese labels; then one figure
# per finding type.
SUMMARY_FIGURES = [
    ("parent_tasks", "上级任务"),
    ("matched", LABELS["matched"]),
    ("partial", LABELS["partial"]),
    ("missing", "缺失任务"),
    ("omitted", LABELS["omitted"]),
    ("extra", "新增任务"),
    ("missing_clauses", "缺失条款"),
    ("modified_clauses", "改写条款"),
]
ALERTS = ("missing", "partial", "missing_clauses", *FINDING_TYPES)


# The page's only script: the filters. The page's Content-Security-Policy allows this script by
# its hash and no other, so even text that slipped past escaping could not run.
FILTER_SCRIPT = """
(function () {
  var gaps = document.getElementById("gaps-only");
  var status = document.getElementById("status-filter");
  function apply() {
    document.body.classList.toggle("gaps-only", gaps.checked);
    var rows = document.querySelectorAll("#tasks tr.task");
    for (var i = 0; i < rows.length; i++) {
      var want = status.value;
      var other = rows[i].getAttribute("data-status") !== want;
      rows[i].classList.toggle("hidden", want !== "" && other);
    }
  }
  gaps.addEventListener("change", apply);
  status.addEventListener("change", apply);
  if (location.hash === "#gaps") {
    gaps.checked = true;
    apply();
  }
})();
"""


def script_hash(script: str = FILTER_SCRIPT) -> str:
    """The CSP source expression (sha256-…) that lets exactly this inline script run."""
    import base64
    import hashlib

    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _is_gap(task: TaskDiff) -> bool:
    """True when a task row has something to look at (the 只看问题 filter keeps these)."""
    return task.status != "matched" or any(c.status != "covered" for c in task.clauses)


def clause_anchor(where: str, k: int) -> str:
    """The id of a clause on the page: a task's k-th clause, or a part's."""
    return f"c-{where}-{k + 1}".replace(".", "-")


def _clause_row(where: str, k: int, clause: ClauseDiff) -> dict[str, Any]:
    """One clause for the template, with its anchor and redline ops."""
    return {"clause": clause.to_dict(), "ops": [list(op) for op in clause.ops],
            "anchor": clause_anchor(where, k)}


def finding_list(diff: Diff) -> list[dict[str, Any]]:
    """Every finding in document order, each with the anchor of its clause (the page's opening
    list)."""
    out = []
    places = [(t.parent_task, t.parent_task, t.clauses) for t in diff.tasks]
    places += [(p.part, LABELS[p.part], p.clauses) for p in diff.parts]
    for where, shown, clauses in places:
        for k, clause in enumerate(clauses):
            for f in clause.findings:
                out.append({"where": shown, "type": f.type, "label": LABELS[f.type],
                            "message": f.message, "anchor": clause_anchor(where, k)})
    return out


def diff_context(diff: Diff) -> dict[str, Any]:
    """What the template needs: plain values only, the diff's texts unescaped (Jinja escapes)."""
    summary = diff.summary
    figures = [{"key": k, "label": label, "value": summary[k]} for k, label in SUMMARY_FIGURES]
    figures += [{"key": t, "label": LABELS[t], "value": summary.count(t)} for t in FINDING_TYPES]
    return {
        "diff": diff.to_dict(),
        "labels": LABELS,
        "script": FILTER_SCRIPT,
        "script_hash": script_hash(),
        "figures": figures,
        "alerts": ALERTS,
        "findings": finding_list(diff),
        "rows": [
            {
                "task": task.to_dict(),
                "gap": _is_gap(task),
                "clauses": [_clause_row(task.parent_task, k, c) for k, c in enumerate(task.clauses)],
            }
            for task in diff.tasks
        ],
        "parts": [
            {"part": part.part, "label": LABELS[part.part],
             "clauses": [_clause_row(part.part, k, c) for k, c in enumerate(part.clauses)]}
            for part in diff.parts
        ],
    }


def render_diff_html(diff: Diff, template: str | Path | None = None) -> str:
    """The HTML page of a diff, from the bundled template or a user's `template` file."""
    from .sandbox import make_environment, template_error

    env = make_environment()
    path = Path(template) if template else TEMPLATE_DIR / TEMPLATE
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        from ..errors import TemplateError

        raise TemplateError(f"无法读取模板（{exc.strerror or exc}）。", path=path) from exc
    try:
        return env.from_string(source).render(diff_context(diff))
    except Exception as exc:
        raise template_error(exc, path) from exc


def write_diff_html(diff: Diff, path: str | Path, template: str | Path | None = None) -> Path:
    """Render the diff page and write it atomically to `path`."""
    path = Path(path)
    atomic_write_text(path, render_diff_html(diff, template))
    return path
