"""Character-level revisions grouped into words: a changed number, Latin word or short phrase is
replaced whole, not one character at a time.

The edit script comes from the diff's own redline (compare.similarity.redline: minimal edits,
merged and semantically cleaned by diff-match-patch) over the texts without whitespace (spacing
is layout: the child's is put back as it was); a change touching digits or Latin letters takes in the rest of that number
or word, and changes separated by one or two characters of the same phrase become one.
"""

from __future__ import annotations

import re

from ..compare.similarity import redline

_SPACE = re.compile(r"\s+")
SHORT_EQUAL = 2  # an unchanged stretch this short between two changes is swallowed by them
_WORD = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ.．%％]")
_BREAK = set("，。；：、！？,.;:!?（）()《》“”\"'")


def word_ops(old: str, new: str) -> list[tuple[int, str]]:
    """Edit operations (-1 delete, 0 equal, 1 insert) turning `old` into `new`, word-grouped.

    Joining the 0/-1 texts gives `old` and joining the 0/1 texts gives `new` (whitespace that
    changes alone may be kept on either side only: it is layout).
    """
    if old == new:
        return [(0, old)] if old else []
    ops, _ = redline(_SPACE.sub("", old), _SPACE.sub("", new))
    groups = _groups(ops)
    groups = _widen(groups)
    groups = _join(groups)
    out: list[tuple[int, str]] = []
    for group in groups:
        if isinstance(group, str):
            if group:
                out.append((0, group))
            continue
        deleted, inserted = group
        if deleted:
            out.append((-1, deleted))
        if inserted:
            out.append((1, inserted))
    return _respace(out, new)


def _respace(ops: list[tuple[int, str]], new: str) -> list[tuple[int, str]]:
    """Put the child's whitespace back into the equal and inserted texts (it was left out of
    the comparison: spacing is layout); the parent's spacing is dropped."""
    out: list[tuple[int, str]] = []
    pos = 0
    for op, text in ops:
        if op == -1:
            out.append((op, text))
            continue
        piece = []
        for char in text:
            while pos < len(new) and new[pos] != char and new[pos].isspace():
                piece.append(new[pos])
                pos += 1
            piece.append(char)
            pos += 1
        out.append((op, "".join(piece)))
    if pos < len(new):
        out.append((0, new[pos:]))
    return out


def _groups(ops) -> list:
    """Ops as alternating equal strings and [deleted, inserted] edit groups."""
    out: list = []
    for op, text in ops:
        if op == 0:
            out.append(text)
            continue
        if not out or isinstance(out[-1], str):
            out.append(["", ""])
        out[-1][0 if op == -1 else 1] += text
    return out


def _widen(groups: list) -> list:
    """An edit that touches a digit or Latin letter takes in the rest of that number or word."""
    for i, group in enumerate(groups):
        if isinstance(group, str):
            continue
        edited = group[0] + group[1]
        if i > 0 and isinstance(groups[i - 1], str) and _WORD.match(edited[:1] or " "):
            prev = groups[i - 1]
            cut = len(prev)
            while cut > 0 and _WORD.match(prev[cut - 1]):
                cut -= 1
            groups[i - 1], moved = prev[:cut], prev[cut:]
            group[0], group[1] = moved + group[0], moved + group[1]
        if i + 1 < len(groups) and isinstance(groups[i + 1], str) and _WORD.match(edited[-1:] or " "):
            nxt = groups[i + 1]
            cut = 0
            while cut < len(nxt) and _WORD.match(nxt[cut]):
                cut += 1
            moved, groups[i + 1] = nxt[:cut], nxt[cut:]
            group[0], group[1] = group[0] + moved, group[1] + moved
    return groups


def _join(groups: list) -> list:
    """Two edits separated by a very short unchanged stretch (no punctuation) become one."""
    out: list = []
    for group in groups:
        if (not isinstance(group, str) and len(out) >= 2 and not isinstance(out[-2], str)
                and isinstance(out[-1], str) and 0 < len(out[-1]) <= SHORT_EQUAL
                and not _BREAK & set(out[-1])):
            between = out.pop()
            last = out[-1]
            last[0] += between + group[0]
            last[1] += between + group[1]
            continue
        out.append(group)
    return out
