"""Decide what to bleep in one recording, from its transcript: a pure function of its inputs.

``plan`` runs detection on the transcript text, maps the found character spans to padded time
spans, adds untranscribed speech (fail closed), clips to the recording and merges. Then the
release gate looks at what is still audible (:mod:`pipeline.gate.risks`): residue that is very
likely personal data is bleeped too (fail closed), the spans are merged again, and what a
person must still listen to is kept as risk items. The
pipeline (``process.py``) and the benchmark's fast loop (``bench/diagnose.py``) both call it,
so what the benchmark iterates on is exactly what the pipeline bleeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine

from pipeline.config import PiipConfig
from pipeline.detect.analyzer import analyze_text
from pipeline.gate.risks import find_risks
from pipeline.gate.text import masked_text, utterances
from pipeline.gate.timeline import loop_words
from pipeline.redact import spans
from pipeline.redact.confidence import unreliable_speech
from pipeline.redact.coverage import uncovered_speech
from pipeline.redact.locate import locate
from pipeline.redact.textmap import TextLayout, layout
from pipeline.redact.timing import narrow_untimed
from pipeline.schema import PiiSpan, RiskItem, TextSpan, Transcript, Utterance, Word


@dataclass(frozen=True)
class Plan:
    """What was found, where it is in time, the merged spans to bleep, and the risks left.

    ``words`` are the transcript's words with untimed ones narrowed, as the layout was built.
    """

    layout: TextLayout
    found: tuple[TextSpan, ...]
    located: tuple[PiiSpan, ...]
    to_bleep: tuple[PiiSpan, ...]
    risks: tuple[RiskItem, ...] = ()
    words: tuple[Word, ...] = ()


def plan(transcript: Transcript, duration: float, cfg: PiipConfig,
         analyzer: AnalyzerEngine | None = None) -> Plan:
    """Return the redaction plan for ``transcript`` of a recording ``duration`` seconds long."""
    words = narrow_untimed(transcript.words)
    looped = loop_words(words)  # the same texts and order as the transcript's words
    lay = layout(words, cfg.detect.turn_gap)
    found = analyze_text(lay.text, cfg.detect, analyzer)
    located = locate(found, words, lay, cfg.bleep, cfg.detect.review_below)
    if cfg.bleep.snap_after or cfg.bleep.snap_before or cfg.bleep.snap_utterance:
        located = [spans.snap_to_pauses(s, transcript.speech, cfg.bleep.snap_before,
                                        cfg.bleep.snap_after, cfg.bleep.snap_utterance)
                   for s in located]
    if cfg.bleep.untranscribed:
        # the words as transcribed: an untimed word was heard somewhere in its segment; the
        # words of a repetition loop describe nothing, so the speech under them is untranscribed
        heard = [w for k, w in enumerate(transcript.words) if k not in looped]
        located += uncovered_speech(transcript.speech, heard)
    if cfg.bleep.unsure_segment or cfg.bleep.unsure_word:
        located += [spans.pad(s, cfg.bleep.pad_before, cfg.bleep.pad_after) for s in
                    unreliable_speech(words, cfg.bleep.unsure_segment, cfg.bleep.unsure_word)]
    clipped = [c for c in (spans.clip(s, duration) for s in located) if c]
    merged = spans.merge(clipped, cfg.bleep.merge_gap)
    narrowband = 0 < transcript.sample_rate <= cfg.gate.narrowband_hz
    gate = find_risks(words, lay, found, merged, transcript.speech, transcript.channels,
                      cfg.gate, (cfg.bleep.pad_before, cfg.bleep.pad_after), narrowband,
                      looped)
    clipped += [c for c in (spans.clip(s, duration) for s in gate.bleeps) if c]
    risks = [c for c in (_clip_risk(r, duration) for r in gate.items) if c]
    return Plan(lay, tuple(found), tuple(clipped),
                tuple(spans.merge(clipped, cfg.bleep.merge_gap)), tuple(risks), words)


def _clip_risk(item: RiskItem, duration: float) -> RiskItem | None:
    start, end = max(0.0, item.start), min(duration, item.end)
    return RiskItem(start, end, item.channel, item.reason) if end > start else None


def _masked(p: Plan) -> tuple[PiiSpan, ...]:
    """Bleeps whose words are masked in text although no entity was found there."""
    return tuple(s for s in p.located if s.recognizer in {"ReleaseGate", "WordConfidence"})


def redacted_transcript(p: Plan) -> str:
    """Return the plan's redacted transcript: ``<TYPE>`` entities, ``<RISK>`` risk stretches."""
    return masked_text(p.layout, p.words, p.found, p.risks, _masked(p))


def plan_utterances(p: Plan) -> tuple[Utterance, ...]:
    """Return the plan's turns with times and redacted, masked text."""
    return utterances(p.layout, p.words, p.found, p.risks, _masked(p))
