"""Batch pages at scale: render time and browser open time of the index with N reports.

    .venv/bin/python -m bench.batch_pages_scaling --reports 10000 --repeat 3

Builds an output folder as N nightly runs would leave it: a catalog (``runs`` and
``sources`` rows written directly, the schema made by ``Catalog.open``), N synthetic report
JSONs, call pages and run pages for the earlier runs (small stand-ins: their cost is not what
is measured) and redacted wavs for the last run's calls. Then, each a median of ``--repeat``:

- ``index_s``: reading the catalog and writing ``OUT/index.html`` (what every run adds);
- ``batch_s``: the whole end-of-run step, ``render_batch`` for the last run: its call pages
  (waveforms included), its page under ``runs/`` and the index;
- ``open_s``: headless Chromium (Playwright, ``/usr/bin/chromium``) opening the index from
  disk until its script has paged the data (``body[data-ready]``), a fresh tab each time;
- ``filter_s``: typing a file name into the index's filter until the one matching row shows;
- ``first_run_page_s``: the page of a first run that processed all N calls (every report in
  full, 1,000 calls per part), and ``first_run_part_open_s``: Chromium opening its first part.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import soundfile as sf

from pipeline.batch.catalog import Catalog
from pipeline.report.runs import RUNS_DIR, read_catalog
from pipeline.schema import PiiSpan, Report, RiskItem

CHROMIUM = Path("/usr/bin/chromium")
DECISIONS = ("release", "release", "release", "review", "quarantine", "failed")
TYPES = ("PERSON", "PHONE_NUMBER", "FI_PERSONAL_IDENTITY_CODE", "ADDRESS", "EMAIL_ADDRESS")


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def synthetic_report(i: int, decision: str) -> Report:
    """Return a report like a one-minute call's: a few spans and risk items, no real text."""
    status = "failed" if decision == "failed" else ("review" if decision != "release" else "ok")
    spans = tuple(PiiSpan(5.0 + 9 * k, 6.0 + 9 * k, TYPES[(i + k) % len(TYPES)], 0.6 + k / 20,
                          "Bench", k % 2, "pattern", k == 3) for k in range((i % 7) + 1))
    risks = (RiskItem(40.0, 41.0, 0, "number_residue"),) if decision == "review" else ()
    return Report(f"/in/day{i % 30:02d}/call_{i:05d}.wav", f"{i:064x}", status,
                  duration=0.0 if status == "failed" else 60.0, sample_rate=8000, channels=2,
                  model="whisper-base", config_hash="cafe" * 8,
                  redacted_transcript="hei olen <PERSON>\nnumero on <PHONE_NUMBER>" * 10,
                  spans=() if status == "failed" else spans, risks=risks, decision=decision,
                  decision_reasons=("risk_items",) if risks else (),
                  error="AudioDecodeError: bench" if status == "failed" else "",
                  stats={"bleeped_seconds": float(len(spans))})


def build(out: Path, reports: int, runs: int = 20, last_run: int = 100) -> tuple[Path, int]:
    """Fill ``out`` as ``runs`` nightly runs would; return the catalog and the last run's id.

    The last run processed ``last_run`` of the ``reports`` files (their wavs are written);
    the others are spread over the earlier runs.
    """
    catalog = out / ".piip-catalog.sqlite"
    Catalog.open(catalog).close()  # the schema
    day0 = datetime(2026, 1, 1, 22, 0, tzinfo=timezone.utc)
    earlier = reports - last_run
    rows, run_rows = [], []
    for r in range(runs):
        start = day0 + timedelta(days=r)
        first = earlier * r // (runs - 1) if r < runs - 1 else earlier
        end_i = earlier * (r + 1) // (runs - 1) if r < runs - 1 else reports
        for i in range(first, end_i):
            at = start + timedelta(seconds=1 + (i - first) * 2)
            rows.append((i, at))
        run_rows.append((_stamp(start), _stamp(start + timedelta(hours=6)),
                         json.dumps({"files": end_i - first})))
    db = sqlite3.connect(catalog)
    with db:
        db.executemany("INSERT INTO runs (started_at, finished_at, counts, host, pid) "
                       "VALUES (?, ?, ?, 'bench', 1)", run_rows)
        db.executemany(
            "INSERT INTO sources (path, sha256, size, mtime, status, outputs, model, "
            "config_fingerprint, started_at, finished_at, attempts, decision) "
            "VALUES (?, ?, 1, 1.0, ?, ?, 'whisper-base', 'cafe', ?, ?, 0, ?)",
            [_source(out, i, at, i >= earlier) for i, at in rows])
    db.close()
    for run in read_catalog(catalog)[0][:-1]:  # earlier runs wrote their pages then
        page = out / RUNS_DIR / run.page_name
        page.parent.mkdir(exist_ok=True)
        page.write_text("<!DOCTYPE html><title>run</title>\n")
    return catalog, runs


