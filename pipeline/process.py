"""Anonymise one recording end to end: decode, transcribe, detect, locate, bleep, report.

``process_file`` never raises for a bad input: it returns a report with ``status="failed"``
and makes sure no audio output exists for that source.

Publishing order (a reader of the output folder never sees audio without its report): the
redacted audio is written and verified under a temporary name, then the report is written,
then the audio is renamed into place. A crash between the two leaves a report whose audio is
missing, which the next run redoes (``Catalog.reconcile``); a failure removes the audio first
and then writes the failed report.

Reviewers' work on an earlier output (a :class:`~pipeline.review.human.HumanState`) is applied
on every run: their spans amend the plan before bleeping, and their approval holds only while
the new output's sha256 is the one they approved (:mod:`pipeline.review.rerun`).
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine

from pipeline.asr.whisper import Transcriber
from pipeline.audio import bleep
from pipeline.audio import io as audio_io
from pipeline.batch.outputs import Outputs, record_failure
from pipeline.config import PiipConfig
from pipeline.files import partial_path, sha256_file, write_json
from pipeline.gate.plan import plan
from pipeline.gate.verdict import call_report
from pipeline.review.human import HumanState, apply_human
from pipeline.review.rerun import amend_plan
from pipeline.schema import Report

__all__ = ["Outputs", "process_file", "record_failure"]


def _anonymise(source: Path, outputs: Outputs, cfg: PiipConfig, transcriber: Transcriber,
               analyzer: AnalyzerEngine | None, digest: str, human: HumanState | None
               ) -> tuple[Report, Path]:
    """Redact ``source``; return its report and the verified audio under a temporary name."""
    audio = audio_io.decode(source)
    transcript = transcriber(audio)
    planned = amend_plan(plan(transcript, audio.duration, cfg, analyzer), human,
                         audio.duration, cfg.bleep.merge_gap)
    redacted = bleep.apply(audio.samples, audio.sample_rate, planned.to_bleep, cfg.bleep)
    staged = audio_io.write_wav(outputs.guard(partial_path(outputs.audio)), redacted,
                                audio.sample_rate)
    report = call_report(source, digest, audio, transcript, planned, cfg,
                         output=str(outputs.audio), output_sha256=sha256_file(staged))
    if human is not None:
        report = Report.from_dict(apply_human(report.to_dict(), human))
    return report, staged


def process_file(source: Path, outputs: Outputs, cfg: PiipConfig, transcriber: Transcriber,
                 analyzer: AnalyzerEngine | None = None,
                 human: HumanState | dict[str, Any] | None = None) -> Report:
    """Anonymise ``source`` into ``outputs``; always writes a report, audio only on success.

    ``human``: what reviewers did to this call's earlier output (a :class:`HumanState` or
    its ``to_dict()``), applied to the spans and the decision.
    """
    began = time.monotonic()
    digest = ""
    staged: Path | None = None
    if isinstance(human, dict):
        human = HumanState.from_dict(human)
    try:
        digest = sha256_file(source)
        report, staged = _anonymise(source, outputs, cfg, transcriber, analyzer, digest, human)
        report = replace(report, stats={**report.stats,
                                        "wall_seconds": round(time.monotonic() - began, 3)})
        write_json(outputs.guard(outputs.report), report.to_dict())
        os.replace(staged, outputs.guard(outputs.audio))
        return report
    except Exception as exc:  # noqa: BLE001 - fail closed on anything, report it
        if staged is not None:
            staged.unlink(missing_ok=True)
        if isinstance(exc, OSError) and staged is not None and digest:
            # the report or the rename failed: no audio may stay without its report
            outputs.guard(outputs.audio).unlink(missing_ok=True)
        return record_failure(source, outputs, cfg, exc, digest, time.monotonic() - began)
