"""audit(): plans and parents found in a folder, pairs diffed, three levels, tree.yaml errors."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.audit import audit
from cascade.audit.tree import TreeEntry, ancestors, link_parents
from cascade.compare import diff_plans
from cascade.compare.clauses import split_clauses
from cascade.errors import InputError
from cascade.model import Omission, save

TREE = """\
# 各方案的上级方案
plans:
  meizhou-2023.txt: {parent: guangdong-2023.txt}
  kaiping-2024.txt:
    parent: guangdong-2023.txt
  suizhou-2024.txt: {parent: null}
"""


def _folder(tmp_path: Path, seed_paths, names=("guangdong", "meizhou", "kaiping", "suizhou")):
    for name in names:
        shutil.copyfile(seed_paths[name], tmp_path / seed_paths[name].name)
    return tmp_path


def _county(meizhou, drop: str):
    """A county plan derived from the city plan's Plan object, with task `drop` left out."""
    county = copy.deepcopy(meizhou)
    county.id, county.level, county.region = "county-x", "county", "某某县"
    county.title = county.title.replace(meizhou.region, "某某县")
    for section in county.sections:
        section.tasks = [t for t in section.tasks if t.id != drop]
    return county


@pytest.fixture(scope="module")
def four(tmp_path_factory, seed_paths):
    """The audit of the four bundled sources with the documented tree.yaml (two pairs)."""
    folder = _folder(tmp_path_factory.mktemp("four"), seed_paths)
    (folder / "tree.yaml").write_text(TREE, encoding="utf-8")
    return audit(folder, jobs=1)


def test_four_sources_pair_each_child_with_its_tree_yaml_parent(four):
    assert [p.key for p in four.plans] == [
        "guangdong-2023.txt", "kaiping-2024.txt", "meizhou-2023.txt", "suizhou-2024.txt"]
    assert [(x.child, x.parent, x.view) for x in four.pairs] == [
        ("kaiping-2024.txt", "guangdong-2023.txt", "direct"),
        ("meizhou-2023.txt", "guangdong-2023.txt", "direct"),
    ]
    assert four.plan("meizhou-2023.txt").parent_from == "tree.yaml"
    assert four.plan("suizhou-2024.txt").parent is None


def test_matrix_rows_are_the_province_tasks_and_cells_agree_with_diff(four, seed_plans):
    (matrix,) = four.matrices()
    province = seed_plans["guangdong"]
    assert [tid for tid, _ in matrix.rows] == [t.id for t in province.tasks()]
    assert len(matrix.rows) == 16
    assert [c.pair.child for c in matrix.columns] == ["kaiping-2024.txt", "meizhou-2023.txt"]
    for col, name in enumerate(("kaiping", "meizhou")):
        diff = diff_plans(seed_plans[name], province)
        for (tid, title), row in zip(matrix.rows, matrix.cells):
            expected = diff.task(tid)
            assert title == province.task(tid).title
            assert row[col].status == expected.status
            missing = [c.parent_clause for c in expected.clauses if c.status == "missing"]
            assert row[col].missing_clauses == missing
        assert four.pairs[col].summary == diff.summary.to_dict()


def test_city_missing_clauses_reach_the_matrix(four):
    meizhou = next(x for x in four.pairs if x.child == "meizhou-2023.txt")
    assert meizhou.findings()["missing_clauses"] >= 2
    assert four.has_findings("missing")
    cell = next(c for c in meizhou.cells if c.parent_task == "3.8")
    assert any("至少进行一次评估" in clause for clause in cell.missing_clauses)
    # 4.10 keeps part of its first sentence: modified, the rest counted as dropped phrases.
    cell = next(c for c in meizhou.cells if c.parent_task == "4.10")
    assert cell.findings.get("phrase_dropped", 0) >= 1


