"""Small pure helpers for batch runs: planning against the catalog, per-worker settings, totals.

Everything here deals in paths, sizes, hashes and counts; never in transcript content.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch.catalog import Catalog
from pipeline.batch.outputs import Outputs, inside, real, record_failure
from pipeline.batch.status import file_id  # noqa: F401 - the one file id of logs, tasks, `piip status`
from pipeline.config import PiipConfig
from pipeline.errors import InputError
from pipeline.files import sha256_file
from pipeline.report.summary import summary


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


@dataclass(frozen=True)
class BadEntry:
    """A discovered source that cannot even be looked at (dangling link, loop, unreadable)."""

    path: Path
    error: BaseException


def _checked_stat(path: Path, dst: Path) -> os.stat_result:
    """Stat a source through its links; refuse what is not a regular file outside the output."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file")
    if inside(real(path), dst):
        raise InputError(f"{path}: resolves into the output directory")
    return st


@dataclass(frozen=True)
class BatchPlan:
    """What a run does with each discovered source."""

    todo: tuple[Path, ...]
    bad: tuple[BadEntry, ...]
    quarantined: tuple[Path, ...]  # failed ``run.max_attempts`` times unchanged: skipped


def plan(cat: Catalog, sources: list[Path], src: Path, dst: Path, cfg: PiipConfig,
         force: bool, retry_failed: bool = False) -> BatchPlan:
    """Return what to process, what fails before processing, and what is given up on.

    To process: new, changed, failed, or done under another model or configuration. A bad
    entry (dangling link, loop, unreadable, vanished, resolving into the output) never stops
    the others. A file (or bad entry) that has failed ``cfg.run.max_attempts`` runs in a row
    without changing is quarantined: skipped and listed, unless ``retry_failed``.
    """
    limit = 0 if retry_failed else cfg.run.max_attempts
    listing, bad = [], {}
    for path in sources:
        try:
            st = _checked_stat(path, dst)
        except (OSError, InputError) as exc:  # dangling link, loop, vanished, permission
            bad[path] = exc
            continue
        listing.append((path.relative_to(src).as_posix(), st.st_size, st.st_mtime))

    def digest(rel: str) -> str:
        try:
            return sha256_file(src / rel)
        except OSError as exc:
            bad[src / rel] = exc
            return ""

    reasons = cat.plan_reasons(listing, digest, cfg.asr.name, cfg.fingerprint(), force, limit)
    given_up = [src / rel for rel, why in reasons.items() if why == "quarantined"]
    for path in list(bad):
        entry = cat.get(path.relative_to(src).as_posix())
        if (limit and not force and entry is not None and entry.status == "failed"
                and entry.attempts >= limit and not entry.sha256):
            given_up.append(path)
            del bad[path]
    todo = [src / rel for rel, why in reasons.items()
            if why != "quarantined" and src / rel not in bad]
    return BatchPlan(tuple(todo), tuple(BadEntry(p, e) for p, e in bad.items()),
                     tuple(sorted(given_up)))


def fail_entry(cat: Catalog, path: Path, src: Path, dst: Path, cfg: PiipConfig,
               exc: BaseException) -> dict[str, Any]:
    """Record a source that failed outside its worker: failed report, catalog row, summary."""
    rel, outputs = path.relative_to(src).as_posix(), rel_outputs(path, src, dst)
    report = record_failure(path, Outputs.for_source(path, src, dst), cfg, exc)
    cat.mark_running(rel, "", 0, 0.0, cfg.asr.name, cfg.fingerprint(), outputs=outputs)
    cat.mark_done(rel, "failed", {"report": outputs["report"]}, type(exc).__name__)
    return summary(report)


def failed_summary(error_kind: str) -> dict[str, Any]:
    """Return the summary of a file that failed before it produced a report."""
    return {"source_sha256": "", "status": "failed", "decision": "failed", "duration": 0.0,
            "spans": 0,
            "by_type": {}, "review": 0, "error_kind": error_kind, "bleeped_seconds": 0.0,
            "wall_seconds": 0.0}


def totals(results: list[dict], wall: float, skipped: int = 0) -> dict[str, Any]:
    """Aggregate per-file summaries into run totals (counts, minutes, real-time factor)."""
    by_status = Counter(r["status"] for r in results)
    by_decision = Counter(r.get("decision") or r["status"] for r in results)
    by_type: Counter = Counter()
    for r in results:
        by_type.update(r["by_type"])
    audio = sum(r["duration"] for r in results)
    return {"files": len(results), "skipped": skipped, "by_status": dict(by_status),
            "by_decision": dict(by_decision),
            "by_type": dict(by_type), "review_items": sum(r["review"] for r in results),
            "audio_minutes": round(audio / 60, 2),
            "bleeped_minutes": round(sum(r["bleeped_seconds"] for r in results) / 60, 2),
            "wall_seconds": round(wall, 1),
            "realtime_factor": round(wall / audio, 3) if audio else None}
