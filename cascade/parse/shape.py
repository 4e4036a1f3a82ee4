"""The national shape: parts 一、…N、 whose （一）…（N） items are the tasks themselves.

A State Council plan (and many provincial ones modelled on it) has no 重点任务 part: each of
several 一、 parts is a group of tasks, and the tasks are its （一） items, numbered on across
the parts (（一）…（十七）) or restarting in each. Items 1. / （1） under such a task are its
children. This module only decides whether a plan has that shape and which parts hold tasks;
the outline step builds them.
"""

from __future__ import annotations

from .markers import match_marker
from .vocab import FRAME_TITLES


def is_frame(title: str) -> bool:
    """True for a part that frames the plan (总体要求, 组织实施 …) rather than holds tasks."""
    return any(title.startswith(word) for word in FRAME_TITLES)


def _section_numbers(part) -> list[int]:
    out = []
    for para in part.paras:
        marker = match_marker(para.text)
        if marker and marker.level == "section":
            out.append(marker.number)
    return out


def national_shape(parts, levels: list[dict[str, int]]) -> tuple[list[int], str] | None:
    """(indexes of the task parts, level of their children) when the （一） items are the tasks.

    That is so when at least two parts that are not frame parts hold （一） items and those
    items are not mere groups of more numerous 1. tasks. When the numbering runs on across
    the parts, a later part whose items restart at （一） closes the plan (组织实施 by another
    name); restarting numbering in every part is read as written.
    """
    candidates = [i for i, lv in enumerate(levels) if lv.get("section") and not is_frame(parts[i].title)]
    if len(candidates) < 2:
        return None
    sections = sum(levels[i].get("section", 0) for i in candidates)
    items = sum(levels[i].get("item", 0) for i in candidates)
    if items >= sections:
        return None
    numbers = {i: _section_numbers(parts[i]) for i in candidates}
    runs_on = any(numbers[b][:1] and numbers[b][0] > 1 for b in candidates[1:])
    if runs_on:
        kept = [candidates[0]]
        for i in candidates[1:]:
            if numbers[i][:1] == [1] and i > kept[-1]:
                break
            kept.append(i)
        candidates = kept
    candidates = list(range(candidates[0], candidates[-1] + 1))  # nothing between them is lost
    sub = "item" if any(levels[i].get("item") for i in candidates) else "subitem"
    return candidates, sub
