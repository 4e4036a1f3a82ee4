"""Task alignment: which child tasks carry each parent task, and which child tasks are new.

Scores every (parent task, child task) pair from three signals — how much of each one's clauses
the other holds (both directions), how alike the titles are, and how close the two sit in
document order — then solves the one-to-one assignment (scipy linear_sum_assignment) and adds a
pass for splits (one parent task spread over several child tasks) and merges (several parent tasks
folded into one child task). `Task.derived_from` on a child task wins over every score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clauses import TaskText
from .similarity import coverage_matrices, ratio_matrix

# Weights of the pair score and the thresholds that accept a pair; body coverage dominates.
WEIGHT_BODY, WEIGHT_TITLE, WEIGHT_ORDER = 0.65, 0.2, 0.15
ACCEPT_BODY = 0.5  # mean two-way body coverage that makes a pair on its own
ACCEPT_TITLE = 0.75  # a title this alike accepts a pair whose body coverage reaches ACCEPT_WEAK
ACCEPT_WEAK = 0.4
MARGIN = 0.1  # a mutual best pair above ACCEPT_WEAK is accepted when it beats the runner-up so
VERBATIM = 0.95  # both ways: a child clause that copies a parent clause
SPLIT = 0.6  # share of a child task drawn from one parent task (or the reverse) for a split/merge
# A parent task rewritten into a child task together with another (or split in two rewritten
# pieces): less of it survives word for word, but one child task holds clearly more of it than
# any other (a dropped task's text, or a new task's, is spread thinly and evenly).
MERGE_WEAK = 0.42
MERGE_MARGIN = 0.12
SPLIT_WEAK = 0.55  # the same for a child piece of one parent task: share of it drawn from that task


@dataclass
class ClauseScores:
    """Clause-by-clause coverage between two plans, kept for the clause coverage step."""

    parent_in_child: object  # ndarray (parent clauses × child clauses)
    child_in_parent: object  # ndarray (child clauses × parent clauses)
    parent_index: list[tuple[int, int]]  # row → (parent task index, clause index)
    child_index: list[tuple[int, int]]  # column → (child task index, clause index)
    parent_rows: list[list[int]] = field(default_factory=list)  # task index → its rows
    child_cols: list[list[int]] = field(default_factory=list)  # task index → its columns
    owner: object = None  # ndarray: column → the parent row it copies word for word, or -1

    def usable(self, row: int, col: int) -> bool:
        """False when child clause `col` is a verbatim copy of another parent clause than `row`:
        then it is that clause's, and no evidence that `row` was kept."""
        owner = int(self.owner[col])
        return owner < 0 or owner == row or float(self.parent_in_child[row, col]) >= VERBATIM


@dataclass
class Alignment:
    """Parent task index → child task indexes, the pair scores, and unclaimed child tasks."""

    links: dict[int, list[int]]
    score: object  # ndarray (parent tasks × child tasks), 0..1
    body: object  # ndarray, mean two-way body coverage
    extra: list[int]
    clauses: ClauseScores


def clause_scores(parents: list[TaskText], children: list[TaskText]) -> ClauseScores:
    """Coverage of every parent clause by every child clause and back, with index maps."""
    p_index = [(i, k) for i, t in enumerate(parents) for k in range(len(t.norm))]
    c_index = [(j, k) for j, t in enumerate(children) for k in range(len(t.norm))]
    fwd, back = coverage_matrices([t.norm[k] for t in parents for k in range(len(t.norm))],
                                  [t.norm[k] for t in children for k in range(len(t.norm))])
    scores = ClauseScores(fwd, back, p_index, c_index)
    import numpy as np

    if fwd.size:
        mutual = np.minimum(fwd, back.T)
        scores.owner = np.where(mutual.max(axis=0) >= VERBATIM, mutual.argmax(axis=0), -1)
    else:
        scores.owner = np.full(len(c_index), -1)
    scores.parent_rows = [[] for _ in parents]
    scores.child_cols = [[] for _ in children]
    for row, (i, _) in enumerate(p_index):
        scores.parent_rows[i].append(row)
    for col, (j, _) in enumerate(c_index):
        scores.child_cols[j].append(col)
    return scores


