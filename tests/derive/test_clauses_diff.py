"""Derive and the diff split a body into the same clauses, so an omitted clause is recognised."""

from __future__ import annotations

from cascade.compare.clauses import comparable_tasks
from cascade.compare.clauses import split_clauses as diff_split
from cascade.compare.diff import _omission_reason
from cascade.derive.clauses import clause_key
from cascade.derive.clauses import split_clauses as derive_split
from cascade.model import Omission


def test_every_seed_clause_derive_can_omit_is_a_clause_of_the_diff(seed_plans):
    checked = 0
    for name, plan in seed_plans.items():
        for task in comparable_tasks(plan):
            ours = derive_split(task.task.text)
            assert [clause_key(c) for c in ours] == [clause_key(c) for c in diff_split(task.task.text)]
            for i, clause in enumerate(ours):
                # What derive records when an overrides file drops this clause.
                omission = Omission(task=task.id, clause=clause_key(clause), reason="有意删减")
                assert clause_key(task.clauses[i]) == omission.clause, (name, task.id, i)
                words = (plan.level, plan.region)
                reason = _omission_reason(task, i, task.norm[i], [omission], words)
                assert reason == "有意删减", (name, task.id, i)
                checked += 1
    assert checked >= 200
