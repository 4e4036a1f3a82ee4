"""The diff HTML page: self-contained, summary first, escaped text; checked in headless Chromium."""

from __future__ import annotations

import copy
import re

import pytest

from cascade.compare import diff_plans
from cascade.render.html import render_diff_html, write_diff_html

SCRIPT = "<script>document.body.setAttribute('data-pwned','yes')</script>"


@pytest.fixture(scope="module")
def hostile_diff(seed_plans):
    """梅州 against 广东, with `<script>` in a parent clause the child dropped and in a title."""
    parent = copy.deepcopy(seed_plans["guangdong"])
    task = parent.task("4.10")
    task.text = task.text.replace("推动及时修订", SCRIPT + "推动及时修订", 1)
    parent.task("1.1").title += "<b>粗体</b>"
    return diff_plans(seed_plans["meizhou"], parent)


def test_page_is_self_contained_and_escapes_document_text(hostile_diff):
    page = render_diff_html(hostile_diff)
    assert SCRIPT not in page and "&lt;script&gt;document.body.setAttribute" in page
    assert "<b>粗体</b>" not in page and "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert page.count("<script") == 1  # the filter script only
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "Content-Security-Policy" in page and "sha256-" in page
    for task in hostile_diff.tasks:
        assert f'id="task-{task.parent_task}"' in page


def test_chromium_shows_summary_figures_and_script_as_text(hostile_diff, tmp_path, chromium_dom):
    page = write_diff_html(hostile_diff, tmp_path / "diff.html")
    dom = chromium_dom(page.as_uri())
    summary = hostile_diff.summary.to_dict()
    for key in ("parent_tasks", "matched", "partial", "missing", "missing_clauses"):
        value = re.search(rf'id="sum-{key}">(\d+)<', dom)
        assert value and int(value.group(1)) == summary[key], key
    for key in ("deadline_later", "deadline_dropped"):
        value = re.search(rf'id="sum-{key}">(\d+)<', dom)
        assert value and int(value.group(1)) == summary["findings"].get(key, 0), key
    assert summary["missing_clauses"] >= 3 and summary["parent_tasks"] == 16
    # The injected script stayed text: visible in the DOM, never run.
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert 'data-status="partial"' in dom and "<del>" in dom


def test_gaps_filter_script_runs_under_the_page_policy(hostile_diff, tmp_path, chromium_dom):
    page = write_diff_html(hostile_diff, tmp_path / "diff.html")
    body = chromium_dom(page.as_uri() + "#gaps").split("<body", 1)[1].split(">", 1)[0]
    assert "gaps-only" in body  # the filter script ran (its CSP hash matches) and hid the rest


def test_page_opens_with_the_finding_list_linking_to_each_clause(seed_plans):
    diff = diff_plans(seed_plans["meizhou"], seed_plans["guangdong"])
    page = render_diff_html(diff)
    listed = page.index('id="findings"')
    assert listed < page.index('id="tasks"')
    links = re.findall(r'<li data-type="([a-z_]+)">.*?<a href="#(c-[\w-]+)">', page[listed:])
    assert len(links) == sum(diff.summary.findings.values()) > 0
    for _kind, anchor in links:
        assert f'id="{anchor}"' in page
        assert f'class="modified has-findings" id="{anchor}"' in page  # shown under 只看问题
    assert ("scope_narrowed", "c-4-11-2") in links  # 梅州 4.11: 县级以上 → 县级
    # 只看问题 hides covered clauses only; a clause with a finding is never covered.
    assert not re.search(r'class="covered has-findings"', page)


def test_a_plan_against_itself_rewrapped_and_rewidthed_shows_no_redline(seed_plans):
    plan = seed_plans["guangdong"]
    child = copy.deepcopy(plan)
    wide = str.maketrans({"，": ",", "；": ";", "（": "(", "）": ")", "：": ":"})
    for task in child.tasks():
        text = task.text.translate(wide)
        task.text = "\n".join(text[k:k + 19] for k in range(0, len(text), 19))
    diff = diff_plans(child, plan)
    assert diff.summary.findings == {} and diff.summary.modified_clauses == 0
    page = render_diff_html(diff)
    assert "<del>" not in page and "<ins>" not in page and "未发现问题" in page
