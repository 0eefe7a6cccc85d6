"""The flow writes a dated page per run and the index that links them (fake models)."""

from __future__ import annotations

import re

import pytest
from prefect.testing.utilities import prefect_test_harness

import flows.anonymise as fa
from pipeline.report.runs import RUNS_DIR
from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from, write_audio

WORDS = words_from([("Nimeni", 0.2, 0.5), ("on", 0.6, 0.7), ("Reijo", 0.8, 1.2)])


@pytest.fixture(scope="module", autouse=True)
def harness():
    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(fa, "_models", lambda cfg: (FakeTranscriber(WORDS), FakeAnalyzer("Reijo")))


def links(html: str) -> list[str]:
    calls = re.search(r'<section id="calls".*?</section>', html, re.S).group(0)
    return re.findall(r'<td><a href="([^"]+)">', calls)


def test_two_runs_write_two_dated_pages_and_the_index_links_both(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "day1").mkdir(parents=True)
    write_audio(src / "day1" / "a.wav", seconds=1.0)
    write_audio(src / "b.wav", seconds=1.0)
    assert fa.anonymise(str(src), str(out), return_state=True).is_completed()
    first = sorted((out / RUNS_DIR).iterdir())
    write_audio(src / "c.wav", seconds=1.0)
    assert fa.anonymise(str(src), str(out), return_state=True).is_completed()
    pages = sorted((out / RUNS_DIR).iterdir())
    assert len(first) == 1 and len(pages) == 2 and pages[0] == first[0]
    assert sorted(links(pages[0].read_text())) == ["../b.html", "../day1/a.html"]
    assert links(pages[1].read_text()) == ["../c.html"]  # the second run did c only
    index = (out / "index.html").read_text()
    assert sorted(links(index)) == ["b.html", "c.html", "day1/a.html"]
    for page in pages:
        assert f'href="{RUNS_DIR}/{page.name}"' in index
