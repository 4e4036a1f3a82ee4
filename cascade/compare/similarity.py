"""String similarity on normalised text (rapidfuzz), as whole matrices for speed.

`coverage` is the measure clause matching uses: the share of the query's characters found, in
order, in one local stretch of the other text. A parent sentence kept inside a longer merged child
sentence scores 1.0; a parent sentence cut to its last third scores about 0.35.
"""

from __future__ import annotations

# Below this upper bound a pair is noise and keeps the bound instead of a local search.
SEARCH_FLOOR = 0.4


def coverage_matrices(left: list[str], right: list[str]):
    """Coverage matrices (left in right, right in left): how much of one text the other holds."""
    import numpy as np
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import LCSseq

    if not left or not right:
        return np.zeros((len(left), len(right))), np.zeros((len(right), len(left)))
    common = process.cdist(left, right, scorer=LCSseq.similarity, dtype=np.int32).astype(float)
    len_l = np.array([max(1, len(s)) for s in left], dtype=float)[:, None]
    len_r = np.array([max(1, len(s)) for s in right], dtype=float)[None, :]
    # The longer text can only be covered as far as the shorter reaches (common subsequence over
    # its own length). The shorter is searched for inside the longer (partial_ratio); the common
    # subsequence over the shorter's length bounds that from above, so the slow local search only
    # runs where the bound leaves a chance of a real match.
    shorter = np.minimum(len_l, len_r)
    local = common / shorter
    for i, j in zip(*np.nonzero(local >= SEARCH_FLOOR)):
        local[i, j] = fuzz.partial_ratio(left[i], right[j]) / 100.0
    left_in_right = np.where(len_l <= len_r, local, common / len_l)
    right_in_left = np.where(len_r <= len_l, local, common / len_r).T
    return left_in_right, right_in_left


def coverage(query: str, text: str) -> float:
    """How much of `query` is found, in order, in one stretch of `text` (0..1)."""
    forward, _ = coverage_matrices([query], [text])
    return float(forward[0, 0])


MIN_RUN = 4  # shorter shared runs are common words, not kept text


def shared_runs(query: str, text: str) -> tuple[int, int]:
    """Characters of `query` found in `text` in shared runs of MIN_RUN or more (in order), and
    the longest such run."""
    from rapidfuzz.distance import Indel

    total = longest = 0
    for tag, i1, i2, _, _ in Indel.opcodes(query, text):
        if tag == "equal":
            longest = max(longest, i2 - i1)
            total += (i2 - i1) if i2 - i1 >= MIN_RUN else 0
    return total, longest


def ratio_matrix(left: list[str], right: list[str]):
    """Symmetric similarity (Indel ratio, 0..1) of every pair, for titles."""
    import numpy as np
    from rapidfuzz import fuzz, process

    if not left or not right:
        return np.zeros((len(left), len(right)))
    return process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float32) / 100.0


def ratio(a: str, b: str) -> float:
    """Symmetric similarity of two strings (0..1)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100.0


def redline(old: str, new: str) -> tuple[list[tuple[int, str]], str]:
    """Character diff of `old` → `new`, semantically cleaned: (ops, `[-del-]{+ins+}` markup).

    The minimal edit script comes from rapidfuzz (Indel opcodes, in C); diff-match-patch merges
    and semantically cleans it up (diff_cleanupSemantic), which is what makes it readable.
    """
    from diff_match_patch import diff_match_patch
    from rapidfuzz.distance import Indel

    ops: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(old, new):
        if tag in ("delete", "replace"):
            ops.append((-1, old[i1:i2]))
        if tag in ("insert", "replace"):
            ops.append((1, new[j1:j2]))
        if tag == "equal":
            ops.append((0, old[i1:i2]))
    dmp = diff_match_patch()
    dmp.diff_cleanupMerge(ops)
    dmp.diff_cleanupSemantic(ops)
    marks = {-1: "[-{}-]", 0: "{}", 1: "{{+{}+}}"}
    return [(op, text) for op, text in ops], "".join(marks[op].format(t) for op, t in ops)
