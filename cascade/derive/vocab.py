"""The editable vocabulary of a derivation: parent word → child word, applied outside protected spans."""

from __future__ import annotations

import re

from .. import levels
from ..model import Plan


def _role_pairs(from_level: str, to_level: str, from_region: str | None, to_region: str | None):
    """Role words one level down: the same wording when the child level has it, else its preferred
    form, keeping 人民政府 or 政府 as the parent wrote it."""
    src = levels.short_name(from_level, from_region)
    dst = levels.short_name(to_level, to_region)
    for role in levels.ROLES:
        target = levels.forms(role, to_level, to_region)
        for word in levels.forms(role, from_level, from_region) if target else ():
            shifted = word.replace(src, dst)
            if shifted in target:
                yield word, shifted
                continue
            yield word, next((t for t in target if ("人民" in t) == ("人民" in word)), target[0])


def plan_units(plan: Plan) -> list[str]:
    """Every unit a plan names (tasks, implementers, measures), first appearance first."""
    seen: dict[str, None] = {}
    for task in plan.tasks():
        for unit in [*task.units, *task.implementers, *(u for m in task.measures for u in m.units)]:
            seen.setdefault(unit, None)
    return list(seen)


def default_vocabulary(parent: Plan, level: str, region: str) -> dict[str, str]:
    """The replacements `init` proposes: region name, role words, then the parent's departments."""
    pairs: dict[str, str] = {}
    if parent.region and region and parent.region != region:
        pairs[parent.region] = region
    from_region = parent.region or None
    for word, target in _role_pairs(parent.level, level, from_region, region):
        if word != target:
            pairs.setdefault(word, target)
    covered = Vocabulary(pairs)
    src = levels.short_name(parent.level, from_region)
    corpus = "\n".join(plan_texts(parent))
    for unit in plan_units(parent):
        if covered.apply(unit) != unit:
            continue
        target = levels.unit_for_level(unit, parent.level, level, from_region=from_region,
                                       to_region=region)
        if target and target != unit:
            pairs.setdefault(unit, target)
            if not unit.startswith(src) and src + unit in corpus:
                pairs.setdefault(src + unit, target)  # else 省X局 in the text would become 省市X局
    return pairs


def plan_texts(plan: Plan):
    """Every running text of a plan: preamble, parts, section titles, task titles and bodies."""
    yield plan.preamble
    for part in plan.general + plan.closing:
        yield part.title
        yield from part.paragraphs
    for section in plan.sections:
        yield section.title
    for task in plan.tasks():
        yield from (task.title, task.text, *(m.text for m in task.measures))


class Vocabulary:
    """Replaces parent words by child words in one pass, longest first, never in protected spans."""

    def __init__(self, pairs: dict[str, str], protect: list[str] | tuple[str, ...] = ()):
        self.pairs = {k: v for k, v in pairs.items() if k and k != v}
        self.protect = tuple(p for p in protect if p)
        keys = sorted(self.pairs, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def apply(self, text: str) -> str:
        """`text` with every parent word outside protected spans replaced."""
        if not text or self._pattern is None:
            return text
        spans = levels.protected_spans(text, self.protect)
        out, pos = [], 0
        for m in self._pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            out += [text[pos : m.start()], self.pairs[m.group(0)]]
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)

    def apply_all(self, texts: list[str]) -> list[str]:
        """`apply` on each item, dropping duplicates the replacement creates."""
        out: list[str] = []
        for text in texts:
            new = self.apply(text)
            if new not in out:
                out.append(new)
        return out
