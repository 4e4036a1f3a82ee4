"""Clause coverage: where the child plan keeps each parent clause, and how it changed it.

A parent clause is searched first in the child tasks aligned with its task (whole clauses, then
runs of two or three consecutive clauses for a sentence the child split), then anywhere in the
child plan with a stricter bar, so a clause moved to another task is still `covered` and says
where. A long clause the child rewrote shorter still counts as kept when one child clause drawn
mainly from it keeps a long word-for-word core or half its ，-phrases, and a child clause that is
clearly another parent clause's rewrite is no evidence for this one. A child clause copied from
one part of a parent clause is a cut: the clause is modified, its other phrases dropped.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..levels import AGENCY_SUFFIX, short_name, translate
from .clauses import TaskText
from .findings import Context, clause_findings
from .model import FINDING_TYPES, ClauseDiff
from .normalise import departments, normalise, tidy
from .similarity import coverage, redline, shared_runs
from .timing import deadline_findings

COVERED = 0.95  # share of a clause found for it to count as kept word for word
MODIFIED = 0.5  # share found in an aligned child task for it to count as kept, reworded
# A condensed rewrite: less of the parent clause survives, but the child clause is mostly made of
# it (两句并一句, 删去细节).
CONDENSED = 0.4  # share of the parent clause found …
DERIVED = 0.65  # … when this share of the child clause comes from it
MOVED = 0.8  # share found in any other child task for it to count as moved there
WINDOW = 3  # longest run of consecutive child clauses tried as one candidate
WINDOW_GAIN = 0.1  # how much better than the best single clause a run must do
# A long clause the child condensed (an enumeration cut short, a preamble dropped) is still kept
# when one child clause drawn mainly from it shares a long word-for-word core with it.
CORE_RUN = 15  # characters of the longest shared run …
CORE_SHARE = 0.15  # … and share of the parent clause in shared runs of MIN_RUN characters or more
# A child clause copied word for word from one part of a long parent clause is a cut, not a
# rewrite: what it left out was dropped (修订《条例》 gone, its last phrase kept verbatim).
CUT = 0.9  # share of the child clause taken from the parent clause that makes it a cut …
CUT_RUN = 8  # … when it keeps a phrase this long word for word
PART_MIN = 6  # characters of a ，-part that count as a phrase of its own
PART_KEPT = 0.8  # share of a ，-part found in the child clause for it to count as kept
REWORDED_RUN = 6  # characters of a shared run …
REWORDED_PART = 0.6  # … and share of each of half its phrases, for a clause reworded phrase-wise
CLAIM_MARGIN = 0.15  # how much more of a child clause another parent clause must account for


@dataclass
class Found:
    """The best child text for one parent clause."""

    task: int  # child task index
    start: int  # first child clause index
    end: int  # one past the last child clause index
    score: float  # share of the parent clause found in the child text
    back: float = 0.0  # share of the child text found in the parent clause
    core: bool = False  # the child clause keeps a long core of a condensed parent clause
    claimed: bool = False  # the child text is another parent clause's condensed rewrite
    shared: list = field(default_factory=list)  # other parent clauses the same child text holds

    @property
    def kept(self) -> bool:
        """True when the child text keeps the clause, word for word or reworded."""
        if self.claimed:
            return False
        return self.core or self.score >= MODIFIED or (
            self.score >= CONDENSED and self.back >= DERIVED)

    @property
    def rank(self) -> float:
        """Ordering key among candidates: mostly the parent's share, a little the child's."""
        return self.score + 0.25 * self.back


@dataclass
class Sides:
    """What clause checks need to know about the two plans."""

    parent_level: str
    parent_region: str | None
    parent_date: _dt.date | None
    child_level: str
    child_region: str | None
    child_date: _dt.date | None

    def local(self, text: str) -> str:
        """Parent text in the child's level words (省司法厅 → 市司法局); itself at one level."""
        if self.parent_level == self.child_level and self.parent_region == self.child_region:
            return text
        out = translate(text, self.parent_level, self.child_level,
                        from_region=self.parent_region, to_region=self.child_region)
        own = short_name(self.child_level, self.child_region)
        suffix = AGENCY_SUFFIX.get(self.child_level, AGENCY_SUFFIX["*"])
        return departments(out, self.parent_level, self.parent_region,
                           lambda name: own + name + suffix)

    def norm_parent(self, text: str) -> str:
        """The scoring form of parent text."""
        return normalise(text, self.parent_level, self.parent_region)

    def norm_child(self, text: str) -> str:
        """The scoring form of child text."""
        return normalise(text, self.child_level, self.child_region)


