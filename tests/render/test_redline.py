"""The review .docx: accepting every revision gives the child plan, rejecting gives the parent's
text at the child's level, every finding is one comment, same inputs give the same bytes."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from cascade.compare import diff_plans
from cascade.compare.clauses import comparable_tasks
from cascade.compare.normalise import tidy
from cascade.render import ooxml as X
from cascade.render import ooxml_read as R
from cascade.render.ooxml import qn
from cascade.render.redline import AUTHOR, redline_bytes
from cascade.render.redline_findings import TYPE_LABELS
from cascade.render.redline_review import build_review, localiser

DATE = dt.date(2024, 3, 1)
PAIRS = [("meizhou", "guangdong"), ("kaiping", "guangdong")]
W = {"w": X.W_NS}


def flat(text: str) -> str:
    """Text compared after whitespace normalisation (and NFKC widths: ⒈ is 1.)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def plan_text(plan, local=str) -> str:
    """A plan's text as a reader has it, in its own order, written straight from the Plan:
    title, preamble, 一、 parts, the tasks heading, sections, task heads, clauses, unit notes."""
    from cascade.render.docx import chinese_numeral

    clauses = {id(t.task): t.clauses for t in comparable_tasks(plan, ledger=True)}
    out = [plan.title, *plan.preamble.split("\n")]
    n = 0
    for part in plan.general:
        n += 1
        out += [f"{chinese_numeral(n)}、{part.title}", *part.paragraphs]
    if plan.sections:
        n += 1
        out.append(f"{chinese_numeral(n)}、{plan.tasks_heading}")
    for section in plan.sections:
        out.append(section.number + section.title)
        for task in section.walk():
            mine = clauses.get(id(task), [])
            head = task.title + ("。" if mine and task.title[-1] not in "。；：:;！？" else "")
            number = task.number + ("." if task.number.isascii() and task.number.isdigit() else "")
            out += [number + head, *mine, task.units_text if mine else ""]
    for part in plan.closing:
        n += 1
        out += [f"{chinese_numeral(n)}、{part.title}", *part.paragraphs]
    return flat("".join(local(piece) for piece in out))


