"""Decide what to bleep in one recording, from its transcript: a pure function of its inputs.

``plan`` runs detection on the transcript text, maps the found character spans to padded time
spans, adds untranscribed speech (fail closed), clips to the recording and merges. The
pipeline (``process.py``) and the benchmark's fast loop (``bench/diagnose.py``) both call it,
so what the benchmark iterates on is exactly what the pipeline bleeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine

from pipeline import spans
from pipeline.confidence import unreliable_speech
from pipeline.config import PiipConfig
from pipeline.coverage import uncovered_speech
from pipeline.detect import analyze_text
from pipeline.locate import locate
from pipeline.schema import PiiSpan, TextSpan, Transcript
from pipeline.textmap import TextLayout, layout
from pipeline.timing import narrow_untimed


@dataclass(frozen=True)
class Plan:
    """What was found in the text, where it is in time, and the merged spans to bleep."""

    layout: TextLayout
    found: tuple[TextSpan, ...]
    located: tuple[PiiSpan, ...]
    to_bleep: tuple[PiiSpan, ...]


def plan(transcript: Transcript, duration: float, cfg: PiipConfig,
         analyzer: AnalyzerEngine | None = None) -> Plan:
    """Return the redaction plan for ``transcript`` of a recording ``duration`` seconds long."""
    words = narrow_untimed(transcript.words)
    lay = layout(words, cfg.detect.turn_gap)
    found = analyze_text(lay.text, cfg.detect, analyzer)
    located = locate(found, words, lay, cfg.bleep, cfg.detect.review_below)
    if cfg.bleep.snap_after or cfg.bleep.snap_before or cfg.bleep.snap_utterance:
        located = [spans.snap_to_pauses(s, transcript.speech, cfg.bleep.snap_before,
                                        cfg.bleep.snap_after, cfg.bleep.snap_utterance)
                   for s in located]
    if cfg.bleep.untranscribed:
        # the words as transcribed: an untimed word was heard somewhere in its segment
        located += uncovered_speech(transcript.speech, transcript.words)
    if cfg.bleep.unsure_segment or cfg.bleep.unsure_word:
        located += [spans.pad(s, cfg.bleep.pad_before, cfg.bleep.pad_after) for s in
                    unreliable_speech(words, cfg.bleep.unsure_segment, cfg.bleep.unsure_word)]
    clipped = [c for c in (spans.clip(s, duration) for s in located) if c]
    return Plan(lay, tuple(found), tuple(clipped),
                tuple(spans.merge(clipped, cfg.bleep.merge_gap)))
