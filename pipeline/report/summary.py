"""The summary of a report that is safe to log or return to Prefect."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.schema import Report


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
