"""A plan of another subject (安全生产) and its softened city version: every change is found."""

from __future__ import annotations

from pathlib import Path

from cascade.compare import diff_plans
from cascade.levels import translate
from cascade.parse import parse_file

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "province-safety-2024.txt"
EDITS = [
    ("确保执法人员每年参加不少于40学时", "力争执法人员每年参加不少于30学时"),
    ("每年至少组织开展2次", "每年至少组织开展1次"),
    ("2025年底前实现持证上岗全覆盖", "2026年底前实现持证上岗基本覆盖"),
    ("，于二〇二四年六月底前建立隐患清单", "，建立隐患清单"),
]


def test_softened_city_copy_of_a_safety_plan(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    city = translate(text.replace("XX省", "XX市"), "province", "city")
    for old, new in EDITS:
        assert old in city
        city = city.replace(old, new)
    (tmp_path / "city.txt").write_text(city, encoding="utf-8")
    parent, child = parse_file(FIXTURE), parse_file(tmp_path / "city.txt")
    assert child.level == "city" and len(child.tasks()) == len(parent.tasks()) == 4
    diff = diff_plans(child, parent)
    assert {t.parent_task: t.child_tasks for t in diff.tasks} == {t.id: [t.id] for t in parent.tasks()}
    found = {(f.type, f.parent, f.child) for _, _, f in diff.all_findings()}
    assert found == {("duty_weakened", "确保", "力争"), ("duty_weakened", "全覆盖", "基本覆盖"),
                     ("target_lowered", "每年参加不少于40学时", "每年参加不少于30学时"),
                     ("target_lowered", "每年至少组织开展2次", "每年至少组织开展1次"),
                     ("deadline_later", "2025年底前", "2026年底前"),
                     ("deadline_dropped", "二〇二四年六月底前", None)}
    s = diff.summary
    assert (s.missing, s.missing_clauses, s.extra) == (0, 0, 0)
