"""Rectangular linear sum assignment in pure Python (shortest augmenting paths, no numpy).

The same algorithm as scipy's `linear_sum_assignment` (Crouse 2016, the Jonker–Volgenant
shortest augmenting path with the same tie-breaking), so it returns the same pairs scipy would,
ties included. The matrices here are tens of tasks or ledger rows wide: importing scipy cost
hundreds of milliseconds for a solve that takes well under one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

INF = math.inf


def linear_sum_assignment(cost: Sequence[Sequence[float]], *, maximize: bool = False
                          ) -> tuple[list[int], list[int]]:
    """(rows, cols) of a one-to-one assignment of least total cost (or most, with `maximize`).

    `cost` is a list of equal-length rows. min(rows, columns) pairs are returned, rows
    ascending. A NaN or an infinity that leaves no finite assignment raises ValueError.
    """
    nr = len(cost)
    nc = len(cost[0]) if nr else 0
    if any(len(row) != nc for row in cost):
        raise ValueError("cost matrix rows differ in length")
    if not nr or not nc:
        return [], []
    transpose = nc < nr
    if transpose:
        matrix = [[float(cost[i][j]) for i in range(nr)] for j in range(nc)]
        nr, nc = nc, nr
    else:
        matrix = [[float(x) for x in row] for row in cost]
    if maximize:
        matrix = [[-x for x in row] for row in matrix]
    if any(math.isnan(x) or x == -INF for row in matrix for x in row):
        raise ValueError("cost matrix contains NaN or -inf")
    col4row = _solve(matrix, nr, nc)
    if transpose:
        order = sorted(range(nr), key=lambda i: col4row[i])
        return [col4row[i] for i in order], order
    return list(range(nr)), col4row


def _solve(cost: list[list[float]], nr: int, nc: int) -> list[int]:
    """Column of each row (nr ≤ nc), one augmenting path per row."""
    u = [0.0] * nr
    v = [0.0] * nc
    path = [-1] * nc
    col4row = [-1] * nr
    row4col = [-1] * nc
    for cur in range(nr):
        sink, min_val, costs, rows_seen, cols_seen = _augmenting_path(
            cost, nc, u, v, path, row4col, cur)
        if sink < 0:
            raise ValueError("cost matrix is infeasible")
        u[cur] += min_val
        for i in range(nr):
            if rows_seen[i] and i != cur:
                u[i] += min_val - costs[col4row[i]]
        for j in range(nc):
            if cols_seen[j]:
                v[j] -= min_val - costs[j]
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == cur:
                break
    return col4row


def _augmenting_path(cost, nc, u, v, path, row4col, i):
    """Dijkstra from row `i` over reduced costs to the nearest free column."""
    min_val = 0.0
    remaining = list(range(nc - 1, -1, -1))
    num_remaining = nc
    rows_seen = [False] * len(u)
    cols_seen = [False] * nc
    costs = [INF] * nc
    sink = -1
    while sink == -1:
        index = -1
        lowest = INF
        rows_seen[i] = True
        row, ui = cost[i], u[i]
        for it in range(num_remaining):
            j = remaining[it]
            r = min_val + row[j] - ui - v[j]
            if r < costs[j]:
                path[j] = i
                costs[j] = r
            if costs[j] < lowest or (costs[j] == lowest and row4col[j] == -1):
                lowest = costs[j]
                index = it
        min_val = lowest
        if min_val == INF:
            return -1, min_val, costs, rows_seen, cols_seen
        j = remaining[index]
        if row4col[j] == -1:
            sink = j
        else:
            i = row4col[j]
        cols_seen[j] = True
        num_remaining -= 1
        remaining[index] = remaining[num_remaining]
    return sink, min_val, costs, rows_seen, cols_seen