def find_clause(norm: str, row: int, linked: list[int], children: list[TaskText],
                scores) -> Found | None:
    """The best place for one parent clause (its normalised text and matrix row) in the child."""
    best: Found | None = None
    for j in linked:
        for col in scores.child_cols[j]:
            if not scores.usable(row, col):
                continue
            k = scores.child_index[col][1]
            found = Found(j, k, k + 1, float(scores.parent_in_child[row, col]),
                          float(scores.child_in_parent[col, row]))
            if best is None or found.rank > best.rank:
                best = found
    if best is None or best.score < COVERED:
        best = _try_windows(norm, row, linked, children, scores, best)
    if best is not None and best.kept:
        best.claimed = _claimed(best, row, scores)
        if not best.claimed:
            return best
    condensed = _find_core(norm, row, linked, children, scores)
    if condensed is not None:
        return condensed
    row_scores = scores.parent_in_child[row] * ((scores.owner < 0) | (scores.owner == row))
    if row_scores.size:
        col = int(row_scores.argmax())
        if float(row_scores[col]) >= MOVED:
            j, k = scores.child_index[col]
            back = float(scores.child_in_parent[col, row])
            return Found(j, k, k + 1, float(row_scores[col]), back)
    return best


def _try_windows(norm: str, row: int, linked: list[int], children: list[TaskText], scores,
                 best: Found | None) -> Found | None:
    """Runs of 2..WINDOW consecutive child clauses that each come mostly from this parent clause
    (the child split one sentence in several); a run must beat the best single clause."""
    for j in linked:
        cols = scores.child_cols[j]
        from_here = [_from_here(scores.child_in_parent[col], row) for col in cols]
        texts = children[j].norm
        for size in range(2, WINDOW + 1):
            for start in range(0, len(texts) - size + 1):
                if not all(from_here[start : start + size]):
                    continue
                run = "".join(texts[start : start + size])
                value = coverage(norm, run)
                if best is None or value > best.score + WINDOW_GAIN:
                    best = Found(j, start, start + size, value, coverage(run, norm))
    return best


def _find_core(norm: str, row: int, linked: list[int], children: list[TaskText],
               scores) -> Found | None:
    """A child clause of the aligned tasks, drawn mainly from this parent clause, that keeps a
    long word-for-word core of it (see CORE_RUN): the clause was condensed, not dropped."""
    best: tuple[int, Found] | None = None
    for j in linked:
        for col in scores.child_cols[j]:
            column = scores.child_in_parent[col]
            mine = float(column[row])
            if not scores.usable(row, col) or _elsewhere(column, row) > mine:
                continue
            k = scores.child_index[col][1]
            total, longest = shared_runs(norm, children[j].norm[k])
            # A cut (the child clause copied from one part of it): kept, what it left out is
            # reported dropped phrase by phrase.
            cut = mine >= CUT and longest >= CUT_RUN
            # Or reworded phrase by phrase: half its phrases still mostly there, one distinctive
            # run of words shared (分类分级分层).
            reworded = longest >= REWORDED_RUN and half_the_parts(
                norm, children[j].norm[k], REWORDED_PART)
            if cut or reworded or (longest >= CORE_RUN and total >= CORE_SHARE * len(norm)) or \
                    half_the_parts(norm, children[j].norm[k]):
                found = Found(j, k, k + 1, float(scores.parent_in_child[row, col]), mine,
                              core=True)
                # The child clause most drawn from it, by its shared words.
                if best is None or total * mine > best[0]:
                    best = (total * mine, found)
    return best[1] if best else None


def half_the_parts(norm: str, child: str, kept: float = PART_KEPT) -> bool:
    """True when at least half the ，-parts of a parent clause (two or more, each a phrase of its
    own) survive nearly word for word in one child clause: the child kept it, cut shorter."""
    parts = [p for p in re.split(r"[，,]", norm.rstrip("。；;")) if len(p) >= PART_MIN]
    if len(parts) < 2 or len(parts) != norm.count("，") + 1:
        return False
    found = sum(coverage(part, child) >= kept for part in parts)
    return found * 2 >= len(parts)


