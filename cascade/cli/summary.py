"""The short Chinese summary `cascade parse` prints about a parsed plan (CLI formatting)."""

from __future__ import annotations

from ..api import LEVEL_NAMES, Plan, Task


def distinct_units(plan: Plan) -> list[str]:
    """Every responsible unit named by a task or a measure, once each, in order of appearance."""
    seen: dict[str, None] = {}
    for task in plan.tasks():
        for unit in task.units:
            seen.setdefault(unit, None)
        for measure in task.ledger_measures:
            for unit in measure.units:
                seen.setdefault(unit, None)
    return list(seen)


def distinct_implementers(plan: Plan) -> list[str]:
    """Implementers added by standing rules (以下任务均需…落实), once each."""
    return list(dict.fromkeys(i for task in plan.tasks() for i in task.implementers))


def deadline_phrases(plan: Plan) -> int:
    """How many deadline phrases the tasks and measures hold, all kinds together."""
    return sum(len(t.deadlines) + sum(len(m.deadlines) for m in t.ledger_measures) for t in plan.tasks())


def _line(label: str, value: str) -> str:
    return f"{label}：{value}" if value else f"{label}：（未识别）"


def plan_summary(plan: Plan) -> str:
    """Title, 文号, level, counts of sections/tasks/measures/units/deadlines, and warnings."""
    tasks = plan.tasks()
    leaves = plan.leaf_tasks()
    measures = plan.measures()
    split = len(measures) - len(plan.ledger_measures())
    units = distinct_units(plan)
    implementers = distinct_implementers(plan)
    dated = [t for t in leaves if t.has_deadline or _ancestor_dated(plan, t)]
    level = LEVEL_NAMES.get(plan.level, plan.level)
    lines = [
        _line("方案", plan.title),
        _line("文号", plan.doc_number),
        _line("发文机关", plan.issuer),
        _line("日期", plan.date.isoformat() if plan.date else ""),
        f"层级：{level}",
        f"结构：{len(plan.sections)} 个任务板块，{len(plan.top_tasks())} 项任务，"
        f"末级任务 {len(leaves)} 项（含嵌套在内共 {len(tasks)} 项），措施 {len(measures)} 条"
        + ("" if not split else "（无附件台账，按句拆分）" if split == len(measures)
           else f"（其中按句拆分 {split} 条）"),
        f"责任单位：{len(units)} 个不同单位"
        + (f"；另有统一落实单位 {len(implementers)} 个（{'、'.join(implementers)}）"
           if implementers else ""),
        f"完成时限：{len(dated)}/{len(leaves)} 项末级任务写明了时限，共 {deadline_phrases(plan)} 处",
    ]
    if plan.warnings:
        lines.append(f"警告 {len(plan.warnings)} 条：")
        for warning in plan.warnings:
            where = f"第{warning.line}行：" if warning.line else ""
            lines.append(f"  {where}{warning.message}")
    else:
        lines.append("警告：无")
    return "\n".join(lines)


def _ancestor_dated(plan: Plan, task: Task) -> bool:
    return any(a.has_deadline for a in plan.ancestors(task))
