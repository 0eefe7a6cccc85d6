"""Pure time-span algebra in seconds: pad, merge with a collar, clip, convert to samples.

Every operation here only ever keeps or widens the time covered by a set of spans.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.schema import PiiSpan


def pad(span: PiiSpan, before: float, after: float) -> PiiSpan:
    """Return ``span`` widened by ``before`` and ``after`` seconds (never below zero)."""
    return replace(span, start=max(0.0, span.start - before), end=span.end + after)


def clip(span: PiiSpan, duration: float) -> PiiSpan | None:
    """Return ``span`` limited to [0, duration], or None when nothing is left."""
    start, end = max(0.0, span.start), min(duration, span.end)
    if end <= start:
        return None
    return replace(span, start=start, end=end)


def _combine(a: PiiSpan, b: PiiSpan) -> PiiSpan:
    """Merge two overlapping spans; the surer label wins, review flags accumulate."""
    main = a if a.score >= b.score else b
    return replace(
        main,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        review=a.review or b.review,
    )


def merge(spans: Iterable[PiiSpan], collar: float = 0.0) -> list[PiiSpan]:
    """Merge spans that overlap or lie within ``collar`` seconds of each other.

    Channels are not kept apart: a merged span is bleeped on every channel.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out: list[PiiSpan] = []
    for span in ordered:
        if out and span.start <= out[-1].end + collar:
            out[-1] = _combine(out[-1], span)
        else:
            out.append(span)
    return out


def to_samples(start: float, end: float, rate: int, frames: int) -> tuple[int, int]:
    """Convert seconds to a sample range, rounding outward and clipping to ``frames``."""
    first = min(frames, max(0, math.floor(start * rate)))
    last = min(frames, math.ceil(end * rate))
    return first, max(first, last)


def covered(spans: Sequence[PiiSpan]) -> float:
    """Return the total time covered by ``spans`` (overlaps counted once)."""
    return sum(s.end - s.start for s in merge(spans))
