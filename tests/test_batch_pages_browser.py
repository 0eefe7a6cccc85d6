"""Headless Chromium opens the index of a few thousand calls from disk: fast, paged, filtered.

The folder is built as nightly runs leave it (``bench.batch_pages_scaling.build``): a
catalog with the runs and the files, reports, and the call pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.batch_pages_scaling import DECISIONS, build
from pipeline.report.batch_page import render_batch
from pipeline.report.index_page import PAGE_ROWS
from tests.browser import CHROMIUM, MARKS

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = MARKS

REPORTS = 3000
OPEN_WITHIN_S = 10.0  # measured 0.55 s with 10,000 calls (BENCHMARKS.md); CI machines vary


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    catalog, last = build(out, REPORTS, runs=5, last_run=10)
    return render_batch(out, "Calls", catalog=catalog, run_id=last)


@pytest.fixture()
def page(index: Path) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1300, "height": 1000})
        pg.problems = []
        pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
        pg.on("request", lambda r: r.url.startswith("file://") or pg.problems.append(r.url))
        yield pg
        browser.close()


def rows(pg: object) -> list[str]:
    return pg.locator("table.calls tbody tr td:first-child").all_inner_texts()


def test_index_of_thousands_opens_quickly_and_pages(page: object, index: Path) -> None:
    began = time.perf_counter()
    page.goto(index.as_uri(), wait_until="load")
    page.wait_for_selector(f"body[data-ready='{REPORTS}']", timeout=OPEN_WITHIN_S * 1000)
    elapsed = time.perf_counter() - began
    assert elapsed < OPEN_WITHIN_S, f"index took {elapsed:.2f} s to open"
    assert len(rows(page)) == PAGE_ROWS
    assert page.inner_text("#pageinfo") == f"1–{PAGE_ROWS} of {REPORTS}"
    first = rows(page)
    page.click("#next")
    assert page.inner_text("#pageinfo") == f"{PAGE_ROWS + 1}–{2 * PAGE_ROWS} of {REPORTS}"
    assert len(rows(page)) == PAGE_ROWS and not set(rows(page)) & set(first)
    page.click("#prev")
    assert rows(page) == first
    assert page.problems == []


def test_filter_finds_one_call_and_its_links_open(page: object, index: Path) -> None:
    page.goto(index.as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready]")
    page.fill("#q", "call_01234")
    page.wait_for_function("document.querySelectorAll('table.calls tbody tr').length === 1")
    assert rows(page) == ["call_01234.wav"]
    call = page.locator("table.calls tbody tr a").first.get_attribute("href")
    assert (index.parent / call).is_file()
    run = page.locator("table.calls tbody tr td:nth-child(5) a").get_attribute("href")
    assert (index.parent / run).is_file() and run.startswith("runs/")
    page.fill("#q", "")
    page.select_option("#decision", "failed")
    failed = sum(DECISIONS[i % len(DECISIONS)] == "failed" for i in range(REPORTS))
    assert page.inner_text("#pageinfo") == f"1–{PAGE_ROWS} of {failed}"
    assert set(page.locator("table.calls tbody tr td:nth-child(2)").all_inner_texts()) == {
        "FAILED"}  # badges are upper case by style
    page.click("table.calls tbody tr a >> nth=0")
    page.wait_for_load_state()
    assert page.url.endswith(".html") and "index.html" not in page.url
    assert page.problems == []
