"""Deriving real plans: the bundled 梅县区 example, nested tasks, new sections, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade import model
from cascade.derive import derive, init_overrides, plan_id_for_overrides
from cascade.derive.clauses import split_clauses
from cascade.derive.dates import latest
from cascade.derive.overrides import read_overrides
from cascade.errors import OverridesError

EXAMPLE = Path(__file__).resolve().parents[2] / "plans" / "meixian-2024.overrides.yaml"


@pytest.fixture(scope="module")
def example():
    return derive(EXAMPLE)


def test_example_is_a_county_plan_linked_to_its_parent(example, seed_plans):
    parent = seed_plans["meizhou"]
    ov = read_overrides(EXAMPLE)
    assert example.id == "meixian-2024" == plan_id_for_overrides(EXAMPLE)
    assert (example.level, example.region, example.parent) == ("county", ov.region, parent.id)
    assert example.issuer == ov.issuer and example.notice.signer == ov.issuer
    inherited = [t.derived_from for t in example.tasks() if t.derived_from]
    assert inherited == [t.id for t in parent.tasks()]
    added = [t for t in example.tasks() if not t.derived_from]
    assert [t.title for t in added] == [n.title for n in ov.added]


def test_example_brings_dates_forward(example, seed_plans):
    parent = seed_plans["meizhou"]
    ov = read_overrides(EXAMPLE)
    moved = [e for e in ov.tasks.values() if e.deadlines]
    assert moved
    for edit in moved:
        child = next(t for t in example.tasks() if t.derived_from == edit.task)
        assert latest(child.text) < latest(parent.task(edit.task).text)
        assert all(m.new in child.text and m.old not in child.text for m in edit.deadlines)


def test_example_drops_a_clause_with_its_reason(example, seed_plans):
    ov = read_overrides(EXAMPLE)
    dropped = [(e.task, c) for e in ov.tasks.values() for c in e.clauses if c.drop]
    assert dropped and len(example.omitted) == len(dropped)
    for omission, (task_id, clause) in zip(example.omitted, dropped):
        assert omission.task == task_id and omission.reason == clause.reason
        assert omission.clause in seed_plans["meizhou"].task(task_id).text
        child = next(t for t in example.tasks() if t.derived_from == task_id)
        assert omission.clause not in child.text
        assert len(split_clauses(child.text)) == len(split_clauses(seed_plans["meizhou"].task(task_id).text)) - 1


def test_example_speaks_as_a_district(example):
    texts = [t.text for t in example.tasks()] + [u for t in example.tasks() for u in t.units]
    assert not any("市司法局" in x and "配合市司法局" not in x for x in texts)
    assert not any(u.startswith(("市", "各县")) for t in example.tasks() for u in t.units)
    assert "区司法局" in example.notice.body and example.notice.addressees.endswith("区直各有关单位")


def test_example_round_trips_through_yaml(example, tmp_path):
    out = tmp_path / "x.plan.yaml"
    derived = derive(EXAMPLE, out)
    assert model.load(out) == derived == example
    assert "&id" not in out.read_text("utf-8")  # dates are written out, not aliased


def _fill(path: Path, **blocks: str) -> Path:
    """Write each block under its top-level key (`tasks:`, `add:`, `sections:`) of an init file."""
    lines = path.read_text("utf-8").split("\n")
    for key, block in blocks.items():
        at = lines.index(f"{key}:") + 1
        lines[at:at] = block.rstrip("\n").split("\n")
    path.write_text("\n".join(lines), "utf-8")
    return path


def _nested_overrides(tmp_path, seed_paths, **blocks: str) -> Path:
    path = tmp_path / "county.overrides.yaml"
    init_overrides(seed_paths["suizhou"], level="county", region="某某区", output=path)
    return _fill(path, **blocks)


def test_nested_tasks_sections_and_section_local_numbering(tmp_path, seed_paths, seed_plans):
    parent = seed_plans["suizhou"]
    nested = next(t for t in parent.tasks() if len(t.children) >= 3)
    first, second = nested.children[0].id, nested.children[1].id
    last_section = parent.sections[-1].id
    child = derive(_nested_overrides(
        tmp_path, seed_paths,
        tasks=f'  "{second}":\n    drop: true\n    reason: 本区不设此项',
        add=(f'  - {{after: "{first}", title: 区级补充任务甲, text: 2024年6月底前完成。}}\n'
             f'  - {{section: "{parent.sections[0].id}", title: 区级补充任务乙}}'),
        sections=(f'  - after: "{last_section}"\n    title: 加强基层执法\n'
                  "    tasks:\n      - {title: 镇街执法规范化, text: 每季度开展一次评查。}"),
    ))
    kid = next(t for t in child.tasks() if t.derived_from == nested.id)
    assert [c.derived_from for c in kid.children] == [first, None] + [c.id for c in nested.children[2:]]
    assert [c.id for c in kid.children] == [f"{kid.id}.{k}" for k in range(1, len(kid.children) + 1)]
    assert [c.number for c in kid.children][:2] == [nested.children[0].number, "（2）"]
    assert child.sections[0].tasks[-1].title == "区级补充任务乙"
    assert child.sections[0].tasks[-1].id == f"1.{len(parent.sections[0].tasks) + 1}"
    assert [s.title for s in child.sections][-1] == "加强基层执法"
    assert child.sections[-1].number == "（六）" and child.sections[-1].tasks[0].id == "6.1"
    for section in child.sections:  # numbering restarts in each section, as in the parent
        assert [t.number for t in section.tasks] == [f"{k}." for k in range(1, len(section.tasks) + 1)]
    assert child.omitted[0].task == second and child.omitted[0].clause is None
    assert child.sections[0].tasks[-1].units == ["区司法局", "区各行政执法部门"]


def test_editing_inside_a_dropped_task_is_refused(tmp_path, seed_paths, seed_plans):
    nested = next(t for t in seed_plans["suizhou"].tasks() if t.children)
    path = _nested_overrides(tmp_path, seed_paths, tasks=(
        f'  "{nested.id}":\n    drop: true\n    reason: 不适用\n  "{nested.children[0].id}":\n    title: 改'))
    with pytest.raises(OverridesError, match="已删除的任务"):
        derive(path)


def test_measures_are_added_removed_and_relabelled(tmp_path, seed_paths, seed_plans):
    parent = seed_plans["kaiping"]
    task = next(t for t in parent.tasks() if len(t.measures) >= 3)
    path = tmp_path / "town.overrides.yaml"
    init_overrides(seed_paths["kaiping"], level="town", region="某某镇", output=path)
    _fill(path, tasks=(f'  "{task.id}":\n    measures:\n      remove: ["{task.measures[1].id}"]\n'
                       "      add:\n        - {text: 镇里每月自查一次, deadline: 长期推进}"))
    child = derive(path)
    kid = child.task(task.id)
    assert [m.text for m in kid.measures][-1] == "镇里每月自查一次"
    assert len(kid.measures) == len(task.measures)
    assert [m.id for m in kid.measures] == [f"{kid.id}.m{k}" for k in range(1, len(kid.measures) + 1)]
    labels = [m.label for m in child.measures()]
    assert labels == [f"({k})" for k in range(1, len(labels) + 1)]
    assert kid.measures[-1].deadlines[0].kind == "ongoing"


def test_unknown_measure_is_refused(tmp_path, seed_paths, seed_plans):
    task = next(t for t in seed_plans["kaiping"].tasks() if t.measures)
    path = tmp_path / "town.overrides.yaml"
    init_overrides(seed_paths["kaiping"], level="town", region="某某镇", output=path)
    _fill(path, tasks=f'  "{task.id}":\n    measures: {{remove: [x.m9]}}')
    with pytest.raises(OverridesError, match="没有措施“x.m9”"):
        derive(path)


def test_a_child_cannot_sit_above_its_parent(tmp_path, seed_paths):
    path = tmp_path / "up.overrides.yaml"
    init_overrides(seed_paths["meizhou"], level="province", region="某某省", output=path)
    with pytest.raises(OverridesError, match="高于上级"):
        derive(path)
