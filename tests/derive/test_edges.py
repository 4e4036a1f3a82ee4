"""Overrides beyond one task: a whole section dropped, new tasks chained after new ones, clauses
named by a part or written twice, later dates allowed with a recorded reason, a .docx parent."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.compare import diff_plans
from cascade.derive import derive
from cascade.errors import OverridesError
from cascade.model import load


def _overrides(tmp_path, seed_paths, body: str, parent: str | None = None):
    """An overrides file for a county under the 梅州 plan with `body` appended."""
    path = tmp_path / "county-2024.overrides.yaml"
    path.write_text(f'parent: "{parent or seed_paths["meizhou"]}"\nmetadata:\n'
                    f'  region: "某某县"\n  level: county\n  date: 2024-03-01\n{body}',
                    encoding="utf-8")
    return path


def test_a_dropped_section_drops_each_task_with_its_reason(tmp_path, seed_paths, seed_plans):
    parent = seed_plans["meizhou"]
    section = parent.sections[4]
    reason = "本县统一使用上级平台，不单独部署"
    path = _overrides(tmp_path, seed_paths,
                      f'tasks:\n  "{section.id}": {{drop: true, reason: "{reason}"}}\n')
    child = derive(path)
    assert len(child.sections) == len(parent.sections) - 1
    assert section.title not in [s.title for s in child.sections]
    assert [o.task for o in child.omitted] == [t.id for t in section.tasks]
    diff = diff_plans(child, parent)
    assert [(t.parent_task, t.status, t.reason) for t in diff.tasks if t.status != "matched"] == [
        (t.id, "omitted", reason) for t in section.tasks]
    # Later sections move up one place; their tasks still name where they came from.
    last = child.sections[-1].tasks[-1]
    assert last.derived_from == parent.sections[-1].tasks[-1].id != last.id


def test_a_section_can_only_be_dropped_whole(tmp_path, seed_paths, seed_plans):
    sid = seed_plans["meizhou"].sections[1].id
    path = _overrides(tmp_path, seed_paths, f'tasks:\n  "{sid}":\n    title: 新标题\n')
    with pytest.raises(OverridesError) as err:
        derive(path)
    assert err.value.line == 7 and "分组只能整体删除" in str(err.value)


def test_new_tasks_chain_after_new_tasks_in_file_order(tmp_path, seed_paths):
    body = ('add:\n'
            '  - {after: "1.3", title: 甲任务, text: 开展甲工作。}\n'
            '  - {after: "1.3", title: 丙任务, text: 开展丙工作。}\n'
            '  - {after: 甲任务, title: 乙任务, text: 开展乙工作。}\n'
            '  - {after: 乙任务, title: 丁任务, text: 开展丁工作。}\n')
    child = derive(_overrides(tmp_path, seed_paths, body))
    first = child.sections[0].tasks
    assert [t.title for t in first[3:]] == ["甲任务", "乙任务", "丁任务", "丙任务"]
    assert [t.id for t in first] == [f"1.{k}" for k in range(1, 8)]
    assert child.sections[1].tasks[0].id == "2.8"  # numbered through, as the parent is


def test_a_clause_named_by_a_middle_part_and_a_later_date_needs_a_reason(tmp_path, seed_paths):
    edit = ('tasks:\n  "1.2":\n    clauses:\n'
            '      - clause: "本部门行政执法队伍的全员轮训"\n'
            '        replace: "于2024年12月底前完成全员轮训。"\n')
    with pytest.raises(OverridesError) as err:
        derive(_overrides(tmp_path, seed_paths, edit))
    assert err.value.line == 9 and "推后到 2024-12-31" in str(err.value)
    allowed = edit + '        allow_later: "新招录人员多，分两批轮训"\n'
    child = derive(_overrides(tmp_path, seed_paths, allowed))
    assert [(a.task, a.reason, a.parent, a.child) for a in child.allowed_later] == [
        ("1.2", "新招录人员多，分两批轮训", "2024-06-30", "2024-12-31")]


def test_an_allowed_later_deadline_reads_later_with_the_reason(tmp_path, seed_paths, seed_plans):
    body = ('tasks:\n  "3.7":\n    deadlines: {"2024年6月底前": "2024年9月底前"}\n'
            '    allow_later: "县政务服务系统9月完成升级"\n')
    out = tmp_path / "county.plan.yaml"
    derive(_overrides(tmp_path, seed_paths, body), out)
    child = load(out)  # the reason survives the plan file
    diff = diff_plans(child, seed_plans["meizhou"])
    issues = [(where, f.type, f.reason) for where, _, f in diff.all_findings()
              if f.type.startswith("deadline")]
    assert issues == [("3.7", "deadline_later", "县政务服务系统9月完成升级")]
    (entry,) = [t for t in diff.to_dict()["tasks"] if t["parent_task"] == "3.7"]
    (later,) = [f for c in entry["clauses"] for f in c["findings"] if f["type"] == "deadline_later"]
    assert later["reason"] == "县政务服务系统9月完成升级"
    assert not diff.findings("later")  # allowed on purpose: no later deadline to fail on


def test_a_clause_the_parent_repeats_is_dropped_everywhere(tmp_path, seed_paths):
    from cascade.api import load_plan
    from cascade.model import save

    parent = load_plan(seed_paths["meizhou"])
    task = parent.task("2.6")
    repeated = "加强执法行为规范教育。"
    task.text = repeated + task.text + repeated
    parent_path = tmp_path / "parent.plan.yaml"
    save(parent, parent_path)
    body = (f'tasks:\n  "2.6":\n    clauses:\n      - clause: "{repeated}"\n'
            '        drop: true\n        reason: "已在1.2中部署"\n')
    child = derive(_overrides(tmp_path, seed_paths, body, parent=parent_path.name))
    assert repeated not in child.task("2.6").text
    diff = diff_plans(child, parent)
    statuses = [c.status for c in diff.task("2.6").clauses if c.parent_clause == repeated]
    assert statuses == ["omitted", "omitted"] and diff.summary.missing_clauses == 0


def test_a_docx_parent_derives_and_diffs(tmp_path, seed_paths, seed_plans):
    docx = tmp_path / "meizhou.docx"
    result = CliRunner().invoke(main, ["render", str(seed_paths["meizhou"]), "--docx", str(docx)])
    assert result.exit_code == 0, result.output
    child = derive(_overrides(tmp_path, seed_paths, "", parent=docx.name))
    assert child.parent and len(child.tasks()) == len(seed_plans["meizhou"].tasks())
    diff = diff_plans(child, seed_plans["meizhou"])
    assert (diff.summary.missing, diff.summary.missing_clauses, diff.summary.extra) == (0, 0, 0)


def test_fail_on_later_ignores_a_later_date_allowed_with_a_reason(tmp_path, seed_paths):
    body = ('tasks:\n  "3.7":\n    deadlines: {"2024年6月底前": "2024年9月底前"}\n'
            '    allow_later: "县政务服务系统9月完成升级"\n')
    out = tmp_path / "county.plan.yaml"
    derive(_overrides(tmp_path, seed_paths, body), out)
    run = CliRunner().invoke(main, ["diff", str(out), str(seed_paths["meizhou"]), "--fail-on", "later"])
    assert run.exit_code == 0, run.output
    assert "下级说明：县政务服务系统9月完成升级" in run.output
    body = 'tasks:\n  "3.7":\n    text: "2024年9月底前完成事项认领。"\n    allow_later: ""\n'
    with pytest.raises(OverridesError) as err:  # an empty reason allows nothing
        derive(_overrides(tmp_path, seed_paths, body), out)
    assert "推后" in str(err.value) and err.value.line == 7
