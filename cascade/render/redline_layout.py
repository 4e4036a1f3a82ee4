"""Lay out the review text: the child plan in its own order, each piece against the parent words it keeps.

Both plans become a sequence of items (title, section headings, task heads, clauses, unit
notes); the parent's items are first put in the child's level words (省司法厅 → 市司法局), so
vocabulary never shows as a change. The diff's own links (task ↔ task, clause ↔ child clauses)
are pruned to the heaviest set that keeps both orders (no two links cross), so that accepting
every change gives the child's text in its order and rejecting every change gives the parent's
text in its order. Linked items become blocks diffed character by character (redline_ops);
parent items left over are deletions where they would have stood (inside a neighbouring
paragraph of the same parent paragraph, else as deleted paragraphs), child items left over are
insertions. A kept clause whose link had to go to keep the orders is `moved`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..compare.clauses import TaskText
from ..compare.normalise import tidy
from .docx import _xml_safe as xml_safe
from .docx import chinese_numeral
from .redline_ops import word_ops

_END_PUNCT = "。；：:;！？"
_BARE_NUMBER = re.compile(r"[0-9０-９]+")
# Link weights: clauses weigh their length; structure links count a little, so they decide
# only between otherwise equal choices.
WEIGHTS = {"title": 1, "section": 3, "head": 5, "units": 2}


@dataclass
class Item:
    """One piece of one plan's text: what it is, its words, its task and its paragraph."""

    kind: str  # title | part | text | section | head | clause | units
    text: str
    para: int  # paragraph number on its own side
    task: str | None = None  # task id (section id for a section heading)
    index: int | None = None  # clause number within the task


@dataclass
class Segment:
    """A run of the review text: equal (0), only the child's (1) or only the parent's (-1)."""

    op: int
    text: str
    parent: int | None = None  # parent item index
    child: int | None = None  # child item index


@dataclass
class Para:
    """A paragraph of the review text: its kind (style) and segments."""

    kind: str  # title | section | task
    segments: list[Segment] = field(default_factory=list)
    deleted: bool = False  # a paragraph of the parent only: its mark is deleted too

    @property
    def inserted(self) -> bool:
        """True for a paragraph of the child only (its mark is inserted)."""
        return bool(self.segments) and all(s.op == 1 for s in self.segments)


@dataclass
class Layout:
    """The review text and what it was built from."""

    paras: list[Para]
    parent_items: list[Item]
    child_items: list[Item]
    links: dict[int, list[int]]  # parent item → child items it is shown against
    moved: list[tuple[int, str]]  # (parent clause item, child task id) shown apart


def label(number: str) -> str:
    """A task label as printed; a bare number read from a table gets its `.`."""
    number = (number or "").strip()
    return f"{number}." if _BARE_NUMBER.fullmatch(number) else number


def plan_items(plan, tasks: list[TaskText], local: Callable[[str], str] = str,
               labels: dict[str, str] | None = None) -> tuple[list[Item], list[str]]:
    """A plan's items in document order and the kind of each paragraph.

    `local` rewrites the words (the parent's into the child's level); `labels` maps a task id
    to the label to print instead of its own (a renumbering that is only a change of layout).
    """
    comparable = {id(t.task): t for t in tasks}
    items: list[Item] = []
    kinds: list[str] = []

    def add(kind: str, para_kind: str | None, text: str, **where) -> None:
        if para_kind is not None:
            kinds.append(para_kind)
        text = xml_safe(text)  # C0 controls cannot be written into the document
        if text:
            items.append(Item(kind, text, len(kinds) - 1, **where))

    add("title", "title", local(plan.title))
    for n, text in enumerate(_paragraphs(plan.preamble)):
        add("text", "text", local(text), task="preamble", index=n)
    count = 0
    for part in plan.general:
        count += 1
        _part(add, local, chinese_numeral(count), part, f"general{count}")
    if plan.sections:
        count += 1
        add("part", "part", local(f"{chinese_numeral(count)}、{plan.tasks_heading}"), task="tasks")
    for n, section in enumerate(plan.sections, start=1):
        head = section.number or f"（{chinese_numeral(n)}）"
        add("section", "section", local(f"{head}{section.title}"), task=section.id)
        for task in section.walk():
            found = comparable.get(id(task))
            clauses = found.clauses if found else []
            title = task.title
            if clauses and title and title[-1] not in _END_PUNCT:
                title += "。"
            mark = (labels or {}).get(task.id, label(task.number))
            add("head", "task", mark + local(title), task=task.id)
            for k, clause in enumerate(clauses):
                add("clause", None, local(clause), task=task.id, index=k)
            if found and task.units_text.strip():
                add("units", None, local(task.units_text.strip()), task=task.id)
    for m, part in enumerate(plan.closing, start=1):
        count += 1
        _part(add, local, chinese_numeral(count), part, f"closing{m}")
    return items, kinds


