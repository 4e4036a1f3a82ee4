"""Derived plans seen by the diff: nothing missing, omissions reported with their reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.compare import diff_plans
from cascade.derive import derive, init_overrides
from cascade.derive.overrides import read_overrides

EXAMPLE = Path(__file__).resolve().parents[2] / "plans" / "meixian-2024.overrides.yaml"


@pytest.fixture()
def city_init(tmp_path, seed_paths):
    path = tmp_path / "city.overrides.yaml"
    init_overrides(seed_paths["guangdong"], level="city", region="某某市", output=path)
    return path


def _fill(path: Path, block: str) -> Path:
    lines = path.read_text("utf-8").split("\n")
    at = lines.index("tasks:") + 1
    lines[at:at] = block.split("\n")
    path.write_text("\n".join(lines), "utf-8")
    return path


def test_unedited_derivation_has_nothing_missing(city_init, seed_plans):
    summary = diff_plans(derive(city_init), seed_plans["guangdong"]).summary
    assert summary.parent_tasks == len(seed_plans["guangdong"].tasks())
    assert (summary.missing, summary.missing_clauses, summary.omitted, summary.extra) == (0, 0, 0, 0)
    assert summary.count("deadline_later") == 0


def test_dropped_task_and_clause_are_omitted_with_reasons(city_init, seed_plans):
    _fill(city_init, '  "2.4":\n    drop: true\n    reason: 已在上年专项行动中完成\n'
          '  "1.2":\n    clauses:\n      - clause: 鼓励通过线上线下\n        drop: true\n'
          '        reason: 本市统一组织线下集中培训')
    diff = diff_plans(derive(city_init), seed_plans["guangdong"])
    assert diff.summary.missing == 0 and diff.summary.missing_clauses == 0
    by_id = {t.parent_task: t for t in diff.tasks}
    assert by_id["2.4"].status == "omitted" and by_id["2.4"].reason == "已在上年专项行动中完成"
    [clause] = [c for c in by_id["1.2"].clauses if c.status == "omitted"]
    assert clause.parent_clause.startswith("鼓励通过线上线下") and clause.reason == "本市统一组织线下集中培训"
    assert diff.summary.omitted == 1 and diff.summary.omitted_clauses >= 1


def test_allowed_later_deadline_still_shows_in_the_diff(city_init, seed_plans):
    _fill(city_init, '  "1.2":\n    deadlines: {"2024年6月前": {to: "2024年9月底前", allow_later: 待省级平台上线}}')
    diff = diff_plans(derive(city_init), seed_plans["guangdong"])
    assert diff.summary.count("deadline_later") == 1
    [issue] = [f for _, _, f in diff.all_findings() if f.type.startswith("deadline")]
    assert (issue.parent, issue.child, issue.type) == ("2024年6月前", "2024年9月底前", "deadline_later")


def test_example_diffs_cleanly_against_its_parent(seed_plans):
    ov = read_overrides(EXAMPLE)
    diff = diff_plans(derive(EXAMPLE), seed_plans["meizhou"])
    assert diff.summary.missing == 0 and diff.summary.missing_clauses == 0
    omitted = [(t.parent_task, c.reason) for t in diff.tasks for c in t.clauses if c.status == "omitted"]
    dropped = [(e.task, c.reason) for e in ov.tasks.values() for c in e.clauses if c.drop]
    assert omitted == dropped
    assert [e.title for e in diff.extra_tasks] == [n.title for n in ov.added]


def test_example_against_the_province_names_its_dropped_clause_omitted(seed_plans):
    """Diffed straight against the grandparent, a clause the county dropped on purpose is still
    recognised by its words and reads omitted with the county's reason, not missing."""
    ov = read_overrides(EXAMPLE)
    (reason,) = [c.reason for e in ov.tasks.values() for c in e.clauses if c.drop]
    diff = diff_plans(derive(EXAMPLE), seed_plans["guangdong"])
    omitted = [(t.parent_task, c.reason) for t in diff.tasks for c in t.clauses
               if c.status == "omitted"]
    assert omitted == [("2.5", reason)]
    missing = [c.parent_clause for t in diff.tasks for c in t.clauses if c.status == "missing"]
    assert not [m for m in missing if "市政府规章规定的行政执法权" in m]