def test_three_levels_add_the_county_through_its_city(tmp_path, seed_paths, seed_plans):
    folder = _folder(tmp_path, seed_paths, ("guangdong", "meizhou"))
    dropped = "3.8"
    county = _county(seed_plans["meizhou"], dropped)
    county.parent = "meizhou-2023.txt"  # a plan file names its parent itself
    save(county, folder / "counties" / "county-x.plan.json")
    (folder / "tree.yaml").write_text("plans:\n  meizhou-2023.txt: guangdong-2023.txt\n", "utf-8")
    result = audit(folder, jobs=2)
    got = [(x.child, x.parent, x.view, x.via) for x in result.pairs]
    assert got == [
        ("counties/county-x.plan.json", "meizhou-2023.txt", "direct", []),
        ("counties/county-x.plan.json", "guangdong-2023.txt", "through", ["meizhou-2023.txt"]),
        ("meizhou-2023.txt", "guangdong-2023.txt", "direct", []),
    ]
    assert result.plan("counties/county-x.plan.json").parent_from == "plan"
    province = next(m for m in result.matrices() if m.parent.key == "guangdong-2023.txt")
    assert [c.label for c in province.columns] == ["梅州市", "某某县（经梅州市）"]
    assert any(line.startswith("某某县 ← 广东省（经梅州市）：") for line in result.summary_lines())
    row = province.cells[[tid for tid, _ in province.rows].index(dropped)]
    assert row[0].status != "missing" and row[1].status == "missing"
    city = next(m for m in result.matrices() if m.parent.key == "meizhou-2023.txt")
    statuses = {tid: row[0].status for (tid, _), row in zip(city.rows, city.cells)}
    assert statuses[dropped] == "missing"
    assert [t for t, s in statuses.items() if s == "missing"] == [dropped]


def test_an_omission_with_a_reason_reads_omitted_in_both_views(tmp_path, seed_paths, seed_plans):
    folder = _folder(tmp_path, seed_paths, ("guangdong", "meizhou"))
    county = _county(seed_plans["meizhou"], "3.8")
    county.omitted = [Omission(task="3.8", reason="本县未向乡镇下放执法权")]
    save(county, folder / "county-x.plan.json")  # no parent field: tree.yaml names both
    (folder / "tree.yaml").write_text(
        "plans:\n  meizhou-2023.txt: guangdong-2023.txt\n  county-x.plan.json: meizhou-2023.txt\n",
        "utf-8")
    result = audit(folder, jobs=1)
    direct, through = (x for x in result.pairs if x.child == "county-x.plan.json")
    assert (direct.view, through.view) == ("direct", "through")
    cell = next(c for c in direct.cells if c.parent_task == "3.8")
    assert (cell.status, cell.reason) == ("omitted", "本县未向乡镇下放执法权")
    cell = next(c for c in through.cells if c.parent_task == "3.8")
    assert (cell.status, cell.reason) == ("omitted", "某某县：本县未向乡镇下放执法权")
    assert cell.missing_clauses == [] and "missing" not in cell.clauses
    assert through.summary["omitted"] == 1
    assert through.summary["missing"] == sum(c.status == "missing" for c in through.cells)


@pytest.mark.parametrize("recorded", [True, False])
def test_a_clause_dropped_by_the_county_reads_omitted_through_the_city_only_with_a_reason(
    tmp_path, seed_paths, seed_plans, recorded
):
    folder = _folder(tmp_path, seed_paths, ("guangdong", "meizhou"))
    county = _county(seed_plans["meizhou"], drop="")
    task = county.task("1.2")
    clause = next(c for c in split_clauses(task.text) if c.startswith("鼓励通过线上线下"))
    task.text = task.text.replace(clause, "")
    if recorded:
        county.omitted = [Omission(task="1.2", clause="鼓励通过线上线下", reason="本县集中面授")]
    county.parent = "meizhou-2023"
    save(county, folder / "county-x.plan.json")
    (folder / "tree.yaml").write_text("plans:\n  meizhou-2023.txt: guangdong-2023.txt\n", "utf-8")
    result = audit(folder, jobs=1)
    through = next(x for x in result.pairs if x.view == "through")
    cell = through.cell("1.2")
    province_clause = next(c for c in split_clauses(seed_plans["guangdong"].task("1.2").text)
                           if c.startswith("鼓励通过线上线下"))
    assert (province_clause in cell.missing_clauses) is not recorded
    assert cell.clauses.get("omitted", 0) == int(recorded)
    city = next(x for x in result.pairs if x.child == "meizhou-2023.txt").cell("1.2")
    assert city.status == "matched"
    assert cell.status == ("matched" if recorded else "partial")
    assert through.summary["missing_clauses"] == sum(len(c.missing_clauses) for c in through.cells)


