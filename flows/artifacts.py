"""Prefect artifacts for a run: counts only, never transcript text, names or numbers."""

from __future__ import annotations

from typing import Any

from prefect.artifacts import create_table_artifact


def summary_rows(totals: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten run totals into metric/value rows."""
    rows: list[dict[str, Any]] = [{"metric": "files processed", "value": totals["files"]},
                                  {"metric": "files unchanged (skipped)",
                                   "value": totals["skipped"]}]
    rows += [{"metric": f"status: {k}", "value": v} for k, v in sorted(totals["by_status"].items())]
    rows += [{"metric": f"entity: {k}", "value": v} for k, v in sorted(totals["by_type"].items())]
    rows += [{"metric": k.replace("_", " "), "value": totals[k]}
             for k in ("review_items", "audio_minutes", "bleeped_minutes", "wall_seconds",
                       "realtime_factor")]
    return rows


def publish_run_artifacts(totals: dict[str, Any]) -> None:
    """Attach the run's summary table to the flow run."""
    create_table_artifact(key="piip-run-summary", table=summary_rows(totals),
                          description="Piip run: counts per status and entity type")
