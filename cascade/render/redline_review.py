"""The review model: both plans' items, the diff's links between them, the layout and the comments.

Everything the Word writer needs and nothing Word-specific, so the accept/reject property can be
checked on it directly. Links come from the diff: each parent task's head and unit note to the
child task that carries most of its clauses, each kept parent clause to the child clauses the
diff found it in, section headings where their tasks went, the titles to each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..compare.clauses import TaskText, comparable_tasks
from ..compare.normalise import departments, tidy
from ..levels import short_name, translate
from .redline_findings import Note, diff_notes
from .redline_layout import Layout, build_layout, label, plan_items, same_label

WEIGHTS = {"title": 1.0, "part": 3.0, "section": 3.0, "head": 5.0, "units": 2.0}
TEXT_MATCH = 0.5  # similarity for a paragraph outside the tasks to count as kept


@dataclass
class Review:
    """What the review document shows: its layout and one note per finding."""

    layout: Layout
    notes: list[Note]
    parent_index: dict[tuple, int]  # (task id, kind, clause number) → parent item
    child_index: dict[tuple, int]


def localiser(parent, child):
    """A function putting the parent's level words in the child's (全省 → 全市, 省财政厅 →
    市财政局), as the diff does before comparing; a same-level pair keeps its words."""
    own = short_name(child.level, child.region or None)

    def local(text: str) -> str:
        out = translate(text, parent.level, child.level, from_region=parent.region or None,
                        to_region=child.region or None)
        return departments(out, parent.level, parent.region or None,
                           lambda name: own + name + "局")

    return local


def build_review(diff, child, parent) -> Review:
    """Lay out `child` against `parent` from their `diff`, with every finding as a note."""
    parents = comparable_tasks(parent)
    children = comparable_tasks(child, ledger=True)
    heads = _head_pairs(diff, children)
    labels = {p: label(c.number) for p, c in _tasks_by_pair(heads, parent, child)
              if same_label(_task(parent, p).number, c.number)}
    p_items, p_kinds = plan_items(parent, parents, localiser(parent, child), labels)
    c_items, c_kinds = plan_items(child, children)
    p_index, c_index = _index(p_items), _index(c_items)
    links = _links(diff, heads, children, p_index, c_index, p_items, c_items, parent, child)
    layout = build_layout(p_items, c_items, c_kinds, links, p_kinds)
    notes = diff_notes(diff)
    titles = {t.id: t.title for t in child.tasks()}
    for p, task_id in layout.moved:
        item = p_items[p]
        notes.append(Note(
            "moved", f"条款移位：上级此条在本级方案中写在任务 {task_id}（{titles.get(task_id, '')}）"
                     "中，见该处标为插入的文字；此处按上级原位置标为删除。",
            item.task, item.index))
    return Review(layout, notes, p_index, c_index)


def _index(items) -> dict[tuple, int]:
    """(task id, kind, clause number) → item position, plus ('', 'title', None)."""
    return {(item.task or "", item.kind, item.index): i for i, item in enumerate(items)}


def _head_pairs(diff, children: list[TaskText]) -> dict[str, str]:
    """Parent task id → the child task carrying most of its clauses (each child task once)."""
    taken: set[str] = set()
    pairs: dict[str, str] = {}
    for task in diff.tasks:
        counts = Counter(c.child_task for c in task.clauses if c.child_task in task.child_tasks)
        ranked = sorted(task.child_tasks, key=lambda j: (-counts[j], task.child_tasks.index(j)))
        chosen = next((j for j in ranked if j not in taken), None)
        if chosen is not None:
            pairs[task.parent_task] = chosen
            taken.add(chosen)
    return pairs


def _task(plan, task_id: str):
    """The task of `plan` with this id."""
    return next(t for t in plan.tasks() if t.id == task_id)


def _tasks_by_pair(heads: dict[str, str], parent, child):
    """(parent task id, child Task) for each paired head."""
    found = {t.id: t for t in child.tasks()}
    return [(p, found[c]) for p, c in heads.items() if c in found]


def _links(diff, heads, children, p_index, c_index, p_items, c_items, parent, child):
    """Weighted (parent item, child item) links from the diff."""
    links: list[tuple[int, int, float]] = []
    if ("", "title", None) in p_index and ("", "title", None) in c_index:
        links.append((p_index[("", "title", None)], c_index[("", "title", None)], WEIGHTS["title"]))
    for p_task, c_task in heads.items():
        for kind in ("head", "units"):
            p, c = p_index.get((p_task, kind, None)), c_index.get((c_task, kind, None))
            if p is not None and c is not None:
                links.append((p, c, WEIGHTS[kind]))
    by_id = {t.id: t for t in children}
    for task in diff.tasks:
        for k, clause in enumerate(task.clauses):
            if clause.status not in ("covered", "modified") or clause.child_task not in by_id:
                continue
            p = p_index.get((task.parent_task, "clause", k))
            span = _child_span(by_id[clause.child_task], clause.child_clause or "")
            if p is None or span is None:
                continue
            cols = [c_index[(clause.child_task, "clause", i)] for i in range(*span)]
            for c in cols:
                links.append((p, c, max(len(p_items[p].text), 1) / len(cols)))
    links += _section_links(heads, p_items, c_items, p_index, c_index, parent, child)
    links += _container_links(p_items, c_items, links)
    links += _text_links(p_items, c_items)
    return links


def _text_links(p_items, c_items):
    """Part headings (一、总体要求) by equal title once numbers are dropped, and the paragraphs
    outside the tasks (preamble, parts) to the most similar paragraph of the child's same part."""
    from rapidfuzz import fuzz

    def bare(text: str) -> str:
        return tidy(text).split("、", 1)[-1]

    parts = {bare(c_items[c].text): c_items[c].task for c in range(len(c_items))
             if c_items[c].kind == "part"}
    keys = {p_items[p].task: parts.get(bare(p_items[p].text)) for p in range(len(p_items))
            if p_items[p].kind == "part"}
    keys["preamble"] = "preamble"
    if any(item.kind == "part" and item.task == "tasks" for item in c_items):
        keys["tasks"] = "tasks"  # 重点任务 / 主要任务: the heading over the tasks, however named
    out = []
    for p, item in enumerate(p_items):
        if item.kind == "part" and keys.get(item.task):
            c = next(i for i, x in enumerate(c_items) if x.kind == "part" and x.task == keys[item.task])
            out.append((p, c, WEIGHTS["part"]))
        if item.kind != "text" or not keys.get(item.task):
            continue
        scored = [(fuzz.ratio(item.text, c_items[c].text) / 100, c) for c in range(len(c_items))
                  if c_items[c].kind == "text" and c_items[c].task == keys[item.task]]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= TEXT_MATCH:
            out.append((p, best[1], best[0] * len(item.text)))
    return out