def test_parent_field_by_id_and_outside_the_folder(tmp_path, seed_plans):
    province, city = copy.deepcopy(seed_plans["guangdong"]), copy.deepcopy(seed_plans["meizhou"])
    save(province, tmp_path / "p.plan.yaml")
    city.parent = province.id
    save(city, tmp_path / "c.plan.json")
    orphan = copy.deepcopy(seed_plans["suizhou"])
    orphan.parent = "hubei-2024"
    save(orphan, tmp_path / "o.plan.json")
    result = audit(tmp_path, jobs=1)
    assert [(x.child, x.parent) for x in result.pairs] == [("c.plan.json", "p.plan.yaml")]
    assert any("o.plan.json" in w and "hubei-2024" in w for w in result.warnings)


def test_tree_yaml_wins_over_the_plan_parent_field(tmp_path, seed_plans):
    city = copy.deepcopy(seed_plans["meizhou"])
    city.parent = "nowhere"
    save(seed_plans["guangdong"], tmp_path / "p.plan.json")
    save(city, tmp_path / "c.plan.json")
    (tmp_path / "tree.yaml").write_text("plans:\n  c.plan.json: p.plan.json\n", "utf-8")
    result = audit(tmp_path, jobs=1)
    assert [(x.child, x.parent) for x in result.pairs] == [("c.plan.json", "p.plan.json")]
    assert result.warnings == []


def test_a_text_file_that_is_no_plan_is_skipped_with_a_warning(tmp_path, seed_paths):
    _folder(tmp_path, seed_paths, ("suizhou",))
    (tmp_path / "说明.txt").write_text("这里放各地的方案。\n", encoding="utf-8")
    result = audit(tmp_path, jobs=1)
    assert [p.key for p in result.plans] == ["suizhou-2024.txt"]
    assert len(result.warnings) == 1 and "说明.txt" in result.warnings[0]


@pytest.mark.parametrize(
    ("tree", "line", "words"),
    [
        ("plans:\n  a.txt: b.txt\n  b.txt: a.txt\n", 2, ["成环", "a.txt → b.txt → a.txt"]),
        ("plans:\n  a.txt: {parent: a.txt}\n", 2, ["成环"]),
        ("plans:\n  a.txt: b.txt\n  c.txt: {parent: bb.txt}\n", 3, ["bb.txt", "是不是“b.txt”"]),
        ("plans:\n  x.txt: b.txt\n", 2, ["找不到方案“x.txt”"]),
        ("plans:\n  a.txt: b.txt\n  a.txt: null\n", 3, ["重复"]),
        ("plans:\n  a.txt: {parnet: b.txt}\n", 2, ["parnet"]),
        ("plans:\n  a.txt: b.txt\n  a: null\n", 3, ["第2行", "同一份方案“a.txt”"]),
        ("plan:\n  a.txt: b.txt\n", 1, ["plans"]),
        ("plans: [a.txt]\n", 1, ["映射"]),
        ("plans:\n  a.txt: [b.txt\n", 3, ["YAML"]),
    ],
)
def test_bad_tree_yaml_names_file_and_line(tmp_path, seed_paths, tree, line, words):
    for name in ("a", "b", "c"):
        shutil.copyfile(seed_paths["meizhou"], tmp_path / f"{name}.txt")
    (tmp_path / "tree.yaml").write_text(tree, encoding="utf-8")
    with pytest.raises(InputError) as info:
        audit(tmp_path, jobs=1)
    assert info.value.path == str(tmp_path / "tree.yaml")
    assert info.value.line == line
    for word in words:
        assert word in str(info.value)


def test_a_cycle_through_plan_parent_fields_names_the_plan(tmp_path, seed_plans):
    for name, parent in (("a", "b"), ("b", "a")):
        plan = copy.deepcopy(seed_plans["meizhou"])
        plan.id, plan.parent = name, parent
        save(plan, tmp_path / f"{name}.plan.json")
    with pytest.raises(InputError, match="成环") as info:
        audit(tmp_path, jobs=1)
    assert info.value.path == str(tmp_path / "a.plan.json")


