"""Batch pages: a dated page per run listing the files that run processed, and the index.

Runs are recorded in a real catalog with the same calls the flow makes; the pages are read
back from disk.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from pipeline.batch.catalog import Catalog
from pipeline.files import write_json
from pipeline.report.batch_page import render_batch
from pipeline.report.index_page import PAGE_ROWS
from pipeline.report.runs import RUNS_DIR, Run, read_catalog
from tests.test_html_report import SPANS, report, section, span, write_wav

RUN_PAGE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.html$")


def process(cat: Catalog, out: Path, rel: str, decision: str = "release",
            failed: bool = False) -> None:
    """Do what the flow does for one file: catalog rows, a report and, unless failed, audio."""
    base = rel.rsplit(".", 1)[0]
    outputs = {"audio": f"{base}.wav", "report": f"{base}.json"}
    cat.mark_running(rel, "ab" * 32, 100, 1.0, "whisper-base", "cafe", outputs=outputs)
    if failed:
        r = report(source=f"/in/{rel}", status="failed", duration=0.0, decision="failed",
                   error=f"AudioDecodeError: /in/{rel}: not audio")
    else:
        write_wav(out / f"{base}.wav", 2.0)
        r = report((span(0.5, score=0.95),) if decision == "release" else SPANS,
                   source=f"/in/{rel}", duration=2.0, decision=decision)
    write_json(out / f"{base}.json", r.to_dict())
    cat.mark_done(rel, r.status, {} if failed else outputs,
                  "AudioDecodeError" if failed else "", decision)


def run(cat: Catalog, out: Path, files: list[tuple[str, str]]) -> int:
    run_id = cat.start_run()
    for rel, decision in files:
        process(cat, out, rel, decision, failed=decision == "failed")
    counts = {"files": len(files), "by_decision": {}}
    for _, decision in files:
        counts["by_decision"][decision] = counts["by_decision"].get(decision, 0) + 1
    cat.finish_run(run_id, counts)
    return run_id


def calls_links(html: str, section_id: str = "calls") -> list[str]:
    return re.findall(r'<td><a href="([^"]+)">', section(html, section_id))


@pytest.fixture()
def two_runs(tmp_path: Path) -> tuple[Path, Path, list[Run]]:
    out, catalog = tmp_path / "out", tmp_path / "out" / ".piip-catalog.sqlite"
    with Catalog.open(catalog) as cat:
        first = run(cat, out, [("day1/a.wav", "release"), ("b.wav", "review"),
                               ("bad.mp3", "failed")])
        render_batch(out, "Calls", catalog=catalog, run_id=first)
        time.sleep(0.01)  # the catalog's times have milliseconds
        second = run(cat, out, [("day1/a.wav", "review"), ("day2/c.wav", "release")])
    render_batch(out, "Calls", catalog=catalog, run_id=second)
    runs, _ = read_catalog(catalog)
    assert [r.id for r in runs] == [first, second]
    return out, catalog, runs


def test_each_run_page_lists_the_files_that_run_processed(two_runs) -> None:
    out, _, (first, second) = two_runs
    pages = sorted(p.name for p in (out / RUNS_DIR).iterdir())
    assert pages == [first.page_name, second.page_name]
    assert all(RUN_PAGE.match(p) for p in pages)
    one = (out / RUNS_DIR / first.page_name).read_text()
    two = (out / RUNS_DIR / second.page_name).read_text()
    # review first, then failed, then released; links run from runs/ back to the call pages
    assert calls_links(one) == ["../b.html", "../bad.html", "../day1/a.html"]
    assert calls_links(two) == ["../day1/a.html", "../day2/c.html"]
    assert "bad.mp3" in section(one, "failed") and "bad.mp3" not in two
    assert "Total: 3 calls" in one and "Total: 2 calls" in two
    assert re.search(r"<b>1</b><span>release</span>.*<b>1</b><span>review</span>",
                     section(two, "summary"), re.S)  # decision counts
    started = first.started_at[:10]
    assert f"Run started {started}" in one and "finished" in one
    assert '<a href="../index.html">' in one
    assert "/in/" not in one + two and "http://" not in one + two


def test_index_lists_every_call_once_and_links_both_runs(two_runs) -> None:
    out, _, (first, second) = two_runs
    index = (out / "index.html").read_text()
    runs = section(index, "runs")
    hrefs = re.findall(r'<a href="(runs/[^"]+)">', runs)
    assert hrefs == [f"runs/{second.page_name}", f"runs/{first.page_name}"]  # newest first
    for href in hrefs:
        assert (out / href).is_file()
    calls = section(index, "calls")
    # waiting for a person first (newest first), then failed, then released
    assert calls_links(index) == ["day1/a.html", "b.html", "bad.html", "day2/c.html"]
    # a.wav was processed again by the second run: its row links that run's page
    row_a = re.search(r'<tr[^>]*><td><a href="day1/a.html">.*?</tr>', calls).group(0)
    assert f'href="runs/{second.page_name}"' in row_a
    row_b = re.search(r'<tr[^>]*><td><a href="b.html">.*?</tr>', calls).group(0)
    assert f'href="runs/{first.page_name}"' in row_b
    assert re.search(r"<b>4</b><span>Calls</span>", index)
    assert "/in/" not in index and "http://" not in index and "https://" not in index


def test_a_run_renders_only_its_own_call_pages(two_runs, tmp_path: Path) -> None:
    out, catalog, runs = two_runs
    old = out / "b.html"
    stamp = old.stat().st_mtime_ns
    (out / "day2" / "c.html").unlink()  # a page lost: rendered again
    with Catalog.open(catalog) as cat:
        third = run(cat, out, [("day3/d.wav", "release")])
    render_batch(out, "Calls", catalog=catalog, run_id=third)
    assert old.stat().st_mtime_ns == stamp
    assert (out / "day2" / "c.html").is_file() and (out / "day3" / "d.html").is_file()
    assert len(list((out / RUNS_DIR).iterdir())) == 3


def test_index_pages_many_calls_and_carries_the_rest_as_data(tmp_path: Path) -> None:
    out, catalog = tmp_path / "out", tmp_path / "out" / "cat.sqlite"
    with Catalog.open(catalog) as cat:
        run_id = run(cat, out, [(f"f{i:04d}.wav", "release") for i in range(PAGE_ROWS + 20)])
    index = render_batch(out, "Calls", catalog=catalog, run_id=run_id).read_text()
    calls = section(index, "calls")
    assert calls.count('<td><a href="f') == PAGE_ROWS  # first page in the markup
    data = re.search(r'<script type="application/json" id="calls-data">(.*?)</script>',
                     index, re.S).group(1)
    assert data.count('.wav"') == PAGE_ROWS + 20  # every call in the data block


def test_index_of_thousands_is_written_quickly(tmp_path: Path) -> None:
    from bench.batch_pages_scaling import build
    from pipeline.report.index_page import render_catalog_index

    out = tmp_path / "out"
    catalog, _ = build(out, 3000, runs=5, last_run=10)
    began = time.perf_counter()
    runs, done = read_catalog(catalog)
    index = render_catalog_index(out, runs, done, out / "index.html", "Calls")
    elapsed = time.perf_counter() - began
    assert elapsed < 5.0, f"index took {elapsed:.2f} s"  # 0.33 s with 10,000 (BENCHMARKS.md)
    assert len(done) == 3000 and index.read_text().count(".wav\"") == 3000


def test_a_long_run_page_goes_on_in_linked_pages(tmp_path: Path) -> None:
    from pipeline.report.batch_page import render_index

    out = tmp_path / "out"
    items = [(report(source=f"/in/c{i}.wav", spans=(span(1.0, score=0.95),)), out / f"c{i}.html")
             for i in range(5)]
    first = render_index(items, out / RUNS_DIR / "r.html", "Run", page_rows=2)
    names = sorted(p.name for p in (out / RUNS_DIR).iterdir())
    assert first.name == "r.html" and names == ["r-2.html", "r-3.html", "r.html"]
    pages = [(out / RUNS_DIR / n).read_text() for n in ("r.html", "r-2.html", "r-3.html")]
    assert [calls_links(p) for p in pages] == [["../c0.html", "../c1.html"],
                                               ["../c2.html", "../c3.html"], ["../c4.html"]]
    assert 'href="r-2.html" rel="next"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'href="r.html" rel="prev"' in pages[1] and 'href="r-3.html" rel="next"' in pages[1]
    assert "Calls 5–5 of 5" in pages[2] and 'rel="next"' not in pages[2]
    assert all("Total: 5 calls" in p and "<b>5</b><span>Calls</span>" in p for p in pages)
