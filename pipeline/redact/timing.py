"""Narrow the fallback time of words whose timestamps were untrustworthy, from their neighbours.

The transcriber widens such a word to its whole segment (fail closed), which on a long
segment bleeps many seconds of other speech. The word was said after the last trustworthy
word before it and before the first trustworthy word after it (same channel and segment),
so its time is narrowed to that gap. The word stays marked ``timing_ok=False``, so the
redaction around it is still padded extra and flagged for review. Pure; only ever narrows a
fallback within the segment's own bounds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from pipeline.schema import Word

MIN_SECONDS = 0.2  # a gap narrower than this between neighbours keeps the wide fallback


def narrow_untimed(words: Sequence[Word]) -> tuple[Word, ...]:
    """Return ``words`` with each untimed word narrowed to the gap between its timed neighbours."""
    timed: dict[tuple[int, int], list[int]] = defaultdict(list)  # indices, in order
    for k, w in enumerate(words):
        if w.timing_ok:
            timed[(w.channel, w.segment)].append(k)
    out = list(words)
    for i, word in enumerate(words):
        if word.timing_ok:
            continue
        same = timed.get((word.channel, word.segment), [])
        p = bisect_left(same, i)
        start = max([word.start, *(words[k].end for k in same[p - 1:p] if p)])
        end = min([word.end, *(words[k].start for k in same[p:p + 1])])
        if end - start >= MIN_SECONDS:
            out[i] = replace(word, start=start, end=end)
    return tuple(out)
