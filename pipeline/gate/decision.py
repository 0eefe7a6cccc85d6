"""The release gate's verdict on one call: ``release``, ``review``, ``quarantine`` or ``failed``.

A clip may leave Piip for training only when the decision is ``release``. :func:`decide` is
pure. Its reasons are short codes from a closed set:

- ``processing_failed`` (``failed``): the file could not be processed; there is no output.
- ``untrustworthy_speech`` (``quarantine``): more than ``gate.quarantine_share`` of the
  speech was bleeped because Whisper was unsure of it (``UNRELIABLE_SPEECH``) or returned no
  words for it (``UNTRANSCRIBED_SPEECH``, which includes speech under a repetition loop:
  :func:`pipeline.gate.timeline.loop_words`): too little would be left for training.
- ``no_words`` (``quarantine``): there is speech (a second or more) but no word at all.
- ``risk:<reason>`` (``review``): a risk item of that reason (see
  :data:`pipeline.schema.RISK_REASONS`) remains in unbleeped audio: a person must listen.
- ``sparse_transcript`` (``review``): few words for the speech; Whisper may have skipped
  speech between the words it timed, where nothing is bleeped.
- ``damaged_audio`` (``review``): the source decoded with errors; what was heard and where
  the bleeps fall may not match.
- ``unknown_flag`` (``review``): a call-level flag this gate does not know (fail closed).
- ``clean`` (``release``): no risk item and a trustworthy transcript.

The flags ``untranscribed_speech`` and ``unsure_speech`` alone do not force a review: that
speech is bleeped, so it cannot leak; too much of it quarantines the call instead.
``empty_transcript`` is the ``no_words`` case.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.config import GateConfig
from pipeline.redact.confidence import ENTITY as UNSURE
from pipeline.redact.coverage import ENTITY as UNTRANSCRIBED
from pipeline.schema import RISK_REASONS, PiiSpan, RiskItem

UNTRUSTED = frozenset({UNSURE, UNTRANSCRIBED})
REVIEW_FLAGS = frozenset({"sparse_transcript", "damaged_audio"})
BLEEPED_FLAGS = frozenset({"untranscribed_speech", "unsure_speech", "empty_transcript"})
MIN_SPEECH = 1.0  # seconds of speech below which a call with no words is not quarantined
REASONS = frozenset({"processing_failed", "untrustworthy_speech", "no_words", "clean",
                     "unknown_flag", *REVIEW_FLAGS, *(f"risk:{r}" for r in RISK_REASONS)})


def union(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the intervals merged where they overlap or touch, sorted."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def untrusted_share(speech: Sequence[tuple[float, float, int]],
                    located: Sequence[PiiSpan]) -> float:
    """Return the share of the speech (per channel, summed) bleeped as unsure/untranscribed."""
    total = inside = 0.0
    for ch in sorted({c for _, _, c in speech}):
        regions = union([(a, b) for a, b, c in speech if c == ch])
        bad = union([(s.start, s.end) for s in located
                      if s.entity_type in UNTRUSTED and s.channel == ch])
        total += sum(b - a for a, b in regions)
        inside += sum(max(0.0, min(b, y) - max(a, x)) for a, b in regions for x, y in bad)
    return inside / total if total > 0 else 0.0


def decide(*, failed: bool, risks: Sequence[RiskItem], flags: Sequence[str],
           located: Sequence[PiiSpan], speech: Sequence[tuple[float, float, int]],
           speech_seconds: float, word_count: int, gate: GateConfig
           ) -> tuple[str, tuple[str, ...]]:
    """Return (decision, reasons) for one call (see the module docstring).

    ``located`` are the spans bleeped (before merging, with their entity types), ``speech``
    the voice-activity regions, ``flags`` the report's call-level review flags.
    """
    if failed:
        return "failed", ("processing_failed",)
    if word_count == 0 and speech_seconds >= MIN_SPEECH:
        return "quarantine", ("no_words",)
    if untrusted_share(speech, located) > gate.quarantine_share:
        return "quarantine", ("untrustworthy_speech",)
    reasons = sorted({f"risk:{r.reason}" for r in risks})
    reasons += sorted({f for f in flags if f in REVIEW_FLAGS})
    if any(f not in REVIEW_FLAGS | BLEEPED_FLAGS for f in flags):
        reasons.append("unknown_flag")
    if reasons:
        return "review", tuple(reasons)
    return "release", ("clean",)
