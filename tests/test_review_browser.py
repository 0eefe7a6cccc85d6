"""Headless Chromium drives the review app: drag a bleep, move it, remove one, approve.

Every check on the audio is made on the output wav, against the source recording.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from pipeline.config import PiipConfig
from pipeline.review.app import create_app
from pipeline.review.security import Guard
from pipeline.review.server import open_review
from tests.browser import CHROMIUM, MARKS
from tests.test_review_app import SECONDS, call_id, is_bleeped, is_source, outdir  # noqa: F401

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = MARKS


API = "fetch(location.pathname.replace('/calls/', '/api/calls/')).then(r => r.text())"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def app_url(outdir: Path) -> Iterator[tuple[str, object]]:  # noqa: F811 - the fixture
    review = open_review(outdir, None, PiipConfig(), "alice")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(review, Guard("127.0.0.1")),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", review
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(app_url: tuple[str, object]) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--mute-audio", "--autoplay-policy=no-user-gesture-required"])
        pg = browser.new_page(viewport={"width": 1300, "height": 1000})
        pg.problems = []
        pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
        pg.on("response", lambda r: r.status >= 400 and pg.problems.append(f"{r.status} {r.url}"))
        pg.on("request", lambda r: r.url.startswith(app_url[0]) or pg.problems.append(r.url))
        yield pg
        browser.close()


def x_of(box: dict, t: float) -> float:
    return box["x"] + t / SECONDS * box["width"]


def drag(pg: object, canvas: str, t0: float, t1: float) -> None:
    box = pg.locator(canvas).bounding_box()
    y = box["y"] + box["height"] / 2
    pg.mouse.move(x_of(box, t0), y)
    pg.mouse.down()
    for k in range(1, 6):
        pg.mouse.move(x_of(box, t0 + (t1 - t0) * k / 5), y)
    pg.mouse.up()


def wait_version(pg: object, n: int) -> None:
    pg.wait_for_selector(f'body[data-version="{n}"]', state="attached", timeout=30_000)


def test_drag_add_move_remove_approve_from_the_browser(
        page: object, app_url: tuple[str, object], outdir: Path) -> None:  # noqa: F811
    base, review = app_url
    wav, src = outdir / "call01.wav", outdir.parent / "in" / "call01.wav"
    page.goto(f"{base}/")
    page.click("text=call01.wav")
    wait_version(page, 0)
    assert page.locator("#spans tbody tr").count() == 2
    assert is_source(wav, src, 15.0, 16.0)

    drag(page, 'canvas[data-channel="1"]', 15.0, 16.0)  # add by dragging on the waveform
    assert abs(float(page.input_value("#add-start")) - 15.0) < 0.1
    assert page.input_value("#add-channel") == "1"
    page.select_option("#add-type", "ADDRESS")
    page.click("#add-btn")
    wait_version(page, 1)
    assert is_bleeped(wav, src, 15.1, 15.9) and is_source(wav, src, 13.5, 14.8)
    human = page.locator("#spans tbody tr.human")
    assert human.count() == 1 and "ADDRESS" in human.inner_text()

    data = json.loads(page.evaluate(API))
    end = next(s["end"] for s in data["spans"] if s["human"])
    drag(page, 'canvas[data-channel="1"]', end, 17.5)  # move its end edge by dragging it
    wait_version(page, 2)
    assert is_bleeped(wav, src, 16.1, 17.4)

    data = json.loads(page.evaluate(API))
    key = next(s["key"] for s in data["spans"] if s["entity_type"] == "PERSON")
    row = page.locator(f'#spans tbody tr[data-key="{key}"]')
    row.locator("select.reason").select_option("not_personal_data")
    row.locator("button.remove").click()
    wait_version(page, 3)
    assert is_source(wav, src, 1.5, 3.5)  # restored from the source
    assert is_bleeped(wav, src, 8.1, 9.4)  # the other automatic bleep stays

    page.locator("h1").click()  # focus the page, not a control
    page.keyboard.press("n")  # next risk: the player starts 2 s before it (risk at 12.0 s)
    at = page.evaluate("document.getElementById('player').currentTime")
    assert 9.9 <= at <= 11.0
    page.keyboard.press(" ")
    assert page.evaluate("document.getElementById('player').paused")

    page.keyboard.press("a")  # approve
    wait_version(page, 4)
    assert page.text_content("#decision") == "release"
    report = json.loads((outdir / "call01.json").read_text())
    assert (report["decision"], report["decided_by"]) == ("release", "alice")
    log = review.store.entries("call01.json")
    assert [(e["action"], e["reviewer"]) for e in log] == \
        [("add", "alice"), ("move", "alice"), ("remove", "alice"), ("approve", "alice")]
    assert log[0]["entity_type"] == "ADDRESS" and log[0]["channel"] == 1
    assert log[2]["reason"] == "not_personal_data"
    assert page.problems == [], "\n".join(page.problems)
