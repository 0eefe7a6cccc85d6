"""Prefect artifacts for a run: counts only, never transcript text, names or numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact


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


def index_markdown(totals: dict[str, Any], index: Path) -> str:
    """Return a short markdown note linking the batch report page."""
    failed = totals["by_status"].get("failed", 0)
    return (f"## Piip run\n\n{totals['files']} files processed, {totals['skipped']} unchanged, "
            f"{failed} failed, {totals['review_items']} items to review.\n\n"
            f"Batch report (open on the machine that ran it): [{index}]({index.as_uri()})\n")


def publish_run_artifacts(totals: dict[str, Any], index: Path) -> None:
    """Attach the run's summary table and a link to its batch report to the flow run."""
    create_table_artifact(key="piip-run-summary", table=summary_rows(totals),
                          description="Piip run: counts per status and entity type")
    create_markdown_artifact(key="piip-run-report", markdown=index_markdown(totals, index),
                             description="Link to the batch report page")
