"""Clauses of a task body (split by cascade.parse.clauses): finding one by its text or a prefix."""

from __future__ import annotations

import difflib
import re

from ..parse.clauses import ENDINGS, split_clauses

__all__ = ["ENDINGS", "split_clauses", "clause_key", "find_clause", "find_clauses",
           "join_clauses", "with_ending",
           "ClauseLookupError"]
_SPACE = re.compile(r"\s+")


def clause_key(clause: str) -> str:
    """A clause without spaces and its closing mark: what the user writes to name it."""
    return _SPACE.sub("", clause).rstrip(ENDINGS + "，,")


class ClauseLookupError(LookupError):
    """No clause, or more than one, matches; `candidates` are the nearest clause keys."""

    def __init__(self, ambiguous: bool, candidates: list[str]):
        super().__init__(candidates)
        self.ambiguous = ambiguous
        self.candidates = candidates


def find_clause(query: str, *versions: list[str]) -> int:
    """Index of the clause `query` names (see find_clauses); a repeated clause is ambiguous."""
    found = find_clauses(query, *versions)
    if len(found) > 1:
        raise ClauseLookupError(True, [clause_key(versions[0][i]) for i in found][:3])
    return found[0]


def find_clauses(query: str, *versions: list[str]) -> list[int]:
    """Indexes of the clause `query` names: its full text, a unique prefix, or a unique part of
    it, in any of `versions`. Several indexes only when the body repeats that very clause.

    `versions` are parallel clause lists of one body (as the parent wrote it, after vocabulary).
    """
    want = clause_key(query)
    keys = [[clause_key(c) for c in clauses] for clauses in versions]
    for test in (str.__eq__, str.startswith, str.__contains__):
        hits = sorted({i for ks in keys for i, k in enumerate(ks) if want and test(k, want)})
        if len({keys[0][i] for i in hits}) == 1:
            return hits  # one clause, possibly written twice in the body
        if hits:
            raise ClauseLookupError(True, [keys[0][i] for i in hits][:3])
    pool = keys[0] + [k for ks in keys[1:] for k in ks]
    near = difflib.get_close_matches(want, pool, n=3, cutoff=0.3) or sorted(
        pool, key=lambda k: -difflib.SequenceMatcher(None, want, k[: len(want)]).ratio()
    )[:3]
    raise ClauseLookupError(False, list(dict.fromkeys(near)))


def join_clauses(clauses: list[str]) -> str:
    """Join kept clauses; a body that now ends on ； or ，ends on 。 instead."""
    text = "".join(clauses).rstrip()
    if text and text[-1] in "；;，,":
        text = text[:-1] + "。"
    return text


def with_ending(new: str, like: str) -> str:
    """A replacement clause ending with the mark of the clause it replaces, when it has none."""
    new = new.strip()
    if new and new[-1] not in ENDINGS and like.rstrip() and like.rstrip()[-1] in ENDINGS:
        new += like.rstrip()[-1]
    return new
