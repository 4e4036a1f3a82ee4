"""String similarity on normalised text (rapidfuzz), as whole matrices for speed.

`coverage` is the measure clause matching uses: the share of the query's characters found, in
order, in one local stretch of the other text. A parent sentence kept inside a longer merged child
sentence scores 1.0; a parent sentence cut to its last third scores about 0.35.
"""

from __future__ import annotations

from array import array
from struct import pack, unpack

from .grid import Matrix

# Below this upper bound a pair is noise and keeps the bound instead of a local search.
SEARCH_FLOOR = 0.4


def coverage_matrices(left: list[str], right: list[str]) -> tuple[Matrix, Matrix]:
    """Coverage matrices (left in right, right in left): how much of one text the other holds."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import LCSseq

    if not left or not right:
        return Matrix.zeros(len(left), len(right)), Matrix.zeros(len(right), len(left))
    len_l = [float(max(1, len(s))) for s in left]
    len_r = [float(max(1, len(s))) for s in right]
    # The longer text can only be covered as far as the shorter reaches (common subsequence over
    # its own length). The shorter is searched for inside the longer (partial_ratio); the common
    # subsequence over the shorter's length bounds that from above, so the slow local search only
    # runs where the bound leaves a chance of a real match.
    forward, backward = [], []
    remember = len(left) * len(right) <= CACHE_PAIRS // 4
    for query, li in zip(left, len_l):
        common = _common(process, LCSseq, query, right, remember)
        local = [c / (li if li < lj else lj) for c, lj in zip(common, len_r)]
        for j in [j for j, x in enumerate(local) if x >= SEARCH_FLOOR]:
            local[j] = _partial(fuzz, query, right[j])
        forward.append([x if li <= lj else c / li for x, c, lj in zip(local, common, len_r)])
        backward.append([x if lj <= li else c / lj for x, c, lj in zip(local, common, len_r)])
    return Matrix(forward), Matrix([list(col) for col in zip(*backward)])


# Scores of clause pairs already compared: an audit diffs many sibling plans, which share most
# clauses, against one parent (19 in 20 pairs repeat on the synthetic tree). Each cache is
# cleared when it holds CACHE_PAIRS pairs.
CACHE_PAIRS = 100_000
_partials: dict[tuple[str, str], float] = {}
_commons: dict[tuple[str, str], float] = {}


def _common(process, lcs, query: str, right: list[str], remember: bool) -> list[float]:
    """Length of the longest common subsequence of `query` with each of `right`, remembered
    when asked (a plan too big to share the cache with others is not)."""
    if not remember:
        found = [0.0] * len(right)
        for _, value, j in process.extract(query, right, scorer=lcs.similarity, limit=None):
            found[j] = float(value)
        return found
    found = [_commons.get((query, text)) for text in right]
    todo = [j for j, value in enumerate(found) if value is None]
    if todo:
        if len(_commons) + len(todo) > CACHE_PAIRS:
            _commons.clear()
        texts = [right[j] for j in todo]
        for j, text in zip(todo, texts):  # pairs extract leaves out share nothing
            found[j] = _commons[(query, text)] = 0.0
        for _, value, k in process.extract(query, texts, scorer=lcs.similarity, limit=None):
            found[todo[k]] = _commons[(query, texts[k])] = float(value)
    return found


def _partial(fuzz, query: str, text: str) -> float:
    """fuzz.partial_ratio(query, text) / 100, remembered."""
    key = (query, text)
    value = _partials.get(key)
    if value is None:
        if len(_partials) >= CACHE_PAIRS:
            _partials.clear()
        value = _partials[key] = fuzz.partial_ratio(query, text) / 100.0
    return value


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


def ratio_matrix(left: list[str], right: list[str]) -> Matrix:
    """Symmetric similarity (Indel ratio, 0..1) of every pair, for titles, in single precision
    as the scores always were: the task assignment breaks near-ties on them."""
    from rapidfuzz import fuzz, process

    rows = []
    for query in left:
        row = [0.0] * len(right)
        for _, value, j in process.extract(query, right, scorer=fuzz.ratio, limit=None):
            row[j] = value
        rows.append(singles([x / 100.0 for x in singles(row)]))
    return Matrix(rows, len(right))


def single(value: float) -> float:
    """`value` rounded to single precision (float32), as numpy computed some scores."""
    return unpack("f", pack("f", value))[0]


def singles(values: list[float]) -> list[float]:
    """Every value rounded to single precision, at once."""
    return array("f", values).tolist()


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
