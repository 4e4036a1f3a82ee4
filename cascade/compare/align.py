"""Task alignment: which child tasks carry each parent task, and which child tasks are new.

Scores every (parent task, child task) pair from three signals — how much of each one's clauses
the other holds (both directions), how alike the titles are, and how close the two sit in
document order — then solves the one-to-one assignment (cascade.assignment) and adds a
pass for splits (one parent task spread over several child tasks) and merges (several parent tasks
folded into one child task). `Task.derived_from` on a child task wins over every score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assignment import linear_sum_assignment
from .clauses import TaskText
from .grid import Matrix, Vector
from .similarity import coverage_matrices, ratio_matrix, single, singles

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

    parent_in_child: Matrix  # parent clauses × child clauses
    child_in_parent: Matrix  # child clauses × parent clauses
    parent_index: list[tuple[int, int]]  # row → (parent task index, clause index)
    child_index: list[tuple[int, int]]  # column → (child task index, clause index)
    parent_rows: list[list[int]] = field(default_factory=list)  # task index → its rows
    child_cols: list[list[int]] = field(default_factory=list)  # task index → its columns
    owner: Vector = None  # column → the parent row it copies word for word, or -1

    def usable(self, row: int, col: int) -> bool:
        """False when child clause `col` is a verbatim copy of another parent clause than `row`:
        then it is that clause's, and no evidence that `row` was kept."""
        owner = int(self.owner[col])
        return owner < 0 or owner == row or float(self.parent_in_child[row, col]) >= VERBATIM


@dataclass
class Alignment:
    """Parent task index → child task indexes, the pair scores, and unclaimed child tasks."""

    links: dict[int, list[int]]
    score: Matrix  # parent tasks × child tasks, 0..1
    body: Matrix  # mean two-way body coverage
    extra: list[int]
    clauses: ClauseScores


def clause_scores(parents: list[TaskText], children: list[TaskText]) -> ClauseScores:
    """Coverage of every parent clause by every child clause and back, with index maps."""
    p_index = [(i, k) for i, t in enumerate(parents) for k in range(len(t.norm))]
    c_index = [(j, k) for j, t in enumerate(children) for k in range(len(t.norm))]
    fwd, back = coverage_matrices([t.norm[k] for t in parents for k in range(len(t.norm))],
                                  [t.norm[k] for t in children for k in range(len(t.norm))])
    scores = ClauseScores(fwd, back, p_index, c_index)
    scores.owner = Vector([-1] * len(c_index))
    for col, column in enumerate(back.rows):
        # The first parent clause with the largest two-way share, when that copies this one;
        # a share of VERBATIM both ways needs it in the child-to-parent direction first.
        best, value = -1, VERBATIM
        for row, share in enumerate(column):
            if share >= value:
                mutual = min(fwd.rows[row][col], share)
                if mutual > value or (mutual == value and best < 0):
                    best, value = row, mutual
        scores.owner[col] = best
    scores.parent_rows = [[] for _ in parents]
    scores.child_cols = [[] for _ in children]
    for row, (i, _) in enumerate(p_index):
        scores.parent_rows[i].append(row)
    for col, (j, _) in enumerate(c_index):
        scores.child_cols[j].append(col)
    return scores


def _held(matrix: Matrix, rows_of: list[list[int]], cols_of: list[list[int]],
          weights: list[float]) -> Matrix:
    """Share of each row-task's text (by clause length) found in each column-task: the best
    clause per column-task, averaged over the row-task's clauses by length; tasks without
    clauses score 0."""
    out = Matrix.zeros(len(rows_of), len(cols_of))
    spans = [(j, cols[0], cols[-1] + 1) for j, cols in enumerate(cols_of) if cols]
    if not spans:
        return out
    for i, rows in enumerate(rows_of):
        if not rows:
            continue
        total = sum(weights[r] for r in rows)
        held = [0.0] * len(spans)
        for r in rows:
            line, weight = matrix.rows[r], weights[r]
            # Columns of a task are consecutive: its best clause is the max of one slice.
            held = [h + max(line[a:b]) * weight for h, (_, a, b) in zip(held, spans)]
        target = out.rows[i]
        for h, (j, _, _) in zip(held, spans):
            target[j] = h / total
    return out


