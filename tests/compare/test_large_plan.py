"""A plan made of shuffled, renumbered copies of a seed diffs as the copies imply, count for count."""

from __future__ import annotations

import copy
import random

import pytest

from cascade.compare import diff_plans

FACTOR = 4
COUNTS = ("parent_tasks", "matched", "partial", "missing", "clauses", "covered_clauses",
          "modified_clauses", "missing_clauses")


def _renumber(task, task_id: str) -> None:
    task.id = task_id
    for k, measure in enumerate(task.measures, start=1):
        measure.id = f"{task_id}.m{k}"
    for k, child in enumerate(task.children, start=1):
        _renumber(child, f"{task_id}.{k}")


def _scaled(plan, factor: int, rng: random.Random):
    """`plan` with its sections repeated `factor` times in a shuffled order, renumbered."""
    big = copy.deepcopy(plan)
    big.sections = [copy.deepcopy(s) for _ in range(factor) for s in plan.sections]
    rng.shuffle(big.sections)
    counter = 0
    for s, section in enumerate(big.sections, start=1):
        section.id, section.number = str(s), f"（{s}）"
        for task in section.tasks:
            counter += 1
            task.number = f"{counter}."
            _renumber(task, f"{s}.{counter}")
    return big


@pytest.mark.parametrize("seed", [1, 2])
def test_copies_of_a_pair_report_the_findings_of_one_pair_times_the_copies(seed_plans, seed):
    child, parent = seed_plans["meizhou"], seed_plans["guangdong"]
    one = diff_plans(child, parent).to_dict()["summary"]
    rng = random.Random(seed)
    big = diff_plans(_scaled(child, FACTOR, rng), _scaled(parent, FACTOR, rng)).to_dict()
    assert one["missing_clauses"] > 0  # the seed pair has findings to multiply
    assert {k: big["summary"][k] for k in COUNTS} == {k: FACTOR * one[k] for k in COUNTS}
    assert big["summary"]["extra"] == FACTOR * one["extra"]
    # Every finding type too; the parts are not repeated, so their findings count once.
    parts = {}
    for part in big["parts"]:
        for clause in part["clauses"]:
            for f in clause["findings"]:
                parts[f["type"]] = parts.get(f["type"], 0) + 1
    tasks_one = {k: v - parts.get(k, 0) for k, v in one["findings"].items()}
    assert {k: v - parts.get(k, 0) for k, v in big["summary"]["findings"].items() if v - parts.get(k, 0)} \
        == {k: FACTOR * v for k, v in tasks_one.items() if v}
