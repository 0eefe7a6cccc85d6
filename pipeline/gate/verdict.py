"""Assemble one call's report: flags, risk items, the release decision and the masked text.

A pure function of what the stages produced; it writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.audio.io import Audio
from pipeline.config import PiipConfig
from pipeline.gate.decision import decide
from pipeline.gate.plan import Plan, plan_utterances, redacted_transcript
from pipeline.redact import spans
from pipeline.redact.confidence import ENTITY as UNSURE
from pipeline.redact.coverage import ENTITY as UNTRANSCRIBED
from pipeline.schema import Report, Transcript

SPARSE_WORDS_PER_SECOND = 0.4


def transcript_flags(word_count: int, speech_seconds: float) -> list[str]:
    """Return review flags for a transcript that is empty or sparse for its speech."""
    if speech_seconds < 1.0:
        return []
    if word_count == 0:
        return ["empty_transcript"]
    if word_count / speech_seconds < SPARSE_WORDS_PER_SECOND:
        return ["sparse_transcript"]
    return []



def call_flags(transcript: Transcript, planned: Plan, audio: Audio) -> list[str]:
    """Return the call-level flags (documented in the README)."""
    flags = transcript_flags(len(transcript.words), transcript.speech_seconds)
    if any(s.entity_type == UNTRANSCRIBED for s in planned.located):
        flags.append("untranscribed_speech")
    if any(s.entity_type == UNSURE for s in planned.located):
        flags.append("unsure_speech")
    if audio.damage is not None:
        flags.append("damaged_audio")
    return flags


def call_report(source: Path, digest: str, audio: Audio, transcript: Transcript, planned: Plan,
                cfg: PiipConfig, output: str, output_sha256: str) -> Report:
    """Return the report of a call that was anonymised (``status`` ``ok``), with its decision."""
    flags = call_flags(transcript, planned, audio)
    decision, reasons = decide(
        failed=False, risks=planned.risks, flags=flags, located=planned.located,
        speech=transcript.speech, speech_seconds=transcript.speech_seconds,
        word_count=len(transcript.words), gate=cfg.gate)
    stats = {"words": len(transcript.words),
             "speech_seconds": round(transcript.speech_seconds, 3),
             "bleeped_seconds": round(spans.covered(planned.to_bleep), 3),
             "output_sha256": output_sha256}
    if audio.damage is not None:
        stats["damage"] = audio.damage.to_dict()
    return Report(
        source=str(source), sha256=digest, status="ok",
        duration=round(audio.duration, 3), sample_rate=audio.sample_rate,
        channels=audio.channels, model=cfg.asr.name, config_hash=cfg.fingerprint(),
        redacted_transcript=redacted_transcript(planned), spans=planned.located,
        review=tuple(flags), output=output, risks=planned.risks, decision=decision,
        decision_reasons=reasons, utterances=plan_utterances(planned), stats=stats,
    )
