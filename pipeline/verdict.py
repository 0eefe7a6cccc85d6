"""Assemble one call's report: flags, risk items, the release decision and the masked text.

A pure function of what the stages produced; it writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import spans
from pipeline.audio_io import Audio
from pipeline.confidence import ENTITY as UNSURE
from pipeline.config import PiipConfig
from pipeline.coverage import ENTITY as UNTRANSCRIBED
from pipeline.report import transcript_flags
from pipeline.schema import Report, Transcript
from pipeline.textmap import redact_text, word_aligned


def call_flags(transcript: Transcript, planned: Any) -> list[str]:
    """Return the call-level review flags (documented in the README)."""
    flags = transcript_flags(len(transcript.words), transcript.speech_seconds)
    if any(s.entity_type == UNTRANSCRIBED for s in planned.located):
        flags.append("untranscribed_speech")
    if any(s.entity_type == UNSURE for s in planned.located):
        flags.append("unsure_speech")
    return flags


def call_report(source: Path, digest: str, audio: Audio, transcript: Transcript, planned: Any,
                cfg: PiipConfig, output: str, output_sha256: str) -> Report:
    """Return the report of a call that was anonymised (``status`` ``ok``)."""
    flags = call_flags(transcript, planned)
    lay = planned.layout
    aligned = [(*word_aligned(lay, s.start, s.end), s.entity_type) for s in planned.found]
    return Report(
        source=str(source), sha256=digest, status="ok",
        duration=round(audio.duration, 3), sample_rate=audio.sample_rate,
        channels=audio.channels, model=cfg.asr.name, config_hash=cfg.fingerprint(),
        redacted_transcript=redact_text(lay.text, aligned),
        spans=planned.located, review=tuple(flags), output=output,
        decision="review" if flags else "release",
        stats={"words": len(transcript.words),
               "speech_seconds": round(transcript.speech_seconds, 3),
               "bleeped_seconds": round(spans.covered(planned.to_bleep), 3),
               "output_sha256": output_sha256},
    )
