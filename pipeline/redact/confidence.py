"""Fail closed on speech the recogniser was unsure of.

When Whisper's own confidence in a stretch of words is very low, the words are most likely
not what was said (noisy telephone audio, digits read fast), so personal data in it cannot
be ruled out. Such stretches are bleeped and flagged for review: a pure function from words
to spans.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from pipeline.schema import PiiSpan, Word

ENTITY = "UNRELIABLE_SPEECH"


def _gmean(probs: Sequence[float]) -> float:
    """Geometric mean of word probabilities (one bad word weighs like in a log-likelihood)."""
    return math.exp(sum(math.log(max(p, 1e-4)) for p in probs) / len(probs))


def unreliable_speech(words: Sequence[Word], segment_below: float, word_below: float = 0.0
                      ) -> list[PiiSpan]:
    """Return spans of segments whose mean word probability is under ``segment_below``.

    A segment is one Whisper decoding window's text on one channel; its geometric-mean word
    probability is how sure the model was of it. With ``word_below`` > 0, single words under
    that probability are also returned.
    """
    out: list[PiiSpan] = []
    segments: dict[tuple[int, int], list[Word]] = defaultdict(list)
    for w in words:
        segments[(w.channel, w.segment)].append(w)
    for (channel, _), seg in sorted(segments.items()):
        if segment_below and _gmean([w.prob for w in seg]) < segment_below:
            out.append(_span(min(w.start for w in seg), max(w.end for w in seg), channel))
        else:
            out.extend(_span(w.start, w.end, channel) for w in seg
                       if word_below and w.prob < word_below)
    return out


def _span(start: float, end: float, channel: int) -> PiiSpan:
    return PiiSpan(start, end, ENTITY, 0.5, "WordConfidence", channel, reason="low_confidence",
                   review=True)
