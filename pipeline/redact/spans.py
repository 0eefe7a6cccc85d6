"""Pure time-span algebra in seconds: pad, merge with a collar, clip, convert to samples.

Every operation here only ever keeps or widens the time covered by a set of spans.
"""

from __future__ import annotations

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


def covered(spans: Sequence[PiiSpan]) -> float:
    """Return the total time covered by ``spans`` (overlaps counted once)."""
    return sum(s.end - s.start for s in merge(spans))


def snap_to_pauses(span: PiiSpan, regions: Sequence[tuple[float, float, int]],
                   before: float, after: float, utterance: float = 0.0) -> PiiSpan:
    """Widen ``span`` to the edges of the speech regions its ends fall in, when close.

    A span ending inside a stretch of speech that itself ends within ``after`` seconds is
    widened to that end (the words a recogniser timed early or dropped at the end of a
    read-out); likewise its start, within ``before`` seconds. Only ever widens.
    """
    start, end = span.start, span.end
    for r0, r1, _ in regions:
        if r0 < span.end and span.start < r1 and r1 - r0 <= utterance:
            start, end = min(start, r0), max(end, r1)
        if r0 < end < r1 and r1 - end <= after:
            end = max(end, r1)
        if r0 < start < r1 and start - r0 <= before:
            start = min(start, r0)
    return replace(span, start=start, end=end) if (start, end) != (span.start, span.end) \
        else span
