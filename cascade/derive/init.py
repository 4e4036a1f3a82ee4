"""`cascade init`: write a commented overrides file to start a child plan from its parent."""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

from .. import levels
from ..errors import InputError
from ..fsutil import atomic_write_text
from ..levels import LEVEL_ORDER as LEVELS
from ..model import Plan
from .vocab import Vocabulary, default_vocabulary

_HEADER = """\
# 下级方案覆盖文件（由 cascade init 生成）
#
# 只写本级与上级方案不同的地方，然后运行：
#   cascade derive {name} -o {plan_name}
# 没有提到的任务原样继承：自动换成本级用语，并用 derived_from 记下上级任务编号。
# 删除任务或条款必须写明理由（reason）；时限晚于上级的，必须写 allow_later: 理由。
# 《》内的标题、文号、引号内的名称、系统和平台名称，以及 protect 中的词句不做替换。
"""

_TASK_HELP = """\
# 逐项修改上级任务：键为上级任务编号，只写要改的字段。可用字段：
#   title: 新标题                    text: 整段替换正文          append: 在正文后追加
#   units: [责任单位, …]             deadlines: {{上级时限原文: 本级时限}}
#   allow_later: 时限推后的理由       drop: true 加 reason: 理由（整项不适用本级）
#   clauses:                         （条款 = 正文中以“。”或“；”结束的一句；写全文、开头或其中
#                                      只此一处的一段文字；replace 替换整条条款）
#     - {{clause: 条款开头, drop: true, reason: 理由}}
#     - {{clause: 条款开头, replace: 新条款}}
#   measures: {{add: [{{text: 措施, units: [单位], deadline: 时限}}], remove: [上级措施编号]}}
# 例：
#   "{example}":
#     deadlines: {{{deadline}: …}}
#     clauses:
#       - {{clause: …, drop: true, reason: 本级不涉及}}
#
# 整个分组不适用本级时，写分组编号：  "5": {{drop: true, reason: 理由}}
#
# 上级任务一览（取消需要修改的那一行的注释，在其下缩进填写）：
"""

