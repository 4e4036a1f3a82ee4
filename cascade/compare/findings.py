"""Typed findings of one kept clause, phrase by phrase, quoted in each plan's own words.

The parent clause is cut into phrases at ，；： (outside brackets). Each phrase is looked up in
the child clause (and, failing that, anywhere in the child task, for a phrase the child moved to
a neighbouring sentence); a phrase found nowhere is `phrase_dropped`. A found phrase is compared
with the child's phrase it became: ranked duty and scope words (wording.py), prohibitions and
permissions, 、-list items and numeric targets (targets.py). The parent phrase is first put in
the child's level words, so level vocabulary (各地级以上市 → 各县（市、区）) is never a finding;
spans point into the clauses as shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..parse.clauses import split_outside
from .model import Finding
from .similarity import coverage
from .targets import targets_lowered as lowered
from .wording import (
    DUTY_DELETION_RANK,
    SCOPE_DELETION_RANK,
    lost_rank,
    reversed_rules,
    softened,
    tokens,
)

PIECE_MARKS = "，,；;：:。！？"
PIECE_MIN = 6  # characters of a phrase (level words as one) that can be reported dropped
PIECE_KEPT = 0.6  # share of a phrase found in the child for it to count as kept
MOVED_KEPT = 0.85  # … found in a neighbouring child sentence (moved there nearly as it was)
ITEM_MIN = 2  # characters of a 、-list item that count as an item of its own
ITEM_MAX = 12  # a 、-piece longer than this is a phrase, not a listed subject
ITEM_KEPT = 0.75  # share of a longer list item that must survive
LIST_MIN = 3  # items a 、-list needs before a missing one narrows it


@dataclass
class Context:
    """What clause findings need besides the two clauses."""

    translate: Callable[[str], str]  # parent words → the child's level words
    norm_parent: Callable[[str], str]  # scoring form of parent text
    norm_child: Callable[[str], str]  # scoring form of child text
    elsewhere: str = ""  # the child clauses next to the one found, as shown
    parent_nearby: str = ""  # the parent clauses next to this one, scoring form


def spans(text: str, marks: str = PIECE_MARKS) -> list[tuple[int, int]]:
    """[start, end) of each piece of `text` cut at `marks` outside brackets (mark excluded); a
    long bracketed aside (（未明确…计算）) is a phrase of its own when cutting phrases."""
    return list(_spans(text, marks))


@lru_cache(maxsize=8192)
def _spans(text: str, marks: str) -> tuple[tuple[int, int], ...]:
    """spans, remembered (a clause is cut again for every phrase looked up in it)."""
    out, pos = [], 0
    for piece in split_outside(text, marks, keep=True):
        end = pos + len(piece)
        core = piece.rstrip(marks)
        if core.strip():
            out += _asides(text, pos, pos + len(core)) if marks == PIECE_MARKS else [
                (pos, pos + len(core))]
        pos = end
    return tuple(out)


ASIDE_MIN = 8  # characters inside a bracketed aside that make it a phrase of its own
_ASIDE = re.compile(rf"（[^（）]{{{ASIDE_MIN},}}）")


def _asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut around its long bracketed asides."""
    out, pos = [], start
    for m in _ASIDE.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        out.append((m.start(), m.end()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


_TIME_WORD = re.compile(r"[年月日季旬周]|长期|持续|之日|以内|期间")


@lru_cache(maxsize=8192)
def _undated(piece: str) -> str:
    """A phrase without its deadline words (于2024年6月底前建立清单 → 于建立清单)."""
    from ..parse.deadlines import find_deadlines

    if not _TIME_WORD.search(piece):
        return piece
    for deadline in find_deadlines(piece):
        piece = piece.replace(deadline.text, "")
    return piece


def _window(child: str, start: int, end: int) -> tuple[int, int]:
    """The child pieces that overlap [start, end), as one span (the phrase the parent's became)."""
    parts = [(a, b) for a, b in spans(child) if a < max(end, start + 1) and b > start]
    if not parts:
        return start, end
    return parts[0][0], parts[-1][1]


def _locate(piece: str, child: str) -> tuple[int, int, float]:
    """Where `piece` sits in `child`: the aligned stretch and its score (0..1)."""
    from rapidfuzz import fuzz

    if not child:
        return 0, 0, 0.0
    found = fuzz.partial_ratio_alignment(piece, child)
    if found is None:
        return 0, 0, 0.0
    return found.dest_start, found.dest_end, found.score / 100.0


def clause_findings(parent: str, child: str, ctx: Context) -> list[Finding]:
    """Every finding between a parent clause and the child clause that keeps it (both as shown)."""
    out: list[Finding] = []
    clause = tokens(ctx.translate(parent))
    pieces = [(a, b) for a, b in spans(parent) if ctx.norm_parent(parent[a:b]).strip("，。；：、 ")]
    places = _places(parent, pieces, child, ctx)
    for (a, b), seen in zip(pieces, places):
        piece = parent[a:b]
        local = ctx.translate(piece)
        norm = _scoring(piece, ctx)
        start, end, _ = _locate(local, seen)
        w0, w1 = _window(seen, start, end)
        kept = coverage(norm, ctx.norm_child(_undated(seen[w0:w1]))) if seen and norm else float(
            bool(seen))
        offset: int | None = w0
        target = child[w0:w1]
        if kept < PIECE_KEPT:
            whole = coverage(norm, ctx.norm_child(_undated(seen))) if seen else 0.0
            moved = ctx.elsewhere and coverage(
                norm, ctx.norm_child(_undated(ctx.elsewhere))) >= MOVED_KEPT and (
                not ctx.parent_nearby or coverage(norm, ctx.parent_nearby) < MOVED_KEPT)
            if whole >= PIECE_KEPT:
                target, offset = child, 0
            elif moved:
                # Moved to the next sentence, unless the parent's next sentence says it too.
                s, e, _ = _locate(local, ctx.elsewhere)
                s, e = _window(ctx.elsewhere, s, e)
                target, offset = ctx.elsewhere[s:e], None
            else:
                if len(norm) >= PIECE_MIN:
                    out.append(Finding("phrase_dropped", piece, None, (a, b), None,
                                       f"下级删去了「{_clip(piece)}」"))
                continue
        out += _piece_findings(piece, a, local, target, offset, ctx, clause)
    return out


BLANK = "\u2591"  # stands for child words another parent phrase already rests on


def _scoring(piece: str, ctx: Context) -> str:
    """A phrase's scoring form without its dates (dates are judged date by date, timing.py);
    empty for a phrase that is only a date (每年4月底前，…): it is kept wherever the clause is."""
    norm = ctx.norm_parent(_undated(piece))
    return norm if norm.strip("，。；：、于在前 ") else ""


def _places(parent: str, pieces: list[tuple[int, int]], child: str, ctx: Context) -> list[str]:
    """For each parent phrase, the child clause as it may be searched: a child phrase holds
    one parent phrase, so where two parent phrases land on the same child phrase, the one it
    holds less of searches the child without the stretch the other rests on."""
    found = []
    for a, b in pieces:
        norm = _scoring(parent[a:b], ctx)
        start, end, _ = _locate(ctx.translate(parent[a:b]), child)
        window = _window(child, start, end)
        score = coverage(norm, ctx.norm_child(_undated(child[slice(*window)]))) if norm else 0.0
        found.append((window, score, start, end))
    out = [child] * len(pieces)
    best: dict[tuple[int, int], int] = {}
    for k, (window, score, _, _) in enumerate(found):
        if score >= PIECE_KEPT and (window not in best or score > found[best[window]][1]):
            best[window] = k
    for k, (window, score, _, _) in enumerate(found):
        owner = best.get(window)
        if owner is None or owner == k or not score:
            continue
        _, _, start, end = found[owner]
        out[k] = child[:start] + BLANK * (end - start) + child[end:]
    return out


def _piece_findings(piece: str, a: int, local: str, target: str, offset: int | None,
                    ctx: Context, clause: list) -> list[Finding]:
    """Findings inside one kept phrase: words, list items, targets."""
    out: list[Finding] = []
    mine = _own_tokens(piece, local)
    theirs = tokens(target)

    def child_span(tok):
        return None if tok is None or offset is None else (offset + tok.start, offset + tok.end)

    reversed_words = set()
    for p, c in reversed_rules(mine, theirs):
        reversed_words.add(p.start)
        out.append(Finding("duty_reversed", p.word, c.word if c else None,
                           (a + p.start, a + p.end), child_span(c),
                           f"「{p.word}」改成了「{c.word if c else '（删去）'}」，要求反转"))
    for table, kind, what, rank in (("duty", "duty_weakened", "要求弱化", DUTY_DELETION_RANK),
                                    ("prohibition", "duty_weakened", "禁止性要求弱化", 0),
                                    ("scope", "scope_narrowed", "范围缩小", SCOPE_DELETION_RANK)):
        for p, c in lost_rank(mine, theirs, table, rank):
            if p.start in reversed_words:
                continue
            said = f"改成了「{c.word}」" if c else "被删去"
            out.append(Finding(kind, p.word, c.word if c else None, (a + p.start, a + p.end),
                               child_span(c), f"「{p.word}」{said}，{what}"))
    if not any(f.type == "duty_weakened" for f in out):
        for p, c in softened(mine, theirs, clause):
            out.append(Finding("duty_weakened", p.word, c.word, (a + p.start, a + p.end),
                               child_span(c), f"下级加上了「{c.word}」，「{p.word}」的要求弱化"))
    out += _dropped_items(piece, a, local, target, ctx)
    for detail in lowered(piece, target):
        ps = piece.find(detail.parent)
        cs = target.find(detail.child)
        out.append(Finding("target_lowered", detail.parent, detail.child,
                           (a + ps, a + ps + len(detail.parent)) if ps >= 0 else None,
                           (offset + cs, offset + cs + len(detail.child))
                           if cs >= 0 and offset is not None else None,
                           f"「{detail.parent}」降为「{detail.child}」"))
    return out


def _own_tokens(piece: str, local: str):
    """Tokens of the parent phrase in the child's level words that the parent itself wrote
    (a word brought in by level translation is no duty of the parent's), at the parent's places."""
    out, used = [], set()
    for tok in tokens(local):
        pos = piece.find(tok.word)
        while pos >= 0 and pos in used:
            pos = piece.find(tok.word, pos + 1)
        if pos < 0:
            continue
        used.add(pos)
        out.append(type(tok)(pos, pos + len(tok.word), tok.word, tok.table, tok.rank))
    return out


# Listed items that name levels or governments: the child names its own.
LEVEL_ITEM = re.compile(r"地级以上|县（市、区）|[省市县区镇乡]政府|^各地|^[省市县区]$|乡镇|街道")
_DEPARTMENT_END = re.compile(r"[厅局委]$")
_ITEM_EDGE = re.compile(r"^(?:以及|和|与|及(?![时早]))|(?:等等|等)$")


def _dropped_items(piece: str, a: int, local: str, target: str, ctx: Context) -> list[Finding]:
    """、-items of the phrase absent from the child's phrase and from the rest of the child.

    A long item (a phrase of its own, or either half of a two-item pair) is dropped when too
    little of it is found; a short item of a list of three or more (a listed subject or sector)
    when its words are not found, and the list of covered subjects is narrower too. The first
    and last items carry the phrase's words around the list, so only their ends next to the
    list (as long as a typical inner item) count as the item."""
    items = spans(piece, "、")
    if len(items) < 2:
        return []
    raw = target + ctx.elsewhere
    theirs = ctx.norm_child(_undated(raw))
    inner = sorted(e - s for s, e in items[1:-1])
    typical = inner[len(inner) // 2] if inner else 0
    out = []
    for k, (s, e) in enumerate(items):
        s, e = _strip_edges(piece, s, e)
        item = piece[s:e]
        if item not in local:
            continue  # level words (各地级以上市政府) are the child's own business
        norm = ctx.norm_parent(_undated(item))
        if len(norm) >= PIECE_MIN and (len(items) == 2 or len(item) > ITEM_MAX):
            if item not in raw and coverage(norm, theirs) < PIECE_KEPT:
                out.append(Finding("phrase_dropped", item, None, (a + s, a + e), None,
                                   f"下级删去了「{_clip(item)}」"))
            continue
        if len(items) < LIST_MIN or not typical or typical > ITEM_MAX:
            continue
        if k == 0:
            s = max(s, e - typical)
        elif k == len(items) - 1:
            e = min(e, s + typical)
        item = piece[s:e]
        norm = ctx.norm_parent(item)
        if len(norm) < ITEM_MIN or norm != item and len(item) <= 3 or LEVEL_ITEM.search(item):
            continue  # a level word (省、市、县, 各地级以上市) is the child's own business
        bare = _DEPARTMENT_END.sub("", item) if len(item) >= 3 else item  # 财政厅 / 财政局
        lead = tokens(bare)
        if lead and lead[0].start == 0 and lead[0].table == "duty" and len(bare) - lead[0].end >= 2:
            bare = bare[lead[0].end:]  # 完善联合检查: the verb is the phrase's, the item 联合检查
            norm = ctx.norm_parent(bare)
        if bare not in raw and ctx.translate(item) not in raw and not _item_kept(norm, theirs):
            span = (a + s, a + e)
            out.append(Finding("phrase_dropped", item, None, span, None,
                               f"列举中删去了「{item}」"))
            out.append(Finding("scope_narrowed", item, None, span, None,
                               f"列举的范围少了「{item}」"))
    return out


def _strip_edges(piece: str, s: int, e: int) -> tuple[int, int]:
    """An item's span without a leading 和/及/以及 or a trailing 等."""
    m = _ITEM_EDGE.search(piece[s:e])
    while m:
        if m.start() == 0 and m.end() < e - s:
            s += m.end()
        elif m.end() == e - s and m.start() > 0:
            e -= m.end() - m.start()
        else:
            break
        m = _ITEM_EDGE.search(piece[s:e])
    return s, e


def _item_kept(norm: str, theirs: str) -> bool:
    """True when a listed item's words survive in the child: as they are, or nearly so in one
    short stretch (行政征收征用 kept as 行政征收、行政征用)."""
    from rapidfuzz.distance import LCSseq

    if norm in theirs:
        return True
    if len(norm) <= 3:
        return False
    start, end, score = _locate(norm, theirs)
    if score < 0.5:
        return False
    region = theirs[max(0, start - len(norm)):end + len(norm)]
    return LCSseq.similarity(norm, region) >= ITEM_KEPT * len(norm) and coverage(
        norm, region) >= 0.6


def _clip(text: str, limit: int = 24) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


LOCATE_MIN = 0.4  # alignment score below which a parent phrase has no place in the child


def phrase_window(parent: str, span: tuple[int, int] | None, child: str) -> tuple[int, int]:
    """The child phrase that the parent phrase holding `span` became ((0, 0) when none)."""
    if span is None or not child:
        return 0, 0
    piece = next(((a, b) for a, b in spans(parent) if a <= span[0] < b), None)
    if piece is None:
        return 0, 0
    start, end, score = _locate(_undated(parent[piece[0]:piece[1]]), child)
    if score < LOCATE_MIN:
        return 0, 0
    # The one child phrase it overlaps most (a long alignment may reach into the next one).
    overlap = [(min(end, b) - max(start, a), a, b) for a, b in spans(child)]
    best = max(overlap, default=(0, 0, 0))
    return (best[1], best[2]) if best[0] > 0 else (0, 0)
