"""Render the batch index: one row per call, totals, failures, and calls to review first.

Like the call pages it is offline and shows no personal values: file names (never their
folders), statuses, durations, counts per entity type and the share of audio bleeped.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections import Counter
from pathlib import Path

from pipeline.report import page as hp
from pipeline.report.call_page import bleeped_seconds, render_call_page, review_count
from pipeline.report.labels import badge
from pipeline.report.page import esc, fmt_time, write_html
from pipeline.schema import Report


def _link(target: Path, index_html: Path) -> str:
    rel = os.path.relpath(Path(target).resolve(), Path(index_html).resolve().parent)
    return urllib.parse.quote(Path(rel).as_posix())


def _order(item: tuple[Report, Path]) -> tuple[int, int, str]:
    """Sort calls needing review first (most items first), then failed, then clean ones."""
    report = item[0]
    if _needs_review(report):
        return (0, -review_count(report), hp.source_name(report))
    return (1 if report.status == "failed" else 2, 0, hp.source_name(report))


def _needs_review(report: Report) -> bool:
    return report.status != "failed" and (report.status == "review" or review_count(report) > 0)


def _types(counts: Counter) -> str:
    return " ".join(f"{badge(t)}&nbsp;{n}" for t, n in sorted(counts.items())) or "—"


def _row(report: Report, call_page: Path, index_html: Path) -> str:
    bleeped = bleeped_seconds(report)
    share = f"{bleeped / report.duration:.1%}" if report.duration else "—"
    reviews = review_count(report)
    cls = "rev" if _needs_review(report) else ""
    counts = Counter(s.entity_type for s in report.spans)
    return (f'<tr class="{cls}"><td><a href="{esc(_link(call_page, index_html))}">'
            f'{esc(hp.source_name(report))}</a></td><td>{hp.status(report.status)}</td>'
            f'<td class="num">{fmt_time(report.duration)}</td>'
            f'<td class="num">{len(report.spans)}</td><td>{_types(counts)}</td>'
            f'<td class="num">{share}</td><td class="num">{reviews or ""}</td></tr>')


def _totals(reports: list[Report]) -> tuple[str, str]:
    """Return (summary cards, totals table row)."""
    statuses = Counter(r.status for r in reports)
    duration = sum(r.duration for r in reports)
    bleeped = sum(bleeped_seconds(r) for r in reports)
    share = f"{bleeped / duration:.1%}" if duration else "—"
    spans = sum(len(r.spans) for r in reports)
    reviews = sum(review_count(r) for r in reports)
    counts = Counter(s.entity_type for r in reports for s in r.spans)
    needing = sum(_needs_review(r) for r in reports)
    cards = hp.cards([("Calls", str(len(reports))), ("OK", str(statuses.get("ok", 0))),
                      ("Need review", str(needing)), ("Failed", str(statuses.get("failed", 0))),
                      ("Audio", fmt_time(duration, tenths=False)), ("of audio bleeped", share),
                      ("Spans", str(spans))])
    row = (f'<tr class="total"><td>Total: {len(reports)} calls</td><td></td>'
           f'<td class="num">{fmt_time(duration)}</td><td class="num">{spans}</td>'
           f'<td>{_types(counts)}</td><td class="num">{share}</td>'
           f'<td class="num">{reviews}</td></tr>')
    return cards, row


def _failures(items: list[tuple[Report, Path]], index_html: Path) -> str:
    failed = [(r, p) for r, p in items if r.status == "failed"]
    if not failed:
        return ""
    rows = "".join(f'<tr><td><a href="{esc(_link(p, index_html))}">{esc(hp.source_name(r))}'
                   f'</a></td><td><code>{esc(hp.safe_error(r))}</code></td></tr>'
                   for r, p in failed)
    return (f'<section id="failed" class="review"><h2>Failed: {len(failed)} file(s)</h2>'
            f'<p>No redacted audio was written for these.</p>'
            f'<table><tr><th>File</th><th>Error</th></tr>{rows}</table></section>')


def render_index(reports: list[tuple[Report, Path]], out_html: Path, title: str) -> Path:
    """Write the batch index to ``out_html`` (atomically) and return its path.

    ``reports`` pairs each call's report with the path of its call page; links are relative
    to the index, so the output folder can be moved or zipped as a whole.
    """
    items = sorted(reports, key=_order)
    cards, total = _totals([r for r, _ in items])
    head = ("<tr><th>File</th><th>Status</th><th>Duration</th><th>Spans</th>"
            "<th>Spans per type</th><th>Bleeped</th><th>To review</th></tr>")
    rows = "".join(_row(r, p, out_html) for r, p in items)
    table = (f'<table class="calls">{head}{rows}{total}</table>' if items
             else '<p class="note">No calls in this batch.</p>')
    body = (f'<header><h1>{esc(title)}</h1><div class="meta">Redaction reports: calls that '
            f'need review are listed first. No personal values are shown.</div></header>'
            f'{_failures(items, out_html)}<section id="summary"><h2>Totals</h2>{cards}</section>'
            f'<section id="calls"><h2>Calls</h2>{table}</section>')
    return write_html(out_html, hp.page(title, body))


def _load_report(path: Path) -> Report | None:
    """Return the report in ``path``, or None for JSON that is not a call report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not {"sha256", "status", "source"} <= data.keys():
        return None
    return Report.from_dict(data)


def render_batch(out_dir: Path, title: str) -> Path:
    """Render a page beside every ``<name>.json`` report under ``out_dir``, then the index.

    Each page links the redacted ``<name>.wav`` beside it when it exists; the index is
    written to ``out_dir/index.html`` and returned.
    """
    out_dir = Path(out_dir)
    items: list[tuple[Report, Path]] = []
    for path in sorted(out_dir.rglob("*.json")):
        report = None if path.name.startswith(".") else _load_report(path)
        if report is None:
            continue
        wav = path.with_suffix(".wav")
        audio = wav if report.status != "failed" and wav.is_file() else None
        items.append((report, render_call_page(report, audio, path.with_suffix(".html"))))
    return render_index(items, out_dir / "index.html", title)
