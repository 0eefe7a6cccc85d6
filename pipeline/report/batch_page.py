"""Render the batch pages: a page per run listing the calls it processed, and the index.

A run page (``OUT/runs/<run start, UTC>.html``, :func:`render_index`) has one row per call,
totals, decision counts, failures, and calls to review first. The index (``OUT/index.html``,
:mod:`pipeline.report.index_page`) lists every call the catalog knows and links each run
page; it is built from the catalog, so its cost does not grow with the reports' size.

Like the call pages they are offline and show no personal values: file names (never their
folders), statuses, decisions, durations, counts per entity type and the share bleeped.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.report import page as hp
from pipeline.report.call_page import bleeped_seconds, render_call_page, review_count
from pipeline.report.index_page import (
    decision_of,
    needs_review,
    render_catalog_index,
    render_report_index,
)
from pipeline.report.page import fmt_time, write_html
from pipeline.report.runs import RUNS_DIR, Run, read_catalog, shown
from pipeline.schema import Report

PAGE_ROWS = 1000  # calls per run page; a longer run goes on in further pages

__all__ = ["render_batch", "render_index", "render_run"]


def _order(item: tuple[Report, Path]) -> tuple[int, int, str]:
    """Sort calls needing review first (most items first), then failed, then clean ones."""
    report = item[0]
    if needs_review(report):
        return (0, -review_count(report), hp.source_name(report))
    return (1 if report.status == "failed" else 2, 0, hp.source_name(report))


def _share(bleeped: float, duration: float) -> str:
    return f"{bleeped / duration:.1%}" if duration else "—"


def _row(report: Report, call_page: Path, out_html: Path) -> dict[str, Any]:
    counts = Counter(s.entity_type for s in report.spans)
    return {"name": hp.source_name(report), "href": hp.link(call_page, out_html),
            "status": report.status, "decision": decision_of(report), "rev": needs_review(report),
            "duration": report.duration, "spans": len(report.spans),
            "types": sorted(counts.items()), "reviews": review_count(report),
            "share": _share(bleeped_seconds(report), report.duration)}


def _totals(reports: list[Report]) -> dict[str, Any]:
    statuses = Counter(r.status for r in reports)
    decisions = Counter(decision_of(r) for r in reports)
    duration = sum(r.duration for r in reports)
    share = _share(sum(bleeped_seconds(r) for r in reports), duration)
    spans = sum(len(r.spans) for r in reports)
    cards = [("Calls", str(len(reports))), ("OK", str(statuses.get("ok", 0))),
             ("Need review", str(sum(needs_review(r) for r in reports))),
             ("Failed", str(statuses.get("failed", 0))),
             ("Audio", fmt_time(duration, tenths=False)), ("of audio bleeped", share),
             ("Spans", str(spans))]
    return {"cards": cards, "decisions": sorted(decisions.items()), "duration": duration,
            "spans": spans, "share": share, "reviews": sum(review_count(r) for r in reports),
            "types": sorted(Counter(s.entity_type for r in reports for s in r.spans).items())}


def _part(out_html: Path, k: int) -> Path:
    """Return the file of page ``k`` (0-based) of a list split over several pages."""
    return out_html if k == 0 else out_html.with_name(f"{out_html.stem}-{k + 1}.html")


def render_index(reports: list[tuple[Report, Path]], out_html: Path, title: str,
                 run: Run | None = None, index_html: Path | None = None,
                 page_rows: int = PAGE_ROWS) -> Path:
    """Write a page listing ``reports`` to ``out_html`` (atomically) and return its path.

    ``reports`` pairs each call's report with the path of its call page; links are relative
    to the page, so the output folder can be moved or zipped as a whole. ``run`` dates the
    page; ``index_html`` is linked back to. Beyond ``page_rows`` calls the list goes on in
    ``<stem>-2.html``, ``<stem>-3.html``, ..., each linking the previous and next one, every
    one with the totals of the whole list.
    """
    items = sorted(reports, key=_order)
    totals = _totals([r for r, _ in items])
    dates = {"started": shown(run.started_at), "finished": shown(run.finished_at)} if run else None
    parts = max(1, -(-len(items) // page_rows))
    for k in range(parts):
        here, chunk = _part(out_html, k), items[k * page_rows:(k + 1) * page_rows]
        failed = [{"name": hp.source_name(r), "href": hp.link(p, here),
                   "error": hp.safe_error(r)} for r, p in chunk if r.status == "failed"]
        pages = {"first": k * page_rows + 1, "last": k * page_rows + len(chunk),
                 "total": len(items),
                 "prev": _part(out_html, k - 1).name if k > 0 else "",
                 "next": _part(out_html, k + 1).name if k + 1 < parts else ""}
        text = hp.render("run.html", title=title, run=dates, failed=failed,
                         index_href=hp.link(index_html, here) if index_html else "",
                         rows=[_row(r, p, here) for r, p in chunk], totals=totals,
                         pages=pages if parts > 1 else None)
        write_html(here, text)
    return out_html


def load_report(path: Path) -> Report | None:
    """Return the report in ``path``, or None for JSON that is not a call report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not {"sha256", "status", "source"} <= data.keys():
        return None
    return Report.from_dict(data)


def _render_call(report: Report, path: Path) -> Path:
    """Render the call page beside report ``path``, linking the redacted wav beside it."""
    wav = path.with_suffix(".wav")
    audio = wav if report.status != "failed" and wav.is_file() else None
    return render_call_page(report, audio, path.with_suffix(".html"))


def render_run(out_dir: Path, run: Run, reports: list[Path], title: str) -> Path:
    """Render the call pages of ``reports`` (paths under ``out_dir``) and the run's page."""
    items = [(r, _render_call(r, p)) for p in reports if (r := load_report(p)) is not None]
    page = Path(out_dir) / RUNS_DIR / run.page_name
    return render_index(items, page, f"{title}, {shown(run.started_at)} UTC", run=run,
                        index_html=Path(out_dir) / "index.html")


def render_batch(out_dir: Path, title: str, catalog: Path | None = None,
                 run_id: int | None = None) -> Path:
    """Render the pages of a batch under ``out_dir`` and return the index's path.

    With a ``catalog``: the call pages of the files run ``run_id`` processed (and any call
    page missing), that run's page under ``runs/``, and the index of every call the catalog
    lists. Without one: a page beside every ``<name>.json`` report, and the index of them.
    """
    out_dir = Path(out_dir)
    index = out_dir / "index.html"
    if catalog is None:
        items = []
        for path in sorted(out_dir.rglob("*.json")):
            report = None if path.name.startswith(".") else load_report(path)
            if report is not None:
                items.append((report, _render_call(report, path)))
        return render_report_index(items, index, title)
    runs, done = read_catalog(catalog)
    run = next((r for r in runs if r.id == run_id), None)
    mine = [d for d in done if run is not None and run.holds(d.started_at)]
    if run is not None:
        render_run(out_dir, run, [out_dir / d.report for d in mine], title)
    rendered = {d.path for d in mine}
    for d in done:
        report_path = out_dir / d.report
        if d.path not in rendered and not report_path.with_suffix(".html").is_file():
            if (report := load_report(report_path)) is not None:
                _render_call(report, report_path)
    return render_catalog_index(out_dir, runs, done, index, title)