def _part(add, local, numeral: str, part, key: str) -> None:
    """`一、总体要求` and its paragraphs as items (the part's key stands for a task id)."""
    add("part", "part", local(f"{numeral}、{part.title}"), task=key)
    for n, text in enumerate(t for p in part.paragraphs for t in _paragraphs(p)):
        add("text", "text", local(text), task=key, index=n)


def _paragraphs(text: str) -> list[str]:
    """The non-empty lines of a stored text."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def build_layout(parent_items: list[Item], child_items: list[Item], child_kinds: list[str],
                 links: list[tuple[int, int, float]], parent_kinds: list[str]) -> Layout:
    """Arrange both item sequences into review paragraphs from weighted (parent, child) links."""
    chosen = _chain(links)
    blocks = _blocks(chosen, child_items)
    kept = {p for b in blocks for p in range(b[0], b[1] + 1)}
    shown: dict[int, list[int]] = {}
    for p, c, _ in chosen:
        shown.setdefault(p, []).append(c)
    moved = sorted({(p, child_items[c].task) for p, c, _ in links
                    if p not in kept and parent_items[p].kind == "clause"})
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    loose: dict[int, list[list[int]]] = {}  # deleted paragraphs after child paragraph (-1: first)
    count = len(blocks)
    for g in range(count + 1):
        lo = blocks[g - 1][1] + 1 if g > 0 else 0
        hi = blocks[g][0] if g < count else len(parent_items)
        gap = list(range(lo, hi))
        lead = _run(gap, parent_items, parent_items[blocks[g - 1][1]].para) if g > 0 else []
        rest = gap[len(lead):]
        trail = []
        if g < count:
            trail = _run(rest[::-1], parent_items, parent_items[blocks[g][0]].para)[::-1]
        middle = rest[: len(rest) - len(trail)]
        prev_para = child_items[blocks[g - 1][3]].para if g > 0 else -1
        next_para = child_items[blocks[g][2]].para if g < count else None
        if g > 0 and prev_para == next_para:
            lead, middle = lead + middle, []
        if g > 0:
            after[g - 1] = lead
        if g < count:
            before[g] = trail
        loose.setdefault(prev_para, []).extend(_by_para(middle, parent_items))
    paras: list[Para] = []
    _deleted_paras(paras, loose.get(-1, []), parent_items, parent_kinds)
    start = {b[2]: i for i, b in enumerate(blocks)}
    by_para: dict[int, list[int]] = {}
    for i, item in enumerate(child_items):
        by_para.setdefault(item.para, []).append(i)
    for q, kind in enumerate(child_kinds):
        para = Para(kind)
        members = by_para.get(q, [])
        k = 0
        while k < len(members):
            c = members[k]
            if c in start:
                b = start[c]
                p0, p1, c0, c1 = blocks[b]
                para.segments += _deletions(before.get(b, []), parent_items)
                para.segments += _block_segments(parent_items, child_items, p0, p1, c0, c1)
                para.segments += _deletions(after.get(b, []), parent_items)
                while k < len(members) and members[k] <= c1:
                    k += 1
                continue
            para.segments.append(Segment(1, child_items[c].text, child=c))
            k += 1
        if para.segments:
            paras.append(para)
        _deleted_paras(paras, loose.get(q, []), parent_items, parent_kinds)
    return Layout(paras, parent_items, child_items, shown, moved)


def _chain(links: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest subset of links in which no two cross (p < p' with c > c'): a weighted
    longest chain over (child, parent) order, with a max-Fenwick tree over parent positions."""
    order = sorted(set(links), key=lambda link: (link[1], link[0], -link[2]))
    size = max((p for p, _, _ in order), default=-1) + 2
    tree = [(0.0, -1)] * (size + 1)
    best: list[float] = []
    back: list[int] = []
    for i, (p, _c, w) in enumerate(order):
        value, j = 0.0, p + 1
        prev = -1
        while j > 0:
            if tree[j][0] > value:
                value, prev = tree[j]
            j -= j & -j
        best.append(value + w)
        back.append(prev)
        j = p + 1
        while j <= size:
            if best[i] > tree[j][0]:
                tree[j] = (best[i], i)
            j += j & -j
    if not order:
        return []
    i = max(range(len(order)), key=lambda k: best[k])
    out = []
    while i >= 0:
        out.append(order[i])
        i = back[i]
    return sorted(out)


