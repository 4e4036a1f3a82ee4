"""Clause-score matrices without numpy: the coverage formula pair by pair, caches invisible."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from cascade.compare import similarity
from cascade.compare.grid import Matrix, Vector
from cascade.compare.similarity import SEARCH_FLOOR, coverage_matrices, ratio_matrix, singles

# Clause-like strings from a few characters, so pairs share text often.
TEXT = st.text(alphabet="加强推进执法监督规范全省市县。，", min_size=1, max_size=30)


def _coverage(a: str, b: str) -> float:
    """How much of `a` one local stretch of `b` holds, the documented way, one pair at a time."""
    common = float(LCSseq.similarity(a, b))
    shorter = min(len(a), len(b))
    local = common / shorter
    if local >= SEARCH_FLOOR:
        local = fuzz.partial_ratio(a, b) / 100.0
    return local if len(a) <= len(b) else common / len(a)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6), st.lists(TEXT, min_size=1, max_size=6))
def test_each_cell_is_the_pair_coverage_both_ways_and_the_cache_changes_nothing(left, right):
    for _ in range(2):  # the second time every pair comes from the caches
        forward, backward = coverage_matrices(left, right)
        assert forward.shape == (len(left), len(right)) and backward.shape == (len(right), len(left))
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                assert forward[i, j] == _coverage(a, b)
                assert backward[j, i] == _coverage(b, a)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, max_size=5), st.lists(TEXT, max_size=5))
def test_title_ratios_are_single_precision_fractions(left, right):
    titles = ratio_matrix(left, right)
    assert titles.shape == (len(left), len(right))
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            assert titles[i, j] == singles([singles([fuzz.ratio(a, b)])[0] / 100.0])[0]
            assert 0.0 <= titles[i, j] <= 1.0


def test_an_empty_side_gives_empty_matrices_of_the_right_shape():
    forward, backward = coverage_matrices(["加强执法监督。"], [])
    assert forward.shape == (1, 0) and backward.shape == (0, 1) and forward.T.shape == (0, 1)


def test_a_big_plan_bypasses_the_pair_cache(monkeypatch):
    monkeypatch.setattr(similarity, "CACHE_PAIRS", 4)
    similarity._commons.clear()
    coverage_matrices(["加强执法", "规范监督"], ["加强执法监督", "全省推进"])
    assert similarity._commons == {}


def test_vectors_behave_as_numpy_rows_for_the_operations_used():
    row = Vector([0.2, 0.9, 0.9, 0.1])
    owner = Vector([-1, 2, -1, 0])
    assert row.argmax() == 1 and row.max() == 0.9 and row.size == 4
    masked = row * ((owner < 0) | (owner == 2))
    assert list(masked) == [0.2, 0.9, 0.9, 0.0] and masked.argmax() == 1
    assert list(owner == 2) == [False, True, False, False]  # element-wise, as numpy
    copy = row.copy()
    copy[1] = 0.0
    assert row[1] == 0.9 and copy.argmax() == 2
    grid = Matrix([[1.0, 2.0], [3.0, 4.0]])
    assert grid[1, 0] == 3.0 and list(grid.T[0]) == [1.0, 3.0]
    assert list(grid.column(1)) == [2.0, 4.0]