_ADD_HELP = """\
# 新增本级任务：插在某项上级任务之后（after: 上级任务编号），或放在某个分组末尾（section: 分组编号）；
# 也可插在上面已写的新增任务之后（after: 那项新增任务的标题）；编号自动顺延，未写 units 时使用
# default_units。例：
#   - after: "{example}"
#     title: 新任务标题
#     text: 正文……于{year}年6月底前完成。
#     units: [{unit}]
"""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(value) -> str:
    """A YAML flow value for an edit: quoted text, true/false, [list] or {mapping}."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return _q(str(value))


def _fields(fields: dict, indent: str) -> list[str]:
    """One `key: value` line per edited field."""
    return [f"{indent}{key}: {_flow(value)}" for key, value in fields.items()]


def overrides_text(parent: Plan, parent_ref: str, *, level: str, region: str, issuer: str,
                   date: _dt.date, name: str, edits: dict | None = None) -> str:
    """The commented YAML of a fresh overrides file for `parent`.

    `edits` fills it in instead of leaving every line commented: `metadata` (field → text),
    `protect` (words), `tasks` (parent task id → fields such as drop/reason/deadlines/units/text)
    and `add` (new tasks, each with after/title/text/units).
    """
    edits = edits or {}
    meta = {key: _q(str(v)) for key, v in (edits.get("metadata") or {}).items()}
    vocab = default_vocabulary(parent, level, region)
    title = Vocabulary(vocab).apply(parent.title)
    units = levels.default_units(level, region)
    tasks = parent.tasks()
    example = next((t for t in tasks if t.deadlines), tasks[0] if tasks else None)
    stem = name.split(".")[0]
    out = [_HEADER.format(name=name, plan_name=f"{stem}.plan.yaml"), ""]
    out += ["# 上级方案（相对于本文件的路径）", f"parent: {_q(parent_ref)}", ""]
    out += [
        "# 本级方案的基本信息",
        "metadata:",
        f"  title: {meta.get('title', _q(title))}",
        f"  region: {_q(region)}",
        f"  level: {level}            # {' / '.join(LEVELS)}",
        f"  issuer: {meta.get('issuer', _q(issuer))}",
        f"  doc_number: {meta.get('doc_number', _q(f'〔{date.year}〕　号'))}   # 文号，定稿时填写",
        f"  date: {meta.get('date', date.isoformat())}       # 成文日期，YYYY-MM-DD",
        "",
        f"# 用语替换：上级用语（{levels.LEVEL_NAMES.get(parent.level, parent.level)}） → 本级用语，"
        "可修改、删除或补充",
        "vocabulary:" if vocab else "vocabulary: {}",
    ]
    out += [f"  {_q(k)}: {_q(v)}" for k, v in vocab.items()]
    protect = [f"  - {_q(word)}" for word in edits.get("protect") or ()] or ["#  - \"…\""]
    out += ["", "# 不做替换的词句（例如 \"按照省政府\"），每行一条", "protect:", *protect, ""]
    out += ["# 新增任务未写责任单位时使用的默认责任单位",
            f"default_units: [{', '.join(_q(u) for u in units)}]", ""]
    out += ["# 替换前言、总体要求、组织实施（不写则沿用上级内容并替换用语）：",
            "# preamble: \"为……，结合本地实际，制定本方案。\"",
            "# general:", "#   - title: \"总体要求\"", "#     paragraphs: [\"……\"]",
            "# closing:", "#   - title: \"组织实施\"", "#     paragraphs: [\"……\"]", ""]
    if example is not None:
        deadline = example.deadlines[0].text if example.deadlines else f"{date.year}年底前"
        out.append(_TASK_HELP.format(example=example.id, deadline=_q(deadline)).rstrip("\n"))
    out.append("tasks:")
    for task in tasks:
        indent = "  " * task.id.count(".")
        when = "、".join(d.text for d in task.deadlines)
        note = f"{task.title}（时限：{when}）" if when else task.title
        fields = (edits.get("tasks") or {}).get(task.id)
        if fields:
            out.append(f"  {_q(task.id)}:{indent} # {note}")
            out += _fields(fields, "    ")
        else:
            out.append(f"  # {_q(task.id)}:{indent} # {note}")
    out += ["", _ADD_HELP.format(example=example.id if example else "1.1", year=date.year,
                                 unit=units[0] if units else "").rstrip("\n"), "add:"]
    for new in edits.get("add") or ():
        lines = _fields(new, "    ")
        out += [f"  - {lines[0].lstrip()}", *lines[1:]] if lines else []
    out.append("")
    out += ["# 新增重点任务分组：插在某个上级分组之后（after: 分组编号），不写 after 则放在最后。例：",
            "#   - after: \"2\"", "#     title: 新分组标题",
            "#     tasks:", "#       - {title: 任务标题, text: 正文……}", "sections:", ""]
    return "\n".join(out)


def _reference(target: Path, folder: Path) -> str:
    """`target` relative to `folder` when they share more than the root, else absolute."""
    if os.path.commonpath([target, folder]) == target.anchor:
        return target.as_posix()
    return Path(os.path.relpath(target, folder)).as_posix()


def init_overrides(parent_path: str | Path, *, level: str, region: str, output: str | Path,
                   issuer: str | None = None, date: _dt.date | None = None,
                   force: bool = False, edits: dict | None = None) -> Path:
    """Write a commented overrides file deriving a `level` plan for `region` from the parent."""
    from ..parse.load import load_plan

    output = Path(output)
    if level not in LEVELS:
        raise InputError(f"层级“{level}”无效，应为 {'、'.join(LEVELS)} 之一。")
    if not region.strip():
        raise InputError("请用 --region 写明本级地区名称（例如某某县）。")
    if output.exists() and not force:
        raise InputError("文件已存在；为免覆盖已填写的内容，请换一个文件名或加 --force。", path=output)
    parent = load_plan(parent_path)
    parent_ref = _reference(Path(parent_path).resolve(), output.resolve().parent)
    text = overrides_text(parent, parent_ref, level=level, region=region.strip(),
                          issuer=issuer or levels.issuer_for(level, region.strip()),
                          date=date or _dt.date.today(), name=output.name, edits=edits)
    atomic_write_text(output, text)
    return output
