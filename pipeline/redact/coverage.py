"""Fail closed on speech the recogniser did not transcribe.

Whisper sometimes drops stretches of speech (noisy telephone audio, fast digits) or returns
words far from where they were said. Whatever was said there is unknown, so it is bleeped
and flagged for review: a pure function from voice-activity regions and words to spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from pipeline.schema import PiiSpan, Word

ENTITY = "UNTRANSCRIBED_SPEECH"


def _subtract(region: tuple[float, float], holes: Iterable[tuple[float, float]]
              ) -> list[tuple[float, float]]:
    """Return the parts of ``region`` not covered by ``holes``."""
    pieces = [region]
    for h0, h1 in holes:
        nxt = []
        for a, b in pieces:
            if h1 <= a or h0 >= b:
                nxt.append((a, b))
                continue
            if h0 > a:
                nxt.append((a, h0))
            if h1 < b:
                nxt.append((h1, b))
        pieces = nxt
    return pieces


def uncovered_speech(speech: Sequence[tuple[float, float, int]], words: Sequence[Word],
                     tolerance: float = 0.3, min_seconds: float = 0.5, join: float = 1.0
                     ) -> list[PiiSpan]:
    """Return spans of detected speech with no transcribed word within ``tolerance`` seconds.

    ``speech`` holds (start, end, channel) voice-activity regions. Words count on their own
    channel only. Uncovered pieces less than ``join`` seconds apart with no word between them
    are one stretch (a word said between two short bursts the detectors saw apart); stretches
    shorter than ``min_seconds`` are ignored (word-boundary jitter).
    """
    out = []
    for channel in sorted({c for _, _, c in speech}):
        mine = [w for w in words if w.channel == channel]
        holes = sorted((w.start - tolerance, w.end + tolerance) for w in mine)
        pieces = sorted(p for start, end, c in speech if c == channel
                        for p in _subtract((start, end), holes))
        for a, b in _joined(pieces, mine, join):
            if b - a >= min_seconds:
                out.append(PiiSpan(a, b, ENTITY, 0.5, "VoiceActivityCoverage", channel,
                                   reason="untranscribed", review=True))
    return out


def _joined(pieces: Sequence[tuple[float, float]], words: Sequence[Word], join: float
            ) -> list[tuple[float, float]]:
    """Merge overlapping pieces, and pieces within ``join`` seconds with no word between."""
    ordered = sorted(words, key=lambda w: w.start)
    starts = [w.start for w in ordered]
    out: list[tuple[float, float]] = []
    for a, b in pieces:
        if out and (a <= out[-1][1] or a - out[-1][1] <= join and not any(
                w.end <= a for w in ordered[bisect_left(starts, out[-1][1]):
                                            bisect_right(starts, a)])):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