def _held(matrix, rows_of: list[list[int]], cols_of: list[list[int]], weights):
    """Share of each row-task's text (by clause length) found in each column-task.

    Rows and columns of `matrix` are grouped by task in order, so the best clause per column-task
    and the weighted mean per row-task are two `reduceat`s; tasks without clauses score 0.
    """
    import numpy as np

    out = np.zeros((len(rows_of), len(cols_of)))
    row_tasks = [i for i, rows in enumerate(rows_of) if rows]
    col_tasks = [j for j, cols in enumerate(cols_of) if cols]
    if not row_tasks or not col_tasks:
        return out
    best = np.maximum.reduceat(matrix, [cols_of[j][0] for j in col_tasks], axis=1)
    starts = [rows_of[i][0] for i in row_tasks]
    totals = np.add.reduceat(best * weights[:, None], starts, axis=0)
    out[np.ix_(row_tasks, col_tasks)] = totals / np.add.reduceat(weights, starts)[:, None]
    return out


def align_tasks(parents: list[TaskText], children: list[TaskText]) -> Alignment:
    """Match parent tasks to child tasks (0..n each way) from clauses, titles and order."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    clauses = clause_scores(parents, children)
    n, m = len(parents), len(children)
    p_weights = np.array([len(parents[i].norm[k]) for i, k in clauses.parent_index], float)
    c_weights = np.array([len(children[j].norm[k]) for j, k in clauses.child_index], float)
    cover = _held(clauses.parent_in_child, clauses.parent_rows, clauses.child_cols, p_weights)
    back = _held(clauses.child_in_parent, clauses.child_cols, clauses.parent_rows, c_weights).T
    body = (cover + back) / 2
    titles = ratio_matrix([t.title for t in parents], [t.title for t in children])
    pos_p = (np.arange(n) + 0.5) / max(n, 1)
    pos_c = (np.arange(m) + 0.5) / max(m, 1)
    order = 1 - np.abs(pos_p[:, None] - pos_c[None, :])
    score = WEIGHT_BODY * body + WEIGHT_TITLE * titles + WEIGHT_ORDER * order
    derived = np.zeros((n, m), dtype=bool)
    ids = {t.id: i for i, t in enumerate(parents)}
    for j, child in enumerate(children):
        source = getattr(child.task, "derived_from", None)
        if source in ids:
            derived[ids[source], j] = True
    links: dict[int, list[int]] = {i: [] for i in range(n)}
    claimed: set[int] = set()
    if n and m:
        rows, cols = linear_sum_assignment(-(score + derived * 10.0))
        for i, j in zip(rows, cols):
            ok = body[i, j] >= ACCEPT_BODY or (body[i, j] >= ACCEPT_WEAK and (
                titles[i, j] >= ACCEPT_TITLE or _clear_best(body, i, j)))
            if ok and not (derived[:, j].any() and not derived[i, j]):
                links[i].append(int(j))
                claimed.add(int(j))
    for j in range(m):
        if derived[:, j].any():
            for i in np.flatnonzero(derived[:, j]):
                if j not in links[int(i)]:
                    links[int(i)].append(j)
            claimed.add(j)
    _splits_and_merges(links, claimed, cover, back, derived)
    for i in links:
        links[i].sort()
    extra = [j for j in range(m) if j not in claimed]
    return Alignment(links, score, body, extra, clauses)


def _clear_best(body, i: int, j: int) -> bool:
    """True when (i, j) is the best pair of its row and its column by at least MARGIN."""
    import numpy as np

    row = np.delete(body[i], j)
    col = np.delete(body[:, j], i)
    runner_up = max(row.max() if row.size else 0.0, col.max() if col.size else 0.0)
    return body[i, j] - runner_up >= MARGIN


def _splits_and_merges(links, claimed, cover, back, derived) -> None:
    """Attach an unclaimed child task drawn from one parent task (split), and a parent task left
    alone whose text sits inside an already-claimed child task (merge)."""
    import numpy as np

    n, m = cover.shape
    for j in range(m):
        if j in claimed or derived[:, j].any():
            continue
        i = int(back[:, j].argmax()) if n else -1
        runner_up = float(np.partition(back[:, j], -2)[-2]) if n > 1 else 0.0
        if i >= 0 and (back[i, j] >= SPLIT or (
                back[i, j] >= SPLIT_WEAK and back[i, j] - runner_up >= MERGE_MARGIN)):
            links[i].append(j)
            claimed.add(j)
    for i in range(n):
        if links[i] or not m:
            continue
        # A child task that names its source (derived_from) belongs to that source alone.
        free = cover[i] * ~derived.any(axis=0)
        j = int(free.argmax())
        runner_up = float(np.partition(free, -2)[-2]) if m > 1 else 0.0
        if free[j] >= SPLIT or (free[j] >= MERGE_WEAK and free[j] - runner_up >= MERGE_MARGIN):
            links[i].append(j)
            claimed.add(j)
