"""Small pure helpers for batch runs: planning against the catalog, per-worker settings, totals.

Everything here deals in paths, sizes, hashes and counts; never in transcript content.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.catalog import Catalog
from pipeline.config import PiipConfig
from pipeline.process import Outputs
from pipeline.report import sha256_file


def for_workers(cfg: PiipConfig, workers: int) -> PiipConfig:
    """Split the CPU threads between ``workers`` processes unless the config fixes them."""
    if workers <= 1 or cfg.asr.cpu_threads:
        return cfg
    threads = max(1, (os.cpu_count() or 1) // workers)
    return cfg.model_copy(update={"asr": cfg.asr.model_copy(update={"cpu_threads": threads})})


def fingerprint_of(path: Path) -> tuple[str, int, float]:
    """Return (sha256, size, mtime) of a source."""
    st = path.stat()
    return sha256_file(path), st.st_size, st.st_mtime


def rel_outputs(source: Path, src: Path, dst: Path) -> dict[str, str]:
    """Return the source's output paths relative to ``dst``, as the catalog stores them."""
    out = Outputs.for_source(source, src, dst)
    return {"audio": out.audio.relative_to(dst).as_posix(),
            "report": out.report.relative_to(dst).as_posix()}


def plan(cat: Catalog, sources: list[Path], src: Path, cfg: PiipConfig, force: bool
         ) -> list[Path]:
    """Return the sources that need processing: new, changed, failed, or done differently."""
    listing = []
    for path in sources:
        st = path.stat()
        listing.append((path.relative_to(src).as_posix(), st.st_size, st.st_mtime))
    todo = cat.plan(listing, lambda rel: sha256_file(src / rel), cfg.asr.name,
                    cfg.fingerprint(), force)
    return [src / rel for rel in todo]


def failed_summary(error_kind: str) -> dict[str, Any]:
    """Return the summary of a file that failed before it produced a report."""
    return {"source_sha256": "", "status": "failed", "duration": 0.0, "spans": 0,
            "by_type": {}, "review": 0, "error_kind": error_kind, "bleeped_seconds": 0.0,
            "wall_seconds": 0.0}


def totals(results: list[dict], wall: float, skipped: int = 0) -> dict[str, Any]:
    """Aggregate per-file summaries into run totals (counts, minutes, real-time factor)."""
    by_status = Counter(r["status"] for r in results)
    by_type: Counter = Counter()
    for r in results:
        by_type.update(r["by_type"])
    audio = sum(r["duration"] for r in results)
    return {"files": len(results), "skipped": skipped, "by_status": dict(by_status),
            "by_type": dict(by_type), "review_items": sum(r["review"] for r in results),
            "audio_minutes": round(audio / 60, 2),
            "bleeped_minutes": round(sum(r["bleeped_seconds"] for r in results) / 60, 2),
            "wall_seconds": round(wall, 1),
            "realtime_factor": round(wall / audio, 3) if audio else None}