def _blocks(chosen, child_items: list[Item]) -> list[tuple[int, int, int, int]]:
    """Chosen links grouped into blocks (p0, p1, c0, c1) that share an end on either side; a
    link that would stretch a block over two child paragraphs is left out."""
    blocks: list[list[int]] = []
    for p, c, _ in sorted(chosen):
        if blocks and (p <= blocks[-1][1] or c <= blocks[-1][3]):
            block = blocks[-1]
            if child_items[c].para == child_items[block[2]].para:
                block[1], block[3] = max(block[1], p), max(block[3], c)
            continue
        blocks.append([p, p, c, c])
    return [tuple(b) for b in blocks]


def _run(items: list[int], parent_items: list[Item], para: int | None) -> list[int]:
    """The leading items of `items` that belong to parent paragraph `para`."""
    out = []
    for p in items:
        if para is None or parent_items[p].para != para:
            break
        out.append(p)
    return out


def _by_para(items: list[int], parent_items: list[Item]) -> list[list[int]]:
    """Consecutive parent items split by their parent paragraph."""
    out: list[list[int]] = []
    for p in items:
        if out and parent_items[out[-1][-1]].para == parent_items[p].para:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def _deletions(items: list[int], parent_items: list[Item]) -> list[Segment]:
    """Parent items shown as deleted text."""
    return [Segment(-1, parent_items[p].text, parent=p) for p in items]


def _deleted_paras(paras: list[Para], groups: list[list[int]], parent_items: list[Item],
                   parent_kinds: list[str]) -> None:
    """Append one deleted paragraph per group of parent items (a paragraph the child lacks)."""
    for group in groups:
        kind = parent_kinds[parent_items[group[0]].para]
        paras.append(Para(kind, _deletions(group, parent_items), deleted=True))


def _block_segments(parent_items: list[Item], child_items: list[Item], p0: int, p1: int,
                    c0: int, c1: int) -> list[Segment]:
    """Character-level segments of parent items p0..p1 against child items c0..c1, cut at item
    boundaries on both sides so every segment knows the items it belongs to."""
    p_ranges = _ranges([parent_items[p].text for p in range(p0, p1 + 1)], p0)
    c_ranges = _ranges([child_items[c].text for c in range(c0, c1 + 1)], c0)
    old = "".join(parent_items[p].text for p in range(p0, p1 + 1))
    new = "".join(child_items[c].text for c in range(c0, c1 + 1))
    out: list[Segment] = []
    pos = {-1: 0, 1: 0}
    for op, text in word_ops(old, new):
        while text:
            pi = _owner(p_ranges, pos[-1]) if op <= 0 else None
            ci = _owner(c_ranges, pos[1]) if op >= 0 else None
            room = len(text)
            if pi is not None:
                room = min(room, p_ranges[pi][1] - pos[-1])
            if ci is not None:
                room = min(room, c_ranges[ci][1] - pos[1])
            piece, text = text[:room], text[room:]
            out.append(Segment(op, piece, parent=None if pi is None else p_ranges[pi][2],
                               child=None if ci is None else c_ranges[ci][2]))
            if op <= 0:
                pos[-1] += room
            if op >= 0:
                pos[1] += room
    return out


def _ranges(texts: list[str], first: int) -> list[tuple[int, int, int]]:
    """(start, end, item index) of each text in their concatenation."""
    out, start = [], 0
    for i, text in enumerate(texts):
        out.append((start, start + len(text), first + i))
        start += len(text)
    return out


def _owner(ranges: list[tuple[int, int, int]], pos: int) -> int | None:
    """The position in `ranges` of the range holding character `pos`."""
    for i, (start, end, _) in enumerate(ranges):
        if start <= pos < end:
            return i
    return None


def same_label(a: str, b: str) -> bool:
    """True when two task labels differ only in their form (⒉ and 2.)."""
    return tidy(label(a)) == tidy(label(b))