def _pair_scores(body: Matrix, titles: Matrix) -> list[list[float]]:
    """Each (parent task, child task) pair's weighted score of body, title and order."""
    n, m = body.shape
    pos_p = [(i + 0.5) / max(n, 1) for i in range(n)]
    pos_c = [(j + 0.5) / max(m, 1) for j in range(m)]
    title_weight = single(WEIGHT_TITLE)  # a float32 product, as numpy made it
    return [[WEIGHT_BODY * b + t + WEIGHT_ORDER * (1 - abs(p - c))
             for b, t, c in zip(body[i], singles([title_weight * t for t in titles[i]]), pos_c)]
            for i, p in enumerate(pos_p)]


def align_tasks(parents: list[TaskText], children: list[TaskText]) -> Alignment:
    """Match parent tasks to child tasks (0..n each way) from clauses, titles and order."""
    clauses = clause_scores(parents, children)
    n, m = len(parents), len(children)
    p_weights = [float(len(parents[i].norm[k])) for i, k in clauses.parent_index]
    c_weights = [float(len(children[j].norm[k])) for j, k in clauses.child_index]
    cover = _held(clauses.parent_in_child, clauses.parent_rows, clauses.child_cols, p_weights)
    back = _held(clauses.child_in_parent, clauses.child_cols, clauses.parent_rows, c_weights).T
    body = Matrix([[(c + b) / 2 for c, b in zip(cr, br)] for cr, br in zip(cover.rows, back.rows)],
                  m)
    titles = ratio_matrix([t.title for t in parents], [t.title for t in children])
    derived = [[False] * m for _ in range(n)]
    ids = {t.id: i for i, t in enumerate(parents)}
    for j, child in enumerate(children):
        source = getattr(child.task, "derived_from", None)
        if source in ids:
            derived[ids[source]][j] = True
    named = [any(derived[i][j] for i in range(n)) for j in range(m)]
    score = Matrix(_pair_scores(body, titles), m)
    links: dict[int, list[int]] = {i: [] for i in range(n)}
    claimed: set[int] = set()
    if n and m:
        cost = [[-(score[i, j] + (10.0 if derived[i][j] else 0.0)) for j in range(m)]
                for i in range(n)]
        for i, j in zip(*linear_sum_assignment(cost)):
            ok = body[i, j] >= ACCEPT_BODY or (body[i, j] >= ACCEPT_WEAK and (
                titles[i, j] >= ACCEPT_TITLE or _clear_best(body, i, j)))
            if ok and not (named[j] and not derived[i][j]):
                links[i].append(j)
                claimed.add(j)
    for j in range(m):
        if named[j]:
            for i in range(n):
                if derived[i][j] and j not in links[i]:
                    links[i].append(j)
            claimed.add(j)
    _splits_and_merges(links, claimed, cover, back, named)
    for i in links:
        links[i].sort()
    extra = [j for j in range(m) if j not in claimed]
    return Alignment(links, score, body, extra, clauses)


def _clear_best(body: Matrix, i: int, j: int) -> bool:
    """True when (i, j) is the best pair of its row and its column by at least MARGIN."""
    others = [x for k, x in enumerate(body[i]) if k != j]
    others += [body[k, j] for k in range(len(body)) if k != i]
    return body[i, j] - max(others, default=0.0) >= MARGIN


def _runner_up(values: list[float]) -> float:
    """The second largest value (0 with fewer than two)."""
    return sorted(values)[-2] if len(values) > 1 else 0.0


def _splits_and_merges(links, claimed, cover: Matrix, back: Matrix, named: list[bool]) -> None:
    """Attach an unclaimed child task drawn from one parent task (split), and a parent task left
    alone whose text sits inside an already-claimed child task (merge)."""
    n, m = cover.shape
    for j in range(m):
        if j in claimed or named[j]:
            continue
        column = back.column(j)
        i = column.argmax() if n else -1
        runner_up = _runner_up(column)
        if i >= 0 and (back[i, j] >= SPLIT or (
                back[i, j] >= SPLIT_WEAK and back[i, j] - runner_up >= MERGE_MARGIN)):
            links[i].append(j)
            claimed.add(j)
    for i in range(n):
        if links[i] or not m:
            continue
        # A child task that names its source (derived_from) belongs to that source alone.
        free = Vector(0.0 if named[j] else cover[i, j] for j in range(m))
        j = free.argmax()
        runner_up = _runner_up(free)
        if free[j] >= SPLIT or (free[j] >= MERGE_WEAK and free[j] - runner_up >= MERGE_MARGIN):
            links[i].append(j)
            claimed.add(j)