def review_body(data: bytes):
    """The document body and the paragraphs after the cover's page break."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    body = root.find(qn("w:body"))
    paragraphs = list(body.iter(qn("w:p")))
    brk = next(i for i, p in enumerate(paragraphs)
               if p.find(".//w:br[@w:type='page']", W) is not None)
    review = etree.Element(qn("w:body"))
    for p in paragraphs[brk + 1:]:
        review.append(copy.deepcopy(p))
    return root, review


def json_findings(diff) -> Counter:
    """Finding types counted from the diff JSON alone (DESIGN.md), without the redline code: a
    missing or omitted clause, then typed `findings` (diff@2) or flags, dates and a rewording
    (diff@1); units left blank; extra tasks; clauses of the 总体要求/组织实施 parts alike."""
    data = diff.to_dict()
    types = {"weakened": "duty_weakened", "lowered": "target_lowered",
             "later": "deadline_later", "dropped": "deadline_dropped"}
    found: Counter = Counter()

    def clause_types(clause, dated=frozenset()):
        status = clause["status"]
        if status in ("missing", "omitted"):
            found["clause_missing" if status == "missing" else "omitted"] += 1
        if "findings" in clause:
            found.update(f["type"] for f in clause["findings"])
            return
        if status in ("missing", "omitted"):
            return
        flags = [f["flag"] for f in clause.get("flag_details", [])] or clause["flags"]
        found.update(types[f] for f in flags)
        if status == "modified" and not flags and tidy(clause["parent_clause"]) not in dated:
            found["modified"] += 1

    for task in data["tasks"]:
        deadlines = task.get("deadlines", [])
        found.update(types[d["issue"]] for d in deadlines)
        for clause in task["clauses"]:
            clause_types(clause, {tidy(d["clause"]) for d in deadlines})
        if not any("findings" in c for c in task["clauses"]):  # diff@2: a units_changed finding
            found["units_missing"] += task["units"]["no_units"]
    for part in data.get("parts", []):
        for clause in part["clauses"]:
            clause_types(clause)
    found["extra_task"] += len(data["extra_tasks"])
    return +found


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Pairs beyond the seeds: a county's 安全生产 plan under a province's (another subject, another
# shape of units and parts), and 随州 (湖北, nested tasks) against 广东 (another province).
SAFETY = ("county-lead-2024.txt", "province-safety-2024.txt")
OTHER_PAIRS = [("county-safety", "province-safety"), ("suizhou", "guangdong")]


@pytest.fixture(scope="module")
def reviews(seed_plans):
    """(child, parent, diff, review, bytes) per seed pair and per other pair."""
    from cascade.parse import parse_file

    plans = dict(seed_plans)
    plans["county-safety"] = parse_file(FIXTURES / SAFETY[0])
    plans["province-safety"] = parse_file(FIXTURES / SAFETY[1])
    out = {}
    for child, parent in [*PAIRS, *OTHER_PAIRS]:
        c, p = plans[child], plans[parent]
        d = diff_plans(c, p)
        out[child] = (c, p, d, build_review(d, c, p), redline_bytes(d, c, p, date=DATE))
    return out


ALL = [c for c, _ in PAIRS + OTHER_PAIRS]


@pytest.mark.parametrize("child", ALL)
def test_accepting_every_revision_gives_the_child_plan(reviews, child):
    c, _p, _d, _r, data = reviews[child]
    _root, body = review_body(data)
    assert flat("".join(R.revised_text(body, accept=True))) == plan_text(c)


@pytest.mark.parametrize("child", ALL)
def test_rejecting_every_revision_gives_the_parent_at_the_child_level(reviews, child):
    c, p, _d, _r, data = reviews[child]
    _root, body = review_body(data)
    rejected = flat("".join(R.revised_text(body, accept=False)))
    assert rejected == plan_text(p, localiser(p, c))
    # The level words really were replaced: the parent's own words are not what comes back.
    assert rejected != plan_text(p)


@pytest.mark.parametrize("child", ALL)
def test_every_finding_is_one_comment_and_every_comment_a_finding(reviews, child):
    _c, _p, d, review, data = reviews[child]
    package = zipfile.ZipFile(io.BytesIO(data))
    comments = etree.fromstring(package.read("word/comments.xml")).findall(qn("w:comment"))
    labels = {v: k for k, v in TYPE_LABELS.items()}
    seen = Counter(labels["".join(c.itertext()).split("：", 1)[0]] for c in comments)
    moved = len(review.layout.moved)
    assert seen["moved"] == moved
    assert seen - Counter({"moved": moved}) == json_findings(d)
    assert len(comments) == sum(json_findings(d).values()) + moved
    # Each comment is anchored: a range start, a range end and a reference in the text.
    root = etree.fromstring(package.read("word/document.xml"))
    ids = {c.get(qn("w:id")) for c in comments}
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        assert sorted(e.get(qn("w:id")) for e in root.iter(qn(tag))) == sorted(ids)
    assert {c.get(qn("w:author")) for c in comments} == {AUTHOR}


def test_findings_of_the_seed_pairs(reviews):
    """What the two real pairs hold: 梅州 drops three clauses (4.10 is kept in part, its dropped
    phrases found) and puts a date later; 开平 adds three
    tasks and keeps some clauses out of the province's order, each shown struck where the
    province had it with a comment naming the 开平 task the diff found it in."""
    assert json_findings(reviews["meizhou"][2])["clause_missing"] == 3
    assert json_findings(reviews["meizhou"][2])["deadline_later"] == 1
    _c, _p, diff, kaiping, _data = reviews["kaiping"]
    assert Counter(n.type for n in kaiping.notes)["extra_task"] == 3
    assert kaiping.layout.moved
    for p, task in kaiping.layout.moved:
        item = kaiping.layout.parent_items[p]
        assert diff.task(item.task).clauses[item.index].child_task == task
        assert all(s.op == -1 for q in kaiping.layout.paras for s in q.segments if s.parent == p)
        note = next(n for n in kaiping.notes if n.type == "moved" and n.parent_task == item.task
                    and n.clause == item.index)
        assert f"任务 {task}" in note.text


@pytest.mark.parametrize("child", [c for c, _ in PAIRS])
def test_every_revision_is_by_the_comparison_and_dated(reviews, child):
    data = reviews[child][4]
    root, _body = review_body(data)
    marks = [*root.iter(qn("w:ins")), *root.iter(qn("w:del"))]
    assert len(marks) > 20
    assert {m.get(qn("w:author")) for m in marks} == {AUTHOR}
    assert {m.get(qn("w:date")) for m in marks} == {"2024-03-01T00:00:00Z"}
    ids = [m.get(qn("w:id")) for m in marks]
    comment_ids = {e.get(qn("w:id")) for e in root.iter(qn("w:commentRangeStart"))}
    assert len(set(ids)) == len(ids) and not set(ids) & comment_ids
    # Deleted text is w:delText, never w:t; inserted text is w:t.
    assert all(m.find(".//w:t", W) is None for m in root.iter(qn("w:del")))
    assert all(m.find(".//w:delText", W) is None for m in root.iter(qn("w:ins")))


def test_a_missing_clause_stands_struck_where_the_parent_had_it(reviews):
    """广东 2.5's second clause (法律、行政法规…原则上由省级行政执法部门制定) is missing in 梅州: it is a
    deletion inside 梅州's task ⒌, between the clauses that surround it in the parent."""
    c, p, _d, review, _data = reviews["meizhou"]
    layout = review.layout
    k = review.parent_index[("2.5", "clause", 1)]
    para = next(q for q in layout.paras if any(s.parent == k for s in q.segments))
    assert all(s.op == -1 for s in para.segments if s.parent == k)
    owners = [s.child for s in para.segments if s.child is not None]
    assert {layout.child_items[i].task for i in owners} == {"2.5"}


