"""An unedited derivation of every bundled document, one level down, diffs clean against it:
nothing missing, no deadline moved, no flag — whatever the genre, level or the year it is dated."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cascade.api import load_plan
from cascade.cli import main
from cascade.compare import diff_plans
from cascade.derive import derive
from cascade.levels import child_level

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted((ROOT / "tests" / "fixtures").glob("*.txt")) + sorted(
    (ROOT / "plans" / "sources").glob("*.txt"))


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("region", ["某某区", "某某县", "某某市"])
def test_unedited_derivation_diffs_clean(tmp_path, source, region):
    parent = load_plan(source)
    level = child_level(parent.level)
    path = tmp_path / "child.overrides.yaml"
    # Dated two years after the parent: yearless phrases (年底前) must not read as later.
    result = CliRunner().invoke(main, ["init", "--from", str(source), "--level", level,
                                       "--region", region, "--date", "2026-03-01", "-o", str(path)])
    assert result.exit_code == 0, result.output
    diff = diff_plans(derive(path), parent)
    s = diff.summary
    assert (s.missing, s.partial, s.missing_clauses, s.extra) == (0, 0, 0, 0)
    assert s.findings == {}
    assert s.matched == s.parent_tasks == len(diff.tasks) > 0