def _child_span(task: TaskText, wanted: str) -> tuple[int, int] | None:
    """The run of the child task's clauses whose text is `wanted` (the diff's child clause)."""
    texts = [tidy(c) for c in task.clauses]
    for start in range(len(texts)):
        joined = ""
        for end in range(start, len(texts)):
            joined += texts[end]
            if joined == wanted:
                return start, end + 1
            if len(joined) >= len(wanted):
                break
    return None


def _section_links(heads, p_items, c_items, p_index, c_index, parent, child):
    """Each parent section heading to the child section most of its paired tasks went to."""
    p_sec = {t.id: s.id for s in parent.sections for t in s.walk()}
    c_sec = {t.id: s.id for s in child.sections for t in s.walk()}
    votes = Counter((p_sec.get(p), c_sec.get(c)) for p, c in heads.items())
    out, taken = [], set()
    for (ps, cs), _n in sorted(votes.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        if ps is None or cs is None or ("p", ps) in taken or ("c", cs) in taken:
            continue
        p, c = p_index.get((ps, "section", None)), c_index.get((cs, "section", None))
        if p is not None and c is not None:
            out.append((p, c, WEIGHTS["section"]))
            taken |= {("p", ps), ("c", cs)}
    return out


def _container_links(p_items, c_items, links):
    """Heads of tasks that only group others (no text of their own), linked by equal title."""
    linked_p = {p for p, _, _ in links}
    linked_c = {c for _, c, _ in links}
    free = {tidy(c_items[c].text): c for c in range(len(c_items))
            if c_items[c].kind in ("head", "section") and c not in linked_c}
    out = []
    for p, item in enumerate(p_items):
        if item.kind in ("head", "section") and p not in linked_p:
            c = free.pop(tidy(item.text), None)
            if c is not None:
                out.append((p, c, WEIGHTS[item.kind]))
    return out
