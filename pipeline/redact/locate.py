"""Turn detected character spans into time spans to bleep, failing closed on bad timing."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from pipeline.config import BleepConfig
from pipeline.redact.textmap import TextLayout, time_of
from pipeline.schema import PiiSpan, TextSpan, Word

REVIEW_REASONS = frozenset({"context", "unvalidated", "fuzzy", "timing_fallback"})


def locate(
    text_spans: Sequence[TextSpan],
    words: Sequence[Word],
    layout: TextLayout,
    cfg: BleepConfig,
    review_below: float,
) -> list[PiiSpan]:
    """Map each text span to the padded time of the words it touches.

    A span touching a word whose timestamp was untrustworthy gets ``cfg.untimed_pad`` extra
    on both sides and is flagged for review. Spans are padded asymmetrically
    (``pad_before``/``pad_after``) but neither clipped nor merged here.
    """
    out: list[PiiSpan] = []
    for ts in text_spans:
        idx = layout.words_touching(ts.start, ts.end)
        if not idx:
            continue
        start, end, timed = time_of(words, idx)
        extra = 0.0 if timed else cfg.untimed_pad
        reason = ts.reason if timed else "timing_fallback"
        channel = Counter(words[i].channel for i in idx).most_common(1)[0][0]
        review = (ts.score < review_below or reason in REVIEW_REASONS)
        out.append(PiiSpan(
            start=math.floor(max(0.0, start - cfg.pad_before - extra) * 1000) / 1000,
            end=math.ceil((end + cfg.pad_after + extra) * 1000) / 1000,
            entity_type=ts.entity_type, score=ts.score, recognizer=ts.recognizer,
            channel=channel, reason=reason, review=review,
        ))
    return out