def test_empty_or_missing_folder_is_bad_input(tmp_path):
    with pytest.raises(InputError, match="没有找到方案"):
        audit(tmp_path)
    with pytest.raises(InputError, match="不是一个存在的文件夹"):
        audit(tmp_path / "nope")
    with pytest.raises(InputError, match="至少为 1"):
        audit(tmp_path, jobs=0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_plan_file_is_reported_and_the_others_audited(tmp_path, seed_paths, jobs):
    _folder(tmp_path, seed_paths, ("guangdong", "meizhou"))
    (tmp_path / "bad.plan.yaml").write_text("sections: [\n", encoding="utf-8")
    (tmp_path / "bomb.plan.yaml").write_text(
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nsections: []\n", encoding="utf-8")
    (tmp_path / "tree.yaml").write_text(
        "plans:\n  meizhou-2023.txt: guangdong-2023.txt\n  bomb.plan.yaml: guangdong-2023.txt\n", "utf-8")
    result = audit(tmp_path, jobs=jobs)
    assert [p.key for p in result.plans] == ["guangdong-2023.txt", "meizhou-2023.txt"]
    assert [(p.child, p.parent) for p in result.pairs] == [("meizhou-2023.txt", "guangdong-2023.txt")]
    unread = [w for w in result.warnings if "无法读取" in w]
    assert [w.split("：")[0] for w in unread] == ["bad.plan.yaml", "bomb.plan.yaml"]
    assert "第3行" in unread[1]


def test_progress_reports_both_stages_to_their_totals(tmp_path, seed_paths):
    _folder(tmp_path, seed_paths, ("guangdong", "meizhou"))
    (tmp_path / "tree.yaml").write_text("plans:\n  meizhou-2023.txt: guangdong-2023.txt\n", "utf-8")
    calls = []
    audit(tmp_path, jobs=1, progress=lambda *a: calls.append(a))
    assert calls == [("load", 0, 2), ("load", 1, 2), ("load", 2, 2), ("diff", 0, 1), ("diff", 1, 1)]


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30), st.data())
@settings(max_examples=60, deadline=None)
def test_tree_links_follow_any_forest_and_refuse_any_cycle(picks, data):
    """Plan i names plan picks[i] % i as parent (a forest); one edge turned back makes a cycle."""
    keys = [f"p{i:02d}.txt" for i in range(len(picks))]
    parents = [None] + [keys[p % i] if p % 3 else None for i, p in enumerate(picks) if i]
    entries = [TreeEntry(k, p, i + 2, i + 2) for i, (k, p) in enumerate(zip(keys, parents))]
    folder = Path("/nonexistent-audit-folder")
    links = link_parents(folder, keys, {k: k[:-4] for k in keys}, {}, entries)
    for i, key in enumerate(keys):
        chain, node = [], parents[i]
        while node is not None:
            chain.append(node)
            node = parents[keys.index(node)]
        assert ancestors(links, key) == chain
    rooted = [i for i, p in enumerate(parents) if p is not None]
    if rooted:
        i = data.draw(st.sampled_from(rooted))
        top = ancestors(links, keys[i])[-1]
        entries[keys.index(top)] = TreeEntry(top, keys[i], keys.index(top) + 2, 0)
        with pytest.raises(InputError, match="成环"):
            link_parents(folder, keys, {k: k[:-4] for k in keys}, {}, entries)


def test_parent_written_as_a_path_from_elsewhere_is_found_by_file_name(tmp_path, seed_plans):
    save(seed_plans["guangdong"], tmp_path / "sources" / "province.plan.yaml")
    city = copy.deepcopy(seed_plans["meizhou"])
    city.parent = "plans/sources/province.plan.yaml"
    save(city, tmp_path / "city.plan.yaml")
    result = audit(tmp_path, jobs=1)
    assert [(x.child, x.parent) for x in result.pairs] == [
        ("city.plan.yaml", "sources/province.plan.yaml")]
