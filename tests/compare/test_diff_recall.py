"""Recall: every deleted parent clause is reported missing; layout-only changes report nothing."""

from __future__ import annotations

import copy
import random
import re

import pytest

from cascade.compare import diff_plans
from cascade.compare.clauses import task_clauses
from cascade.compare.normalise import tidy
from cascade.parse import parse_file

SEEDS = ["guangdong", "meizhou", "kaiping", "suizhou"]


@pytest.mark.parametrize("name", SEEDS)
def test_each_deleted_clause_is_reported_missing(seed_plans, name):
    parent = seed_plans[name]
    tried, missed = 0, []
    for task in parent.tasks():
        for clause in task_clauses(task):
            if clause not in task.text:
                continue  # a title-only task: its title is not a clause of the body
            child = copy.deepcopy(parent)
            target = child.task(task.id)
            target.text = target.text.replace(clause, "", 1)
            target.measures = []  # its 台账 rows repeat the body: a clause kept there is kept
            diff = diff_plans(child, parent)
            statuses = [c.status for c in diff.task(task.id).clauses
                        if c.parent_clause == tidy(clause)]
            tried += 1
            if statuses != ["missing"] or diff.summary.missing_clauses != 1:
                missed.append((task.id, clause[:30], statuses, diff.summary.missing_clauses))
    assert tried >= 40
    assert missed == []


_ASCII = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})
_WIDE_DIGITS = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


def mangle(text: str, seed: int) -> str:
    """The same document with other line wraps, spaces and punctuation/digit widths."""
    rnd = random.Random(seed)
    lines = []
    for line in text.split("\n"):
        if len(line) > 30 and rnd.random() < 0.7:
            cuts, pos = [], 0
            while pos < len(line):
                width = rnd.randint(18, 34)
                cuts.append(line[pos : pos + width])
                pos += width
            line = "\n".join(cuts)
        if rnd.random() < 0.5:
            line = line.translate(_ASCII)
        if rnd.random() < 0.3:
            line = line.translate(_WIDE_DIGITS)
        line = re.sub(r"(?<=\d)(?=[年月])", lambda m: " " if rnd.random() < 0.5 else "", line)
        lines.append(line)
    return "\n".join(lines)


def test_a_clause_kept_only_in_the_ledger_rows_is_kept(seed_plans):
    """A child that moved a sentence out of its task's body into the task's 台账 row keeps it."""
    from cascade.model import Measure

    parent = seed_plans["guangdong"]
    child = copy.deepcopy(parent)
    task = child.task("3.9")
    clause = task_clauses(task)[1]
    task.text = task.text.replace(clause, "", 1)
    task.measures = [Measure(id="3.9.m1", label="(1)", text=clause)]
    diff = diff_plans(child, parent)
    assert diff.summary.missing_clauses == 0
    assert [c.status for c in diff.task("3.9").clauses if c.parent_clause == tidy(clause)] == [
        "covered"]


@pytest.mark.parametrize("name", SEEDS)
def test_layout_only_changes_report_nothing_missing(seed_plans, seed_paths, tmp_path, name):
    source = seed_paths[name]
    for seed in (1, 2):
        copy_path = tmp_path / f"{seed}-{source.name}"
        copy_path.write_text(mangle(source.read_text(encoding="utf-8"), seed), encoding="utf-8")
        assert copy_path.read_text(encoding="utf-8") != source.read_text(encoding="utf-8")
        diff = diff_plans(parse_file(copy_path), seed_plans[name])
        s = diff.summary
        assert (s.missing, s.missing_clauses, s.extra) == (0, 0, 0)
        assert s.findings == {}
