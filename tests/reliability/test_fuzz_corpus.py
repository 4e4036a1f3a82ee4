"""Every hostile or careless input of issue 13: exit 0 or 2 within 10 s and 500 MB, one sentence."""

from __future__ import annotations

import pytest

from .run import run_cascade
from .shapes import SHAPES


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """One work folder for the shapes (the seed plan, ledger and .docx are built once)."""
    return tmp_path_factory.mktemp("shapes")


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_every_shape_is_read_or_refused_in_bounds(shape, folder):
    work = folder / shape.name
    work.mkdir()
    for name in ("seed.plan.yaml", "seed.xlsx", "seed.docx"):
        if (folder / name).exists():
            (work / name).write_bytes((folder / name).read_bytes())
    args = shape.build(work)
    outcome = run_cascade(args, work)
    for name in ("seed.plan.yaml", "seed.xlsx", "seed.docx"):
        if (work / name).exists() and not (folder / name).exists():
            (folder / name).write_bytes((work / name).read_bytes())
    assert not outcome.problems(shape.codes), (outcome.problems(shape.codes), outcome.stderr[-500:])


def test_the_judge_flags_each_broken_promise():
    from .run import Outcome

    fine = Outcome(2, "", "错误：a.txt：文件是空的。\n", 0.5, 40)
    assert fine.problems(frozenset({2})) == []
    assert Outcome(70, "", "内部错误：KeyError\n", 0.5, 40).problems(frozenset({2}))
    assert Outcome(2, "", "错误：x\nTraceback\n", 0.5, 40).problems(frozenset({2}))
    assert Outcome(2, "", "错误：a.txt: No space left on device\n", 0.5, 40).problems(frozenset({2}))
    assert Outcome(0, "", "", 11.0, 40).problems(frozenset({0}))
    assert Outcome(0, "", "", 1.0, 600).problems(frozenset({0}))


def test_the_child_reports_its_own_peak_memory(tmp_path):
    outcome = run_cascade(["--version"], tmp_path)
    assert outcome.code == 0 and "cascade" in outcome.stdout
    assert 5 < outcome.peak_mb < 200
