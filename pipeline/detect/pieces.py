"""Split long text into overlapping pieces at turn, sentence or word boundaries.

Detection on one long string is limited (spaCy refuses over 1,000,000 characters) and grows
faster than the text; in pieces of bounded size it is linear. Each piece *owns* the positions
between two cut points and reaches ``overlap / 2`` characters past them on both sides, so an
entity that starts in its owned range and is shorter than ``overlap / 2`` lies wholly inside
it, with context on both sides. A span is kept only from the piece that owns its start, so
nothing found on a boundary is lost or counted twice. Pure functions, no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PIECE_CHARS = 5_000
PIECE_OVERLAP = 1_000
_SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` is analysed; spans starting in ``[own_from, own_to)`` are kept."""

    start: int
    end: int
    own_from: int
    own_to: int


def _cut_near(text: str, at: int, lowest: int) -> int:
    """Return a boundary in ``(lowest, at]``: after a newline, a sentence end, or a space."""
    newline = text.rfind("\n", lowest + 1, at)
    if newline >= 0:
        return newline + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lowest + 1, at)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", lowest + 1, at)
    return space + 1 if space >= 0 else at


def split_pieces(text: str, size: int = PIECE_CHARS, overlap: int = PIECE_OVERLAP
                 ) -> list[Piece]:
    """Cut ``text`` into pieces of at most about ``size + overlap`` characters.

    The owned ranges partition ``[0, len(text))``; a text no longer than ``size`` is one piece.
    """
    if size <= overlap or overlap < 2:
        raise ValueError(f"piece size {size} must exceed the overlap {overlap} (>= 2)")
    n, half = len(text), overlap // 2
    if n <= size:
        return [Piece(0, n, 0, n)]
    step = size - overlap
    cuts = [0]
    while n - cuts[-1] > step:
        target = cuts[-1] + step
        cuts.append(_cut_near(text, target, target - step // 4))
    cuts.append(n)
    pieces = []
    for own_from, own_to in zip(cuts, cuts[1:], strict=False):
        left = max(0, own_from - half)
        if left > 0:
            space = text.rfind(" ", left - half // 2, left)
            left = space + 1 if space >= 0 else left
        right = min(n, own_to + half)
        if right < n:
            space = text.find(" ", right, right + half // 2)
            right = space if space >= 0 else right
        pieces.append(Piece(left, right, own_from, own_to))
    return pieces
