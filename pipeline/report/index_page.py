"""Render the cumulative index, ``OUT/index.html``: every call processed, and every run.

It stays fast with tens of thousands of calls: rows come from the catalog (no report is
read), the first page of rows is in the markup, and the rest travel as one JSON block that a
small inline script pages and filters (by file name and decision) without building a DOM
row per call. No remote asset is loaded; without script the first page still shows.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.report import page as hp
from pipeline.report.call_page import review_count
from pipeline.report.page import write_html
from pipeline.report.runs import RUNS_DIR, Done, Run, run_index, shown
from pipeline.schema import Report

PAGE_ROWS = 100  # rows per page of the calls table
PERSON = ("review", "quarantine")  # decisions that wait for a person


def needs_review(report: Report) -> bool:
    """Tell whether a call needs a person: marked for review or holding review items."""
    return report.status != "failed" and (report.status == "review" or review_count(report) > 0)


def decision_of(report: Report) -> str:
    """Return the call's release decision; reports older than decisions give their status."""
    return report.decision or report.status


def _group(decision: str, status: str, person: bool) -> int:
    """Return the sort group: waiting for a person (0), failed (1), the rest (2)."""
    if person or decision in PERSON or status == "review":
        return 0
    return 1 if status == "failed" or decision == "failed" else 2


def _sorted(rows: list[list[Any]]) -> list[list[Any]]:
    """Order rows (name, href, decision, status, finished, run, waits for a person).

    Calls waiting for a person first, then failed ones, then the rest; newest first, then by
    name.
    """
    rows.sort(key=lambda r: r[0])
    rows.sort(key=lambda r: r[4], reverse=True)
    rows.sort(key=lambda r: _group(r[2], r[3], bool(r[6])))
    return rows


def _run_links(out_dir: Path, runs: list[Run], index_html: Path) -> list[dict[str, Any]]:
    """Return the runs, newest first, with their page's link when the page exists."""
    out = []
    for i, run in enumerate(runs):
        page = Path(out_dir) / RUNS_DIR / run.page_name
        counts = run.counts if isinstance(run.counts, dict) else {}
        out.append({"i": i, "started": shown(run.started_at), "finished": shown(run.finished_at),
                    "files": counts.get("files", ""),
                    "decisions": sorted((counts.get("by_decision") or {}).items()),
                    "href": hp.link(page, index_html) if page.is_file() else ""})
    return out[::-1]


def _catalog_rows(out_dir: Path, runs: list[Run], done: list[Done]) -> list[list[Any]]:
    starts = [r.started_at for r in runs]
    rows = []
    for d in done:
        page = PurePosixPath(d.report).with_suffix(".html")
        href = urllib.parse.quote(page.as_posix()) if (out_dir / page).is_file() else ""
        i = run_index(runs, starts, d.started_at)
        person = int(_group(d.decision, d.status, False) == 0)
        rows.append([d.name, href, d.decision, d.status, shown(d.finished_at), i, person])
    return _sorted(rows)


def _write(index_html: Path, title: str, rows: list[list[Any]], runs: list[dict[str, Any]],
           ) -> Path:
    decisions = Counter(r[2] for r in rows)
    groups = Counter(_group(r[2], r[3], bool(r[6])) for r in rows)
    cards = [("Calls", str(len(rows))), ("Need a person", str(groups.get(0, 0))),
             ("Failed", str(groups.get(1, 0))), ("Released", str(groups.get(2, 0))),
             ("Runs", str(len(runs)))]
    if runs:
        cards.append(("Last run (UTC)", runs[0]["started"]))
    updated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    text = hp.render("index.html", title=title, cards=cards, decisions=sorted(decisions.items()),
                     runs=runs, rows=rows, first=rows[:PAGE_ROWS], updated=updated,
                     data={"page": PAGE_ROWS, "rows": rows,
                           "runs": [[r["started"], r["href"]] for r in sorted(
                               runs, key=lambda r: r["i"])]})
    return write_html(index_html, text)


def render_catalog_index(out_dir: Path, runs: list[Run], done: list[Done], index_html: Path,
                         title: str) -> Path:
    """Write the index of every finished call in the catalog and of its ``runs``."""
    return _write(index_html, title, _catalog_rows(Path(out_dir), runs, done),
                  _run_links(out_dir, runs, index_html))


def render_report_index(items: list[tuple[Report, Path]], index_html: Path, title: str) -> Path:
    """Write the index of ``items`` (report, call page) when there is no catalog."""
    rows = [[hp.source_name(r), hp.link(p, index_html), decision_of(r), r.status, "", -1,
             int(needs_review(r))] for r, p in items]
    return _write(index_html, title, _sorted(rows), [])
