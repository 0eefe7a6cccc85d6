"""Pure mapping between a transcript's words, the analysed text, and time.

The analysed text is the words joined by single spaces, with a newline between turns, so
a character span maps back to exactly the words it touches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.schema import Word


@dataclass(frozen=True)
class TextLayout:
    """The analysed text and the character span of every word in it."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def words_touching(self, start: int, end: int) -> range:
        """Return the indices of the words that overlap characters [start, end)."""
        if end <= start:
            return range(0)
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        return range(first, max(first, last))


def turn_breaks(words: Sequence[Word], gap: float) -> list[bool]:
    """Return, per word, whether a new turn starts before it (channel change or long pause)."""
    breaks = []
    for i, w in enumerate(words):
        if i == 0:
            breaks.append(False)
            continue
        prev = words[i - 1]
        breaks.append(w.channel != prev.channel or w.start - prev.end >= gap)
    return breaks


def layout(words: Sequence[Word], gap: float = 1.2) -> TextLayout:
    """Join ``words`` into the analysed text, a newline between turns."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for word, new_turn in zip(words, turn_breaks(words, gap), strict=True):
        text = word.text.strip() or "_"
        if parts:
            parts.append("\n" if new_turn else " ")
            pos += 1
        starts.append(pos)
        parts.append(text)
        pos += len(text)
        ends.append(pos)
    return TextLayout("".join(parts), tuple(starts), tuple(ends))


def time_of(words: Sequence[Word], indices: range) -> tuple[float, float, bool]:
    """Return (start, end, all_timed) covering the words at ``indices``."""
    chosen = [words[i] for i in indices]
    start = min(w.start for w in chosen)
    end = max(w.end for w in chosen)
    return start, end, all(w.timing_ok for w in chosen)


def redact_text(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Replace each (start, end, type) character span with ``<TYPE>``; overlaps merge."""
    out: list[str] = []
    pos = 0
    for start, end, label in sorted(spans):
        if start < pos:  # overlaps the previous span: widen it
            pos = max(pos, end)
            continue
        out.append(text[pos:start])
        out.append(f"<{label}>")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def word_aligned(layout_: TextLayout, start: int, end: int) -> tuple[int, int]:
    """Widen a character span to the whole words it touches."""
    idx = layout_.words_touching(start, end)
    if not idx:
        return start, end
    return min(start, layout_.starts[idx[0]]), max(end, layout_.ends[idx[-1]])
