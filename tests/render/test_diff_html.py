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
    assert summary["missing_clauses"] >= 4 and summary["parent_tasks"] == 16
    # The injected script stayed text: visible in the DOM, never run.
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert 'data-status="partial"' in dom and "<del>" in dom


def test_gaps_filter_script_runs_under_the_page_policy(hostile_diff, tmp_path, chromium_dom):
    page = write_diff_html(hostile_diff, tmp_path / "diff.html")
    body = chromium_dom(page.as_uri() + "#gaps").split("<body", 1)[1].split(">", 1)[0]
    assert "gaps-only" in body  # the filter script ran (its CSP hash matches) and hid the rest