def test_vocabulary_is_not_marked(reviews):
    """省司法厅 in the province is 市司法局 in the city: no deletion is followed by an insertion
    that is only its words put at the child's level."""
    c, p, _d, _r, data = reviews["meizhou"]
    local = localiser(p, c)
    root, _ = review_body(data)
    pairs = 0
    for para in root.iter(qn("w:p")):
        kids = [k for k in para if k.tag in (qn("w:ins"), qn("w:del"), qn("w:r"))]
        for a, b in zip(kids, kids[1:]):
            if a.tag == qn("w:del") and b.tag == qn("w:ins"):
                pairs += 1
                old, new = "".join(a.itertext()), "".join(b.itertext())
                assert local(old) != new, (old, new)
    assert pairs > 10
    # The province's own words do come back when its text is put at the city's level.
    assert "省司法厅" in plan_text(p) and "省司法厅" not in plan_text(p, local)


def test_two_runs_give_the_same_bytes(reviews):
    c, p, d, _r, data = reviews["kaiping"]
    assert redline_bytes(d, c, p, date=DATE) == data
    assert redline_bytes(d, c, p, date=dt.date(2024, 3, 2)) != data


def test_cover_names_both_plans_and_counts_by_type(reviews):
    c, p, d, review, data = reviews["kaiping"]
    root, _ = review_body(data)
    cover = "".join(root.find(qn("w:body")).itertext())
    from cascade.render.docx import format_date

    assert c.date and p.date
    for text in (c.title, p.title, c.doc_number, p.doc_number, "对照日期：2024年3月1日",
                 format_date(c.date), format_date(p.date)):
        assert text in cover
    counts = Counter(n.type for n in review.notes)
    assert f"{TYPE_LABELS['extra_task']}{counts['extra_task']}" in cover
    assert f"合计{len(review.notes)}" in cover


@pytest.mark.parametrize("child", [c for c, _ in PAIRS])
def test_parsing_the_review_reads_the_child_tasks(reviews, child, tmp_path):
    """Read with revisions accepted, the review document parses to the child plan's task ids."""
    from cascade.api import load_plan

    c, *_rest, data = reviews[child]
    path = tmp_path / "review.docx"
    path.write_bytes(data)
    plan = load_plan(path)
    assert [t.id for t in plan.tasks()] == [t.id for t in c.tasks()]
    assert [t.title for t in plan.tasks()] == [t.title for t in c.tasks()]


def test_page_setup_and_styles_are_the_rendered_plans(reviews):
    """A4, GB/T 9704 margins, the 22-line grid, odd/even page numbers, the plan's own styles."""
    from cascade.render import gbt9704 as G

    data = reviews["meizhou"][4]
    package = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(package.read("word/document.xml"))
    sectpr = root.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    size, margins = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    assert (int(size.get(qn("w:w"))), int(size.get(qn("w:h")))) == (G.PAGE_WIDTH, G.PAGE_HEIGHT)
    assert [int(margins.get(qn(f"w:{k}"))) for k in ("top", "bottom", "left", "right")] == [
        G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT]
    assert sectpr.find(qn("w:docGrid")).get(qn("w:linePitch")) == str(G.LINE_PITCH)
    footers = {f.get(qn("w:type")) for f in sectpr.findall(qn("w:footerReference"))}
    assert footers == {"default", "even"}
    assert b"evenAndOddHeaders" in package.read("word/settings.xml")
    used = {s.get(qn("w:val")) for s in root.iter(qn("w:pStyle"))}
    assert {"CascadePlanTitle", "CascadeHeading1", "CascadeHeading2"} <= used
    assert "CascadeTaskTitle" in {s.get(qn("w:val")) for s in root.iter(qn("w:rStyle"))}


def test_hostile_text_is_written_safely(seed_plans):
    """Markup characters and control characters in a plan (a hand-edited .plan.yaml) neither
    break nor truncate the document."""
    child = copy.deepcopy(seed_plans["meizhou"])
    parent = seed_plans["guangdong"]
    task = child.tasks()[0]
    task.text = task.text + "<w:t>&amp;</w:t>\x0b\x01「引号」"
    child.title += "&<>"
    data = redline_bytes(diff_plans(child, parent), child, parent, date=DATE)
    _root, body = review_body(data)
    accepted = "".join(R.revised_text(body, accept=True))
    assert "<w:t>&amp;</w:t>「引号」" in accepted and child.title in accepted
    assert "\x0b" not in accepted


def test_units_left_blank_are_one_comment(seed_plans):
    """diff@2 reports a child task naming no units as one units_changed finding: one comment."""
    import copy

    from cascade.compare import diff_plans
    from cascade.render.redline_findings import diff_notes

    child = copy.deepcopy(seed_plans["meizhou"])
    child.task("1.1").units = []
    notes = [n for n in diff_notes(diff_plans(child, seed_plans["guangdong"]))
             if n.parent_task == "1.1" and n.type.startswith("units")]
    assert [n.type for n in notes] == ["units_changed"]
