"""Build and write the per-recording JSON report, and the summaries safe to log."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.batch.atomic import partial_path
from pipeline.schema import Report

SPARSE_WORDS_PER_SECOND = 0.4


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def transcript_flags(word_count: int, speech_seconds: float) -> list[str]:
    """Return review flags for a transcript that is empty or sparse for its speech."""
    if speech_seconds < 1.0:
        return []
    if word_count == 0:
        return ["empty_transcript"]
    if word_count / speech_seconds < SPARSE_WORDS_PER_SECOND:
        return ["sparse_transcript"]
    return []


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` atomically: temporary name beside it, fsync, rename."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(final)
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def write_json(path: str | Path, data: dict[str, Any]) -> Path:
    """Write JSON atomically."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2))


def summary(report: Report) -> dict[str, Any]:
    """Return what may be logged or returned to Prefect: counts, types, times, hashes only."""
    return {
        "source_sha256": report.sha256[:16],
        "status": report.status,
        "decision": report.decision or report.status,
        "duration": round(report.duration, 3),
        "spans": len(report.spans),
        "by_type": dict(Counter(s.entity_type for s in report.spans)),
        "review": len([s for s in report.spans if s.review]) + len(report.review),
        "error_kind": report.error.split(":", 1)[0] if report.error else "",
        "bleeped_seconds": round(report.stats.get("bleeped_seconds", 0.0), 3),
        "wall_seconds": round(report.stats.get("wall_seconds", 0.0), 3),
    }
