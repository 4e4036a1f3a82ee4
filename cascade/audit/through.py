"""The through view (a county against its province): what a plan on the way down dropped on
purpose reads `omitted`, with who dropped it and why, instead of `missing`.

The diff of a county against its province knows nothing of the city in between; the direct
pairs do. A province task (or clause) is followed down the tree through the direct pairs — the
city tasks and clauses that carry it, then the county's — and if every carrier was omitted with
a reason somewhere on the way, the through cell says so.
"""

from __future__ import annotations

import unicodedata

from .result import PairResult, TaskCell


def carry_omissions(pairs: list[PairResult], labels: dict[str, str]) -> None:
    """Rewrite the through pairs' missing tasks and clauses dropped on purpose further down."""
    direct = {(p.child, p.parent): p for p in pairs if p.view == "direct"}
    for pair in pairs:
        if pair.view != "through":
            continue
        path = [pair.parent, *reversed(pair.via), pair.child]
        for cell in pair.cells:
            if cell.status == "missing":
                found = _task_below(direct, path, {cell.parent_task})
                if found is not None:
                    _task_omitted(pair, cell, f"{labels[found[0]]}：{found[1]}")
                continue
            for clause in list(cell.missing_clauses):
                if _clause_below(direct, path, cell.parent_task, clause) is not None:
                    _clause_omitted(pair, cell, clause)
    for pair in pairs:
        if pair.view == "through":  # followed only downwards, through direct pairs
            for cell in pair.cells:
                cell.links = []


def _task_below(direct, path: list[str], tasks: set[str]) -> tuple[str, str] | None:
    """Follow tasks down `path`: (plan, reason) where every carrier was omitted, else None."""
    for upper, lower in zip(path, path[1:]):
        pair = direct.get((lower, upper))
        cells = [c for c in map(pair.cell, sorted(tasks)) if c] if pair else []
        if not cells:
            return None
        if all(c.status == "omitted" for c in cells):
            return lower, "；".join(dict.fromkeys(c.reason for c in cells if c.reason))
        tasks = {t for c in cells for t in c.child_tasks}
    return None


def _clause_below(direct, path: list[str], task: str, clause: str) -> tuple[str, str] | None:
    """Follow one clause down `path` through the clause links: (plan, reason) if omitted."""
    carriers = [(task, clause)]
    for upper, lower in zip(path, path[1:]):
        pair = direct.get((lower, upper))
        if pair is None:
            return None
        links = []
        for task_id, text in carriers:
            cell = pair.cell(task_id)
            links += [x for x in (cell.links if cell else []) if _within(x.parent_clause, text)]
        if not links or any(x.status == "missing" for x in links):
            return None  # a silent gap on the way down is a real gap
        if all(x.status == "omitted" for x in links):
            return lower, "；".join(dict.fromkeys(x.reason for x in links if x.reason))
        carriers = [(x.child_task, x.child_clause) for x in links
                    if x.status != "omitted" and x.child_task and x.child_clause]
    return None


def _key(text: str) -> str:
    """Only letters and digits, widths folded: clause texts compared across diffs."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _within(part: str, whole: str) -> bool:
    """True when one clause holds the other (a child clause may be a run of parent ones)."""
    a, b = _key(part), _key(whole)
    return bool(a and b) and (a in b or b in a)


def _adjust(pair: PairResult, **steps: int) -> None:
    """Keep the pair's diff summary in step with a rewritten cell."""
    for key, step in steps.items():
        if key in pair.summary:
            pair.summary[key] += step


def _task_omitted(pair: PairResult, cell: TaskCell, reason: str) -> None:
    """A missing through task becomes omitted, with its clauses."""
    moved = cell.clauses.pop("missing", 0)
    cell.clauses["omitted"] = cell.clauses.get("omitted", 0) + moved
    cell.status, cell.reason, cell.missing_clauses = "omitted", reason, []
    _adjust(pair, missing=-1, omitted=1, missing_clauses=-moved, omitted_clauses=moved)


def _clause_omitted(pair: PairResult, cell: TaskCell, clause: str) -> None:
    """One missing through clause becomes omitted; a task left with no gap is matched."""
    cell.missing_clauses.remove(clause)
    cell.clauses["missing"] -= 1
    if not cell.clauses["missing"]:
        del cell.clauses["missing"]
    cell.clauses["omitted"] = cell.clauses.get("omitted", 0) + 1
    _adjust(pair, missing_clauses=-1, omitted_clauses=1)
    if cell.status == "partial" and not cell.missing_clauses:
        cell.status = "matched"
        _adjust(pair, partial=-1, matched=1)
