"""Metamorphic checks: whatever a county or city does to its parent's text (drops a clause, moves
one to another task, swaps tasks, adds a task, puts a date later), the review document still
accepts to the child and rejects to the parent, and every finding is exactly one comment."""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_redline import flat, json_findings, plan_text, review_body

from cascade.compare import diff_plans
from cascade.compare.clauses import split_clauses
from cascade.model import Task
from cascade.render import ooxml as X
from cascade.render import ooxml_read as R
from cascade.render.redline import redline_bytes
from cascade.render.redline_review import build_review, localiser

DATE = dt.date(2024, 3, 1)
# A local task written the way county plans add theirs (开平市方案 1.3, 1.5).
EXTRA = Task(id="9.9", number="9.", title="加强行政执法培训工作监督指导",
             text="各行政执法单位要积极参加上级部门组织的业务培训学习，配合落实上级部门对培训工作提出的"
                  "监督指导要求。", units=["市司法局"], units_text="（市司法局负责）")


def _drop_clause(plan, data):
    tasks = [t for t in plan.tasks() if len(split_clauses(t.text)) > 1]
    task = data.draw(st.sampled_from(tasks))
    parts = split_clauses(task.text)
    k = data.draw(st.integers(0, len(parts) - 1))
    task.text = "".join(parts[:k] + parts[k + 1:])


def _move_clause(plan, data):
    tasks = [t for t in plan.tasks() if len(split_clauses(t.text)) > 1]
    source, target = data.draw(st.lists(st.sampled_from(tasks), min_size=2, max_size=2,
                                        unique_by=id))
    parts = split_clauses(source.text)
    k = data.draw(st.integers(0, len(parts) - 1))
    source.text = "".join(parts[:k] + parts[k + 1:])
    target.text = target.text + parts[k]


def _swap_tasks(plan, data):
    section = data.draw(st.sampled_from([s for s in plan.sections if len(s.tasks) > 1]))
    i = data.draw(st.integers(0, len(section.tasks) - 2))
    section.tasks[i], section.tasks[i + 1] = section.tasks[i + 1], section.tasks[i]


def _add_task(plan, data):
    section = data.draw(st.sampled_from(plan.sections))
    section.tasks.insert(data.draw(st.integers(0, len(section.tasks))), copy.deepcopy(EXTRA))


def _later_date(plan, data):
    dated = [t for t in plan.tasks() if "2024年6月" in t.text]
    if dated:
        task = data.draw(st.sampled_from(dated))
        task.text = task.text.replace("2024年6月", "2024年9月", 1)


MUTATIONS = [_drop_clause, _move_clause, _swap_tasks, _add_task, _later_date]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_edit_of_the_child_keeps_the_review_exact(seed_plans, data):
    parent = seed_plans["guangdong"]
    child = copy.deepcopy(seed_plans["meizhou"])
    for mutate in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutate(child, data)
    diff = diff_plans(child, parent)
    review = build_review(diff, child, parent)
    payload = redline_bytes(diff, child, parent, date=DATE)
    _root, body = review_body(payload)
    assert flat("".join(R.revised_text(body, accept=True))) == plan_text(child)
    assert flat("".join(R.revised_text(body, accept=False))) == plan_text(
        parent, localiser(parent, child))
    comments = etree.fromstring(zipfile.ZipFile(io.BytesIO(payload)).read("word/comments.xml"))
    moved = len(review.layout.moved)
    assert len(comments) == sum(json_findings(diff).values()) + moved
    assert Counter(n.type for n in review.notes) - Counter({"moved": moved}) == json_findings(diff)


def test_a_derived_plan_shows_its_omission_with_the_reason(seed_plans):
    """梅县区 ← 梅州市 (plans/meixian-2024.overrides.yaml): the clause dropped on purpose is a
    deletion carrying the recorded reason; the local task is an insertion marked 新增任务."""
    from pathlib import Path

    from cascade.derive import derive

    root = Path(__file__).resolve().parents[2]
    child = derive(root / "plans" / "meixian-2024.overrides.yaml")
    parent = seed_plans["meizhou"]
    diff = diff_plans(child, parent)
    review = build_review(diff, child, parent)
    omitted = [n for n in review.notes if n.type == "omitted"]
    assert len(omitted) == 1 and "区级没有地方性法规和政府规章制定权" in omitted[0].text
    p = review.parent_index[(omitted[0].parent_task, "clause", omitted[0].clause)]
    segments = [s for para in review.layout.paras for s in para.segments if s.parent == p]
    assert segments and all(s.op == -1 for s in segments)
    extra = [n for n in review.notes if n.type == "extra_task"]
    assert len(extra) == 1 and extra[0].text.startswith("新增任务")
    added = [s for para in review.layout.paras for s in para.segments
             if s.child is not None and review.layout.child_items[s.child].task == extra[0].child_task]
    assert added and all(s.op == 1 for s in added)
    payload = redline_bytes(diff, child, parent, date=DATE)
    _root, body = review_body(payload)
    assert flat("".join(R.revised_text(body, accept=True))) == plan_text(child)
    # The whole new task's paragraph mark is an insertion too, so rejecting removes the paragraph.
    inserted_marks = body.findall(".//w:pPr/w:rPr/w:ins", {"w": X.W_NS})
    assert len(inserted_marks) >= 1

