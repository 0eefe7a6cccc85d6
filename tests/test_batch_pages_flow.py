"""The flow writes a dated page per run and the index that links them (fake models)."""

from __future__ import annotations

import re

import pytest

import flows.anonymise as fa
from pipeline.report.runs import RUNS_DIR
from tests.conftest import write_audio

pytestmark = pytest.mark.usefixtures("flow_fakes")


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
