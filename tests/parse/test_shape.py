"""The national shape: （一） items of several 一、 parts are the tasks; ids per part ordinal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.parse import parse_source
from cascade.sources import SourceText

CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def _plan(lines):
    return parse_source(SourceText(path="t.txt", lines=lines))


def _document(sizes: list[int], runs_on: bool, closing: str) -> list[str]:
    lines = ["某某省测试行动方案", "为推进工作，制定本方案。", "一、总体要求", "到2025年底，工作取得明显成效。"]
    n = 0
    for k, size in enumerate(sizes, start=2):
        lines.append(f"{_cn(k)}、推进第{k}方面工作")
        for j in range(1, size + 1):
            n = n + 1 if runs_on else j
            lines.append(f"（{_cn(n)}）开展第{n}项工作。认真抓好落实，2024年{j}月底前完成。（省司法厅负责）")
    lines.append(f"{_cn(len(sizes) + 2)}、{closing}")
    lines += ["（一）加强组织领导。各地要高度重视。", "（二）强化督促检查。定期通报进展。"]
    return lines


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), runs_on=st.booleans(),
       closing=st.sampled_from(["组织实施", "保障措施", "全力推动见效"]))
def test_items_of_task_parts_are_tasks_numbered_on_or_restarting(sizes, runs_on, closing):
    """A closing part named by a frame word always closes; one named otherwise (全力推动见效)
    closes because it restarts at （一） after numbering that ran on across the parts."""
    if closing == "全力推动见效" and not runs_on:
        return  # restarting everywhere: such a part is read as one more task part
    plan = _plan(_document(sizes, runs_on, closing))
    expected, n = [], 0
    for part, size in enumerate(sizes, start=1):
        for j in range(1, size + 1):
            n += 1
            expected.append(f"{part}.{n if runs_on else j}")
    assert [t.id for t in plan.tasks()] == expected
    assert [s.title for s in plan.sections] == [f"推进第{k}方面工作" for k in range(2, len(sizes) + 2)]
    assert all(t.units == ["省司法厅"] and len(t.deadlines) == 1 for t in plan.tasks())
    assert [p.title for p in plan.general] == ["总体要求"]
    assert [p.title for p in plan.closing] == [closing]


def test_sub_items_of_a_task_are_its_children():
    plan = _plan(["某某省测试行动方案", "一、总体要求", "做好工作。", "二、第一方面", "（一）甲任务。做甲。",
                  "（二）乙任务。做乙。", "1.乙一。做乙一。", "2.乙二。做乙二。", "三、第二方面", "（三）丙任务。做丙。"])
    assert [t.id for t in plan.tasks()] == ["1.1", "1.2", "1.2.1", "1.2.2", "2.3"]
    assert [c.title for c in plan.task("1.2").children] == ["乙一", "乙二"]


def test_one_task_part_with_numbered_tasks_keeps_its_shape():
    """（一） groups of 1. tasks under one 重点任务 part are sections, as in the bundled plans."""
    plan = _plan(["某某省测试行动方案", "一、总体要求", "做好工作。", "二、重点任务", "（一）第一组",
                  "1.甲任务。做甲。", "2.乙任务。做乙。", "（二）第二组", "3.丙任务。做丙。", "三、组织实施", "（一）加强领导。"])
    assert [t.id for t in plan.tasks()] == ["1.1", "1.2", "2.3"]
    assert plan.tasks_heading == "重点任务"
