"""Recall per finding type and false findings on harmless edits, on mutants of the bundled plans
at the same level and one level down (tests/compare/mutants.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from mutants import BENIGN, DOWN, FINDING_KINDS, SAME, benign_mutant, typed_mutant

from cascade.compare import diff_plans

PLANS = ("guangdong", "meizhou", "kaiping", "suizhou")
RECALL = 0.98  # per finding type, over every plan and both levels
FALSE_PER_PLAN = 0.05  # findings on a harmless mutant, on average


@pytest.fixture(scope="module")
def recall(seed_plans):
    hits, totals = Counter(), Counter()
    for name in PLANS:
        for where in (SAME, DOWN):
            for kind in FINDING_KINDS:
                parent, child, expected = typed_mutant(seed_plans[name], kind, 7, where)
                diff = diff_plans(child, parent)
                for task_id in expected:
                    totals[kind] += 1
                    hits[kind] += any(f.type == kind for f in diff.task(task_id).findings)
    return {kind: (hits[kind], totals[kind]) for kind in FINDING_KINDS}


@pytest.mark.parametrize("kind", FINDING_KINDS)
def test_every_finding_type_is_found(recall, kind):
    hits, total = recall[kind]
    assert total >= 20, f"too few {kind} mutants to judge"
    assert hits / total >= RECALL, (kind, hits, total)


def test_harmless_edits_find_nothing(seed_plans):
    plans = found = 0
    for name in PLANS:
        for where in (SAME, DOWN):
            for kinds in [[k] for k in BENIGN] + [None]:
                child = benign_mutant(seed_plans[name], 3, where, kinds)
                diff = diff_plans(child, seed_plans[name])
                plans += 1
                found += len(diff.all_findings())
                assert diff.summary.missing_clauses == diff.summary.missing == 0, (name, kinds)
    assert found / plans <= FALSE_PER_PLAN, (found, plans)


def test_a_mutant_finding_points_at_the_edited_words(seed_plans):
    parent, child, expected = typed_mutant(seed_plans["guangdong"], "duty_weakened", 11)
    diff = diff_plans(child, parent)
    for task_id in expected:
        for clause in diff.task(task_id).clauses:
            for f in clause.findings:
                if f.parent_span:
                    assert clause.parent_clause[slice(*f.parent_span)] == f.parent
                if f.child_span:
                    assert clause.child_clause[slice(*f.child_span)] == f.child
