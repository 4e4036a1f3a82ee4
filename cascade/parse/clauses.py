"""Clauses of a body text: pieces cut at 。；！？ outside brackets and quotes, one splitter for all.

Derive (which records the clauses a child plan drops) and compare (which must recognise them)
both split here, so a clause one names is a clause the other finds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that end a clause, and the brackets and quotes inside which they do not.
ENDINGS = "。；;！？!?"
OPEN = "（(［[【〔《“‘「"
CLOSE = "）)］]】〕》”’」"
# A piece shorter than this (NFKC, spaces ignored) is folded into its neighbour: 等。 is no clause.
MIN_CLAUSE = 4
_SPACE = re.compile(r"\s+")


def split_outside(text: str, marks: str, *, keep: bool = True, opens: str = OPEN,
                  closes: str = CLOSE) -> list[str]:
    """Cut `text` at each of `marks` outside brackets; `keep` ends a piece with its mark.

    Every piece is returned, the remainder after the last mark too (possibly empty); a closing
    bracket with nothing open is plain text.
    """
    pieces, depth, start = [], 0, 0
    for found in _scanner(marks, opens, closes).finditer(text):
        ch, i = found.group(), found.start()
        if ch in opens:
            depth += 1
        elif ch in closes and depth:
            depth -= 1
        elif ch in marks and depth == 0:
            pieces.append(text[start : i + 1] if keep else text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


@lru_cache(maxsize=64)
def _scanner(marks: str, opens: str, closes: str) -> re.Pattern:
    """A pattern finding every mark and bracket character, so plain text is skipped at once."""
    return re.compile("[" + re.escape(marks + opens + closes) + "]")


def sentence_pieces(text: str) -> list[str]:
    """The pieces of `text` ending at each clause mark outside brackets, blank ones left out."""
    return [piece for piece in split_outside(text or "", ENDINGS) if piece.strip()]


@lru_cache(maxsize=8192)
def clause_size(piece: str) -> int:
    """How long a piece reads: its characters after NFKC, white space not counted."""
    return len(_SPACE.sub("", unicodedata.normalize("NFKC", piece)))


def split_clauses(text: str, *, strip: bool = False) -> list[str]:
    """The clauses of a body, each with its closing mark, short fragments folded into a neighbour.

    Without `strip` the clauses put back together are the text (trailing white space aside);
    with it each clause loses its outer white space. Which clauses there are does not depend on it.
    """
    pieces = [p.strip() if strip else p for p in sentence_pieces(text)]
    out: list[str] = []
    for piece in pieces:
        if out and clause_size(piece) < MIN_CLAUSE:
            out[-1] += piece
        else:
            out.append(piece)
    if len(out) > 1 and clause_size(out[0]) < MIN_CLAUSE:
        out[1] = out[0] + out[1]
        out.pop(0)
    return out