def _source(out: Path, i: int, at: datetime, last: bool) -> tuple:
    """Write call ``i``'s report (and page or wav) and return its ``sources`` row."""
    decision = DECISIONS[i % len(DECISIONS)]
    report = synthetic_report(i, decision)
    rel = f"day{i % 30:02d}/call_{i:05d}"
    path = out / f"{rel}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    if last and decision != "failed":
        _wav(out / f"{rel}.wav", report.duration)
    elif not last:
        path.with_suffix(".html").write_text("<!DOCTYPE html><title>call</title>\n")
    outputs = {} if decision == "failed" else {"audio": f"{rel}.wav", "report": f"{rel}.json"}
    return (f"{rel}.wav", f"{i:064x}", report.status, json.dumps(outputs), _stamp(at),
            _stamp(at + timedelta(seconds=1)), decision)


def _wav(path: Path, seconds: float, rate: int = 8000) -> None:
    rng = np.random.default_rng(0)
    sf.write(str(path), (rng.standard_normal((int(seconds * rate), 2)) * 800).astype(np.int16),
             rate, subtype="PCM_16")


def _median(fn, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), [round(t, 3) for t in times]


def browser_times(index: Path, name: str, repeat: int) -> dict:
    """Open ``index`` in headless Chromium ``repeat`` times; filter it by ``name`` each time."""
    from playwright.sync_api import sync_playwright

    opens, filters = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_page()
            began = time.perf_counter()
            page.goto(index.as_uri(), wait_until="load")
            page.wait_for_selector("body[data-ready]")
            opens.append(time.perf_counter() - began)
            began = time.perf_counter()
            page.fill("#q", name)
            page.wait_for_function("document.querySelectorAll('table.calls tbody tr').length"
                                   " === 1")
            filters.append(time.perf_counter() - began)
            page.close()
        browser.close()
    return {"open_s": round(statistics.median(opens), 3), "open_runs": [round(t, 3) for t in opens],
            "filter_s": round(statistics.median(filters), 3),
            "filter_runs": [round(t, 3) for t in filters]}


def measure(out: Path, reports: int, repeat: int) -> dict:
    """Build ``out`` with ``reports`` reports and return the figures."""
    from pipeline.report.batch_page import render_batch
    from pipeline.report.index_page import render_catalog_index

    began = time.perf_counter()
    catalog, last = build(out, reports)
    built = time.perf_counter() - began

    def index() -> None:
        runs, done = read_catalog(catalog)
        render_catalog_index(out, runs, done, out / "index.html", "Bench")

    batch_s, batch_runs = _median(lambda: render_batch(out, "Bench", catalog, last), repeat)
    index_s, index_runs = _median(index, repeat)
    figures = {"reports": reports, "load_avg_1min": round(os.getloadavg()[0], 1),
               "build_s": round(built, 1), "index_s": round(index_s, 3),
               "index_runs": index_runs, "batch_s": round(batch_s, 3), "batch_runs": batch_runs,
               "index_bytes": (out / "index.html").stat().st_size,
               "run_page_bytes": max(p.stat().st_size for p in (out / "runs").iterdir())}
    if CHROMIUM.exists():
        figures.update(browser_times(out / "index.html", f"call_{reports - 1:05d}", repeat))
    figures.update(first_run_page(out, reports, repeat))
    return figures


def first_run_page(out: Path, reports: int, repeat: int) -> dict:
    """Time the page of a first run that processed all ``reports`` calls (split in parts)."""
    from pipeline.report.batch_page import render_index

    items = [(synthetic_report(i, DECISIONS[i % len(DECISIONS)]), out / f"c{i}.html")
             for i in range(reports)]
    page = out / "first-run" / "run.html"
    render_s, render_runs = _median(lambda: render_index(items, page, "first run"), repeat)
    figures = {"first_run_page_s": round(render_s, 3), "first_run_page_runs": render_runs,
               "first_run_parts": len(list(page.parent.iterdir())),
               "first_run_part_bytes": page.stat().st_size}
    if CHROMIUM.exists():
        from playwright.sync_api import sync_playwright

        opens = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            for _ in range(repeat):
                tab = browser.new_page()
                began = time.perf_counter()
                tab.goto(page.as_uri(), wait_until="load")
                opens.append(time.perf_counter() - began)
                tab.close()
            browser.close()
        figures.update({"first_run_part_open_s": round(statistics.median(opens), 3),
                        "first_run_part_open_runs": [round(t, 3) for t in opens]})
    return figures


def main() -> None:
    """Print the figures as one JSON object."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, help="keep the folder here (default: a temporary one)")
    args = ap.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=False)
        print(json.dumps(measure(args.out, args.reports, args.repeat)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(Path(tmp), args.reports, args.repeat)))


if __name__ == "__main__":
    main()
