"""Where overrides act beyond one task: a whole section dropped, new tasks chained after new ones."""

from __future__ import annotations

from ..model import Plan
from .overrides import NewTask, Overrides, TaskEdit


def expand_section_drops(parent: Plan, ov: Overrides) -> None:
    """`tasks: {"5": {drop: true, reason: …}}` naming a section drops each of its tasks."""
    task_ids = {t.id for t in parent.tasks()}
    for key, edit in list(ov.tasks.items()):
        section = next((s for s in parent.sections if s.id == key), None)
        if section is None or key in task_ids:
            continue
        if not edit.drop or any((edit.title, edit.text, edit.append, edit.units, edit.deadlines,
                                 edit.add_measures, edit.remove_measures, edit.clauses)):
            raise ov.fail(f"“{key}”是分组编号（{section.title}）：分组只能整体删除（drop: true 并写明"
                          "reason），修改请写其中的任务编号。", edit.line)
        del ov.tasks[key]
        for task in section.tasks:
            if task.id in ov.tasks:
                raise ov.fail(f"分组 {key} 已整体删除，其中的任务 {task.id} 不能再修改。",
                              ov.tasks[task.id].line)
            ov.tasks[task.id] = TaskEdit(task=task.id, line=edit.line, drop=True, reason=edit.reason)


def chained_place(new: NewTask, added: list[NewTask], after: dict, at_end: dict):
    """(list, index) placing `new` right after an earlier new task whose title its `after`
    names (and after those already chained to it), or None when `after` is not such a title."""
    anchor = next((n for n in added if n is not new and n.title == new.after), None)
    if anchor is None or added.index(anchor) > added.index(new):
        return None
    lists = list(after.values()) + list(at_end.values())
    home = next((lst for lst in lists if any(n is anchor for n in lst)), None)
    if home is None:
        return None
    pos = next(i for i, n in enumerate(home) if n is anchor) + 1
    chain = {anchor.title}
    while pos < len(home) and home[pos].after in chain:
        chain.add(home[pos].title)
        pos += 1
    return home, pos
