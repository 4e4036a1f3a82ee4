"""A diff as one self-contained HTML page: summary, a coloured row per parent task, redlines.

The page needs no network: styles and the small filter script are inline. Every document text
passes through Jinja's autoescape inside the sandbox, so `<script>` in a plan shows as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..compare.model import LABELS, Diff, TaskDiff
from ..fsutil import atomic_write_text

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "diff.html.j2"

# The summary figures shown at the top, in order, with their Chinese labels.
SUMMARY_FIGURES = [
    ("parent_tasks", "上级任务"),
    ("matched", LABELS["matched"]),
    ("partial", LABELS["partial"]),
    ("missing", "缺失任务"),
    ("omitted", LABELS["omitted"]),
    ("extra", "新增任务"),
    ("missing_clauses", "缺失条款"),
    ("modified_clauses", "改写条款"),
    ("later_deadlines", LABELS["later"]),
    ("dropped_deadlines", LABELS["dropped"]),
    ("weakened", LABELS["weakened"]),
    ("lowered", LABELS["lowered"]),
    ("units_missing", LABELS["no_units"]),
]


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
    return (task.status != "matched" or bool(task.deadlines) or task.units.missing
            or any(c.status != "covered" for c in task.clauses))


def diff_context(diff: Diff) -> dict[str, Any]:
    """What the template needs: plain values only, the diff's texts unescaped (Jinja escapes)."""
    summary = diff.summary.to_dict()
    return {
        "diff": diff.to_dict(),
        "labels": LABELS,
        "script": FILTER_SCRIPT,
        "script_hash": script_hash(),
        "figures": [{"key": k, "label": label, "value": summary[k]}
                    for k, label in SUMMARY_FIGURES],
        "rows": [
            {
                "task": task.to_dict(),
                "gap": _is_gap(task),
                "clauses": [{"clause": c.to_dict(), "ops": [list(op) for op in c.ops]}
                            for c in task.clauses],
            }
            for task in diff.tasks
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
