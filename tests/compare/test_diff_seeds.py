"""The seed pairs: 梅州 and 开平 against 广东 (the issue's done-when), JSON shape and speed."""

from __future__ import annotations

import copy
import json
import re
import time
from collections import Counter

from cascade.compare import CLAUSE_STATUSES, FINDING_TYPES, TASK_STATUSES, diff_plans
from cascade.compare.report import diff_json


def _clauses(diff, task_id, status):
    return [c for c in diff.task(task_id).clauses if c.status == status]


def test_every_provincial_task_matches_the_city_task_with_the_same_id(meizhou, seed_plans):
    ids = [t.id for t in seed_plans["guangdong"].tasks()]
    assert len(ids) == 16
    assert {t.parent_task: t.child_tasks for t in meizhou.tasks} == {i: [i] for i in ids}
    assert meizhou.summary.missing == 0 and meizhou.extra_tasks == []


def test_city_dropped_the_evaluation_and_the_regulation_revision(meizhou):
    missing_38 = [c.parent_clause for c in _clauses(meizhou, "3.8", "missing")]
    assert any("各地级以上市政府2024年底" in c and "至少进行一次评估" in c for c in missing_38)
    # 4.10 keeps a third of its first sentence word for word: modified, the rest dropped.
    (cut,) = [c for c in meizhou.task("4.10").clauses if "修订《广东省行政执法监督条例》" in c.parent_clause]
    assert cut.status == "modified"
    dropped = [f.parent for f in cut.findings if f.type == "phrase_dropped"]
    assert any("修订《广东省行政执法监督条例》" in p for p in dropped)
    assert not any("全流程监督" in p for p in dropped)
    assert meizhou.task("3.8").status == "partial"


def _found(diff, task_id, kind):
    return [(f.parent, f.child) for f in diff.task(task_id).findings if f.type == kind]


def test_city_deadlines_dropped_and_later(meizhou):
    assert _found(meizhou, "2.5", "deadline_dropped") == [("2023年底前", None)]
    assert _found(meizhou, "2.4", "deadline_later") == [("2023年底前", "2024年5月底前")]
    (clause,) = [c for c in meizhou.task("2.4").clauses
                 if any(f.type == "deadline_later" for f in c.findings)]
    assert "备案" in clause.parent_clause
    assert meizhou.summary.count("deadline_later") == meizhou.summary.count("deadline_dropped") == 1


def test_city_rewording_shows_a_redline(meizhou):
    (clause,) = [c for c in meizhou.task("2.5").clauses if "普遍建立行政裁量权基准制度" in c.parent_clause]
    assert clause.status == "modified" and "[-确保在2023年底前-]" in clause.redline
    # Level words are no change: 省司法厅 → 市司法局 is never marked, but what the city deleted
    # is shown in the province's own words.
    marked = [m for t in meizhou.tasks for c in t.clauses
              for m in re.findall(r"\[-(.*?)-\]|\{\+(.*?)\+\}", c.redline)]
    assert not any(("司法厅" in d and "司法局" in i) for d, i in zip(marked, marked[1:]))
    deleted = [c.redline for c in meizhou.task("3.8").clauses if c.status == "modified"]
    assert not any("[-市司法局" in r for r in deleted)


# Kaiping's tasks without a provincial counterpart, read from both documents: 3. 加强行政执法培训
# 工作监督指导 (training supervision, 传帮带), 5. 推行行政执法考核评价制度 (staff appraisal and
# 岗位能手 awards) and 12. 创新行政执法方式 (non-coercive enforcement, 包容审慎监管清单).
KAIPING_EXTRA = ["1.3", "1.5", "3.12"]
KAIPING_LINKS = {"1.1": ["1.1"], "1.2": ["1.2"], "1.3": ["1.4"], "2.4": ["2.6"], "2.5": ["2.7"],
                 "2.6": ["2.8"], "3.7": ["3.9"], "3.8": ["3.10"], "3.9": ["3.11"],
                 "4.10": ["4.13"], "4.11": ["4.14"], "4.12": ["4.15"], "5.13": ["5.16"],
                 "5.14": ["5.17"], "6.15": ["6.18"], "6.16": ["6.19"]}


def test_county_matches_every_provincial_task_and_reports_its_own_additions(kaiping):
    assert {t.parent_task: t.child_tasks for t in kaiping.tasks} == KAIPING_LINKS
    assert [e.child_task for e in kaiping.extra_tasks] == KAIPING_EXTRA
    assert kaiping.summary.missing == 0 and kaiping.summary.extra == 3


def test_county_filing_deadline_later(kaiping):
    assert ("2023年底前", "2024年2月6日前") in _found(kaiping, "2.4", "deadline_later")


def test_json_has_the_documented_shape(meizhou):
    data = json.loads(diff_json(meizhou))
    assert data["schema"] == "plan-cascade/diff@2"
    assert data["parent"] == {"id": "guangdong-2023", "title": meizhou.parent.title}
    assert data["child"]["id"] == "meizhou-2023"
    assert set(data) == {"schema", "parent", "child", "tasks", "parts", "extra_tasks", "summary"}
    for task in data["tasks"]:
        assert {"parent_task", "child_tasks", "status", "similarity", "clauses", "units"} <= set(task)
        assert task["status"] in TASK_STATUSES
        assert set(task["units"]) == {"parent", "child", "no_units"}
        for clause in task["clauses"]:
            assert {"parent_clause", "status", "child_task", "child_clause", "similarity",
                    "redline", "findings"} <= set(clause)
            assert clause["status"] in CLAUSE_STATUSES
            if clause["findings"]:
                assert clause["status"] == "modified"
            for f in clause["findings"]:
                assert f["type"] in FINDING_TYPES and f["message"]
                if f["parent_span"]:
                    assert clause["parent_clause"][slice(*f["parent_span"])] == f["parent"]
                if f["child_span"]:
                    assert clause["child_clause"][slice(*f["child_span"])] == f["child"]
    summary = data["summary"]
    for key in ("parent_tasks", "matched", "partial", "missing", "omitted", "extra",
                "missing_clauses"):
        assert isinstance(summary[key], int)
    assert summary["findings"] == dict(Counter(
        f["type"] for t in data["tasks"] + data["parts"] for c in t["clauses"]
        for f in c["findings"]))
    assert summary["parent_tasks"] == 16
    assert summary["matched"] + summary["partial"] + summary["missing"] + summary["omitted"] == 16
    assert summary["missing_clauses"] == sum(
        c["status"] == "missing" for t in data["tasks"] for c in t["clauses"])


def test_diff_is_deterministic_and_fast(seed_plans):
    child, parent = seed_plans["kaiping"], seed_plans["guangdong"]
    first = diff_json(diff_plans(child, parent))
    start = time.perf_counter()
    for _ in range(5):
        again = diff_json(diff_plans(child, parent))
    assert (time.perf_counter() - start) / 5 < 0.5
    assert again == first


def test_a_plan_read_from_its_ledger_compares_by_its_measures(seed_plans):
    ledger_only = copy.deepcopy(seed_plans["kaiping"])
    for task in ledger_only.tasks():
        assert task.measures
        task.text = ""  # what a plan read back from a 任务台账 .xlsx carries
    diff = diff_plans(ledger_only, seed_plans["guangdong"])
    assert {t.parent_task: t.child_tasks for t in diff.tasks} == KAIPING_LINKS
    assert [e.child_task for e in diff.extra_tasks] == KAIPING_EXTRA
    assert diff.summary.covered_clauses + diff.summary.modified_clauses >= 35
