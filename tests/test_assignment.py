"""The pure-Python assignment finds a least-cost one-to-one pairing, as scipy's did."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.assignment import linear_sum_assignment

# Small integer costs make ties common, the case where tie-breaking shows.
costs = st.integers(1, 6).flatmap(lambda n: st.integers(1, 6).flatmap(
    lambda m: st.lists(st.lists(st.integers(-3, 3), min_size=m, max_size=m),
                       min_size=n, max_size=n)))


def _best(cost, maximize=False) -> float:
    """The optimum total by brute force over every injective pairing."""
    n, m = len(cost), len(cost[0])
    if n <= m:
        totals = (sum(cost[i][j] for i, j in enumerate(p)) for p in itertools.permutations(range(m), n))
    else:
        totals = (sum(cost[i][j] for j, i in enumerate(p)) for p in itertools.permutations(range(n), m))
    return max(totals) if maximize else min(totals)


@settings(max_examples=300, deadline=None)
@given(costs, st.booleans())
def test_the_pairing_is_optimal_and_one_to_one(cost, maximize):
    rows, cols = linear_sum_assignment(cost, maximize=maximize)
    assert len(rows) == min(len(cost), len(cost[0]))
    assert rows == sorted(rows) and len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    assert sum(cost[i][j] for i, j in zip(rows, cols)) == _best(cost, maximize)


@settings(max_examples=300, deadline=None)
@given(costs, st.booleans())
def test_the_same_pairs_as_scipy_ties_included(cost, maximize):
    scipy_optimize = pytest.importorskip("scipy.optimize")
    np = pytest.importorskip("numpy")
    rows, cols = scipy_optimize.linear_sum_assignment(np.array(cost, float), maximize=maximize)
    assert linear_sum_assignment(cost, maximize=maximize) == (rows.tolist(), cols.tolist())


def test_empty_and_ragged_inputs():
    assert linear_sum_assignment([]) == ([], [])
    assert linear_sum_assignment([[], []]) == ([], [])
    with pytest.raises(ValueError):
        linear_sum_assignment([[1.0, 2.0], [1.0]])
    with pytest.raises(ValueError):
        linear_sum_assignment([[float("nan")]])


def test_a_wide_and_a_tall_matrix_pick_the_obvious_pairs():
    assert linear_sum_assignment([[5, 0, 5], [0, 5, 5]]) == ([0, 1], [1, 0])
    assert linear_sum_assignment([[5, 0], [0, 5], [5, 5]]) == ([0, 1], [1, 0])