def _claimed(found: Found, row: int, scores) -> bool:
    """True when a child clause kept only as a condensed rewrite of this parent clause is, in
    fact, another parent clause's: that one accounts for clearly more of it."""
    if found.score >= MODIFIED or found.end - found.start != 1:
        return False
    col = scores.child_cols[found.task][found.start]
    return _elsewhere(scores.child_in_parent[col], row) >= found.back + CLAIM_MARGIN


def _elsewhere(column, row: int) -> float:
    """How much of a child clause another parent clause explains, when that is most of it
    (0 when no other parent clause accounts for half the child clause)."""
    others = column.copy()
    others[row] = 0.0
    best = float(others.max()) if others.size else 0.0
    return best if best >= 0.5 else 0.0


def _from_here(column, row: int) -> bool:
    """True when a child clause comes mostly from parent clause `row` and not from another."""
    mine = float(column[row])
    return mine >= 0.3 and float(column.max()) <= max(mine, 0.9)


def clause_diff(
    parent_clause: str, found: Found | None, children: list[TaskText], sides: Sides,
    parent_nearby: str = "",
) -> ClauseDiff:
    """The ClauseDiff of one parent clause given where it was found, with its findings;
    `parent_nearby` is the parent's clauses next to it (words they share are theirs)."""
    shown = tidy(parent_clause)
    if found is None or not found.kept:
        score = found.score if found else 0.0
        return ClauseDiff(shown, "missing", similarity=score)
    child = children[found.task]
    child_shown = tidy("".join(child.clauses[found.start : found.end]))
    local = sides.local(shown)
    same = tidy(local) == child_shown or sides.norm_parent(shown) == sides.norm_child(child_shown)
    findings = [] if same else _findings(shown, child_shown, child, found, sides, parent_nearby)
    ops = own_words_redline(shown, local, child_shown)
    status = "covered" if not findings and (same or found.score >= COVERED) else "modified"
    if same:
        ops = [(0, child_shown)]
    markup = "".join({-1: "[-{}-]", 0: "{}", 1: "{{+{}+}}"}[op].format(t) for op, t in ops)
    return ClauseDiff(shown, status, child_task=child.id, child_clause=child_shown,
                      similarity=found.score, redline=markup, findings=findings, ops=ops,
                      shared_with=tidy(found.shared[0]) if found.shared else None)


def _findings(shown: str, child_shown: str, child: TaskText, found: Found, sides: Sides,
              parent_nearby: str) -> list:
    """The findings of a kept clause that is not the same text (level words aside)."""
    # A phrase or date moved out of the clause is looked for in the child clauses next to it
    # (the child split or joined sentences), not anywhere in the task.
    nearby = tidy("".join(child.clauses[max(0, found.start - 1):found.end + 1]))
    ctx = Context(sides.local, sides.norm_parent, sides.norm_child, nearby,
                  sides.norm_parent(parent_nearby))
    findings = clause_findings(shown, child_shown, ctx)
    findings += deadline_findings(shown, sides.parent_date, child_shown, sides.child_date,
                                  child.task, nearby)
    findings.sort(key=lambda f: (f.parent_span or (10**6, 0), FINDING_TYPES.index(f.type)))
    return findings


def own_words_redline(shown: str, local: str, child: str) -> list[tuple[int, str]]:
    """The redline of parent against child in each plan's own words: computed on the parent put
    in the child's level words (so 省司法厅 → 市司法局 is no edit), then every deleted stretch
    shown as the parent wrote it."""
    from rapidfuzz.distance import Indel

    ops, _ = redline(local, child)
    if local == shown:
        return ops
    # Map each position of `local` back to `shown`.
    back = [0] * (len(local) + 1)
    for tag, i1, i2, j1, j2 in Indel.opcodes(shown, local):
        for k in range(j1, j2 + 1):
            back[k] = i1 + (min(k - j1, i2 - i1) if tag == "equal" else (i2 - i1 if k == j2 else 0))
    out, pos = [], 0
    for op, text in ops:
        if op == 1:
            out.append((op, text))
            continue
        end = pos + len(text)
        if op == -1:
            out.append((-1, shown[back[pos]:back[end]] or text))
        else:
            out.append((0, text))
        pos = end
    return out
