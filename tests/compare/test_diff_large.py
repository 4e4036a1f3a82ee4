"""A large plan built from tagged copies of a real one reports exactly the findings its copies
imply: each copy of the parent carries a tag of its own, each copy of the child one finding type's
edits; the big diff's findings are the copies' findings, task for task."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from mutants import FINDING_KINDS, typed_mutant

from cascade.compare import diff_plans

DIGITS = "零一二三四五六七八九"


def _tag(k: int) -> str:
    return "第" + "".join(DIGITS[int(c)] for c in str(k)) + "批次"


def _tagged(plan, k: int):
    """The plan with every sentence of every task opening with the copy's tag, its ids moved."""
    out = copy.deepcopy(plan)
    for s, section in enumerate(out.sections):
        section.id = f"{k}{s:02d}"
        for task in section.tasks:
            task.id = f"{section.id}.{task.id.split('.')[-1]}"
            task.text = "".join(_tag(k) + c + "。" for c in task.text.split("。") if c)
    return out


def _joined(plans):
    big = copy.deepcopy(plans[0])
    big.sections = [s for p in plans for s in copy.deepcopy(p.sections)]
    return big


@pytest.mark.parametrize("copies", [len(FINDING_KINDS)])
def test_big_plan_reports_the_findings_of_its_copies(seed_plans, copies):
    base = seed_plans["guangdong"]
    parents, children, expected = [], [], Counter()
    for k in range(copies):
        parent, child, _ = typed_mutant(base, FINDING_KINDS[k], 7)
        parent, child = _tagged(parent, k), _tagged(child, k)
        small = diff_plans(child, parent)
        expected.update((t.parent_task, f.type) for t in small.tasks for f in t.findings)
        parents.append(parent)
        children.append(child)
    big = diff_plans(_joined(children), _joined(parents))
    found = Counter((t.parent_task, f.type) for t in big.tasks for f in t.findings)
    assert found == expected
    assert sum(expected.values()) > copies * 5
    assert {t.parent_task: t.child_tasks for t in big.tasks} == {
        t.parent_task: [t.parent_task] for t in big.tasks}
