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
    rows += [{"metric": f"decision: {k}", "value": totals.get("by_decision", {}).get(k, 0)}
             for k in ("release", "review", "quarantine", "failed")]
    rows += [{"metric": "files quarantined after repeated failures",
              "value": len(totals.get("quarantined_files", ()))}]
    rows += [{"metric": f"entity: {k}", "value": v} for k, v in sorted(totals["by_type"].items())]
    rows += [{"metric": k.replace("_", " "), "value": totals[k]}
             for k in ("review_items", "audio_minutes", "bleeped_minutes", "wall_seconds",
                       "realtime_factor")]
    return rows


def index_markdown(totals: dict[str, Any], index: Path) -> str:
    """Return a short markdown note pointing at the batch report page (no path: names leak)."""
    return (f"## Piip run\n\n{outcome_line(totals)}\n\n"
            f"Batch report: `{index.name}` in the run's output directory, on the machine that "
            "ran it (`piip status OUT_DIR` and `piip review OUT_DIR` read the same catalog).\n")


def outcome_line(totals: dict[str, Any]) -> str:
    """Return the run's one-line outcome: files, each decision, unchanged, quarantined."""
    dec = totals.get("by_decision", {})
    parts = ", ".join(f"{dec.get(k, 0)} {k}" for k in ("release", "review", "quarantine",
                                                        "failed"))
    given_up = len(totals.get("quarantined_files", ()))
    tail = f", {given_up} skipped after repeated failures" if given_up else ""
    return (f"{totals['files']} processed ({parts}), {totals['skipped']} unchanged{tail}")


def publish_run_artifacts(totals: dict[str, Any], index: Path) -> None:
    """Attach the run's summary table and a link to its batch report to the flow run."""
    create_table_artifact(key="piip-run-summary", table=summary_rows(totals),
                          description="Piip run: counts per status and entity type")
    create_markdown_artifact(key="piip-run-report", markdown=index_markdown(totals, index),
                             description="Link to the batch report page")
