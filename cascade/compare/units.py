"""Responsible units of a parent task against the child tasks that carry it: `units_changed`.

Units compare by role, not by name: each side's units are put in the level-neutral scoring form
(省司法厅 and 市司法局 are one role; 省教育厅 and 市教育局 one department, 发展改革委 and 发展改革局
too). A parent unit whose role no child unit has was dropped or replaced; the child naming
no unit at all drops them all; a different first unit (the lead) is a changed lead. Units the
child adds are its own business.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..levels import DEFAULT_SHORT, NOT_LEVEL_PREFIX
from .model import Finding
from .normalise import DEPARTMENT_MARK

# Endings a department name may take at one level or another (厅/局/委/办), and words that
# only say how the units share the work.
LEVEL_CHARS = "".join(DEFAULT_SHORT.values()) + "区乡州"
_ENDING = re.compile(r"(?:厅|局|委员会|委|办公室|办|所|院|中心)$")
_NOISE = re.compile(r"(?:按职责分工负责|按职责负责|分别负责|负责|牵头|配合|等)$")


def unit_key(unit: str, norm: Callable[[str], str] | None = None) -> str:
    """The role a unit stands for, comparable across levels (市发改委, 区发改委 → 发改)."""
    text = _NOISE.sub("", unit.strip())
    if norm is not None:
        text = norm(text).replace(DEPARTMENT_MARK, "")
    if text[:1] in LEVEL_CHARS and len(text) >= 3 and not text.startswith(NOT_LEVEL_PREFIX):
        text = text[1:]
    return _ENDING.sub("", text) or text


def units_findings(parent: list[str], child: list[str], norm_parent: Callable[[str], str],
                   norm_child: Callable[[str], str]) -> list[Finding]:
    """`units_changed` findings: parent units the child dropped or replaced, and a changed lead."""
    if not parent:
        return []
    if not child:
        return [Finding("units_changed", "、".join(parent), None, None, None,
                        "下级未列责任单位")]
    # Each unit by role in its own plan's words, by the other plan's (a child naming the
    # parent's own office, 省司法厅 in a city plan, still names it) and by its bare name.
    theirs = [(unit_key(u, norm_child), unit_key(u, norm_parent), unit_key(u)) for u in child]
    either = [k for keys in theirs for k in keys]
    mine = [(unit_key(u, norm_parent), unit_key(u)) for u in parent]
    out = []
    lost = [u for u, keys in zip(parent, mine) if not any(_held(k, either) for k in keys)]
    flat = [k for keys in mine for k in keys]
    gained = [u for u, keys in zip(child, theirs) if not any(_held(k, flat) for k in keys)]
    departments = [u for u, keys in zip(child, theirs) if u in gained and len(keys[0]) > 1]
    for unit in lost:
        # One unit out and one department in: it was replaced; otherwise say only what went.
        new = departments[0] if len(lost) == 1 and len(departments) == 1 else None
        said = f"换成了「{new}」" if new else "被删去"
        out.append(Finding("units_changed", unit, new, None, None, f"责任单位「{unit}」{said}"))
    # The child's lead: its first unit that is one of the parent's (a lower government named
    # first is the implementer, not the lead).
    lead = next(((u, keys) for u, keys in zip(child, theirs)
                 if any(_held(k, flat) for k in keys)), None)
    if not lost and lead is not None and not any(_held(k, list(lead[1])) for k in mine[0]):
        out.append(Finding("units_changed", parent[0], lead[0], None, None,
                           f"牵头单位由「{parent[0]}」改为「{lead[0]}」"))
    return out


ALIKE = 0.8  # share of the shorter name found in order in the longer: one department


def _held(key: str, keys: list[str]) -> bool:
    """True when a unit's role is among `keys`: the same role, or a department named a little
    differently (发展改革 / 发展和改革, 市场监管 / 市场监督管理)."""
    from rapidfuzz.distance import LCSseq

    for k in keys:
        if key == k:
            return True
        if min(len(key), len(k)) >= 2 and LCSseq.similarity(key, k) >= ALIKE * min(
                len(key), len(k)):
            return True
    return False
