"""The audit page on three levels: province matrix first, tables scroll inside their own box,
the gaps filter runs under the page's Content-Security-Policy, document text stays text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cascade.audit import audit
from cascade.derive import derive
from cascade.model import save
from cascade.render.matrix import audit_html, render_audit_html

EXAMPLE = Path(__file__).resolve().parents[2] / "plans" / "meixian-2024.overrides.yaml"
SCRIPT = "<script>document.body.setAttribute('data-pwned','yes')</script>"
TREE = """\
plans:
  meizhou-2023.txt: {parent: guangdong-2023.txt}
  county.plan.yaml: {parent: meizhou-2023.txt}
"""


@pytest.fixture(scope="module")
def three_levels(tmp_path_factory, seed_paths):
    """Province, city and a county derived from the city (its title carrying a script tag)."""
    folder = tmp_path_factory.mktemp("three")
    for name in ("guangdong", "meizhou"):
        shutil.copyfile(seed_paths[name], folder / seed_paths[name].name)
    county = derive(EXAMPLE)
    county.title += SCRIPT
    county.parent = None  # tree.yaml says who the parent is
    save(county, folder / "county.plan.yaml")
    (folder / "tree.yaml").write_text(TREE, encoding="utf-8")
    return audit(folder, jobs=1)


def test_matrices_start_at_the_top_level(three_levels):
    matrices = three_levels.matrices()
    assert [m.parent.level for m in matrices] == ["province", "city"]
    province, city = matrices
    assert [c.pair.view for c in province.columns] == ["direct", "through"]
    assert [c.pair.child for c in city.columns] == ["county.plan.yaml"]


def test_page_lists_every_matrix_and_scrolls_tables_in_their_own_box(three_levels):
    page = audit_html(three_levels)
    assert "Content-Security-Policy" in page and "sha256-" in page
    assert page.count("<script") == 1 and SCRIPT not in page
    assert "&lt;script&gt;document.body" in page
    anchors = re.findall(r'<a href="#(matrix-\d+)"', page)
    assert anchors == ["matrix-1", "matrix-2"]
    for anchor in anchors:
        assert f'id="{anchor}"' in page
    tables = re.findall(r"<div class=\"scroll\">\s*<table", page)
    assert len(tables) == 3  # two matrices and the pair table
    assert page.index('id="matrix-1"') < page.index('id="pairs-title"')


def test_chromium_runs_the_gaps_filter_and_never_the_plan_text(three_levels, tmp_path,
                                                              chromium_dom):
    page = render_audit_html(three_levels, tmp_path / "audit.html")
    dom = chromium_dom(page.as_uri() + "#gaps")
    body = dom.split("<body", 1)[1].split(">", 1)[0]
    assert "gaps-only" in body and "data-pwned" not in body
    assert "&lt;script&gt;document.body" in dom
    clean = re.findall(r'<tr class="clean">', dom)
    gaps = re.findall(r'<tr class="gap">', dom)
    assert clean and gaps  # both kinds exist; the filter hides the clean ones
