"""Anonymise one recording end to end: decode, transcribe, detect, locate, bleep, report.

``process_file`` never raises for a bad input: it returns a report with ``status="failed"``
and makes sure no audio output exists for that source.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from presidio_analyzer import AnalyzerEngine

from pipeline import audio_io, bleep, spans
from pipeline.confidence import ENTITY as UNSURE
from pipeline.config import PiipConfig
from pipeline.coverage import ENTITY as UNTRANSCRIBED
from pipeline.errors import PiipError
from pipeline.plan import plan
from pipeline.report import sha256_file, transcript_flags, write_json
from pipeline.schema import Report, TextSpan
from pipeline.textmap import TextLayout, redact_text, word_aligned
from pipeline.transcribe import Transcriber


@dataclass(frozen=True)
class Outputs:
    """Where one source's results go."""

    audio: Path
    report: Path

    @classmethod
    def for_source(cls, source: Path, input_dir: Path, out_dir: Path) -> Outputs:
        """Mirror ``source``'s place under ``input_dir`` into ``out_dir``."""
        rel = source.relative_to(input_dir).with_suffix("")
        base = out_dir / rel
        return cls(base.with_name(base.name + ".wav"), base.with_name(base.name + ".json"))


def _redacted_text(text: str, text_spans: list[TextSpan], lay: TextLayout) -> str:
    aligned = [(*word_aligned(lay, s.start, s.end), s.entity_type) for s in text_spans]
    return redact_text(text, aligned)


def _anonymise(source: Path, outputs: Outputs, cfg: PiipConfig, transcriber: Transcriber,
               analyzer: AnalyzerEngine | None, digest: str) -> Report:
    audio = audio_io.decode(source)
    transcript = transcriber(audio)
    planned = plan(transcript, audio.duration, cfg, analyzer)
    redacted = bleep.apply(audio.samples, audio.sample_rate, planned.to_bleep, cfg.bleep)
    audio_io.write_wav(outputs.audio, redacted, audio.sample_rate)
    flags = transcript_flags(len(transcript.words), transcript.speech_seconds)
    if any(s.entity_type == UNTRANSCRIBED for s in planned.located):
        flags.append("untranscribed_speech")
    if any(s.entity_type == UNSURE for s in planned.located):
        flags.append("unsure_speech")
    return Report(
        source=str(source), sha256=digest, status="review" if flags else "ok",
        duration=round(audio.duration, 3), sample_rate=audio.sample_rate,
        channels=audio.channels, model=cfg.asr.name, config_hash=cfg.fingerprint(),
        redacted_transcript=_redacted_text(planned.layout.text, list(planned.found),
                                           planned.layout),
        spans=planned.located, review=tuple(flags), output=str(outputs.audio),
        stats={"words": len(transcript.words),
               "speech_seconds": round(transcript.speech_seconds, 3),
               "bleeped_seconds": round(spans.covered(planned.to_bleep), 3)},
    )


def process_file(source: Path, outputs: Outputs, cfg: PiipConfig, transcriber: Transcriber,
                 analyzer: AnalyzerEngine | None = None) -> Report:
    """Anonymise ``source`` into ``outputs``; always writes a report, audio only on success."""
    began = time.monotonic()
    digest = ""
    try:
        digest = sha256_file(source)
        report = _anonymise(source, outputs, cfg, transcriber, analyzer, digest)
    except Exception as exc:  # noqa: BLE001 - fail closed on anything, report it
        outputs.audio.unlink(missing_ok=True)
        message = str(exc) if isinstance(exc, PiipError) else f"{source}: {type(exc).__name__}"
        report = Report(source=str(source), sha256=digest, status="failed",
                        model=cfg.asr.name, config_hash=cfg.fingerprint(),
                        error=f"{type(exc).__name__}: {message}")
    report = replace(report, stats={**report.stats,
                                    "wall_seconds": round(time.monotonic() - began, 3)})
    try:
        write_json(outputs.report, report.to_dict())
    except OSError:
        outputs.audio.unlink(missing_ok=True)  # no audio without its report
        raise
    return report
