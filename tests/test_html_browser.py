"""Headless Chromium opens a rendered call page from disk, offline, and draws it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from pipeline.report.batch_page import render_index
from pipeline.report.call_page import render_call_page
from tests.browser import CHROMIUM, MARKS
from tests.test_html_report import report, span, write_wav

pytestmark = MARKS

PROBE = """<script>var v=[];document.addEventListener('securitypolicyviolation',
function(e){v.push(e.violatedDirective+' '+e.blockedURI)});
var a=document.querySelector('audio');
a.addEventListener('loadedmetadata',function(){a.setAttribute('data-probe','meta '+a.duration)});
a.addEventListener('error',function(){a.setAttribute('data-probe','error')});
setTimeout(function(){document.body.setAttribute('data-csp',v.join(','))},1500);</script>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           "--hide-scrollbars", "--mute-audio", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture()
def call_page(tmp_path: Path) -> Path:
    wav = write_wav(tmp_path / "out" / "call 01.wav", 20.0, channels=2, loud=(12.0, 13.0))
    spans = (span(2.0, "PERSON", 0.95, "ner", length=1.2),
             span(7.0, "PHONE_NUMBER", 0.45, "unvalidated", channel=1, review=True),
             span(12.0, "FI_PERSONAL_IDENTITY_CODE", 0.99, "checksum", length=1.0))
    r = report(spans, duration=20.0, channels=2, status="review",
               review=("sparse_transcript",))
    return render_call_page(r, wav, tmp_path / "out" / "call 01.html")


def test_dom_has_spans_table_shaded_spans_and_player(tmp_path: Path, call_page: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", call_page.as_uri()).stdout
    assert len(re.findall(r'<tr id="span-\d+"', dom)) == 3
    assert len(re.findall(r'<svg class="waveform"', dom)) == 2
    assert dom.count('<rect class="span') == 6  # 3 spans on each of 2 channels
    assert re.search(r'<audio controls="" preload="metadata" src="call%2001.wav">', dom)


def test_player_loads_the_wav_beside_it_and_remote_loads_are_blocked(
        tmp_path: Path, call_page: Path) -> None:
    html = call_page.read_text()
    probe = call_page.with_name("probe.html")
    probe.write_text(html.replace("</body>", PROBE + "</body>"))
    remote = call_page.with_name("remote.html")
    remote.write_text(html.replace('src="call%2001.wav"', 'src="http://example.invalid/a.wav"')
                      .replace("</body>", PROBE + "</body>"))
    dom = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()).stdout
    assert 'data-probe="meta 20"' in dom and 'data-csp=""' in dom
    dom = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", remote.as_uri()).stdout
    assert "media-src http://example.invalid/a.wav" in dom


def decode_png(path: Path) -> np.ndarray:
    import av  # PyAV, already installed for decoding audio

    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="gray")


def test_screenshot_is_a_non_trivial_picture(tmp_path: Path, call_page: Path) -> None:
    shot = tmp_path / "call.png"
    chromium(tmp_path, "--window-size=1300,1600", f"--screenshot={shot}", call_page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    gray = decode_png(shot)
    assert gray.shape == (1600, 1300)
    assert (gray < 128).mean() > 0.01  # text, waveforms and badges drawn on the white page
    assert gray.std() > 20


def test_index_links_open_the_call_page(tmp_path: Path, call_page: Path) -> None:
    r = report(source="/in/call 01.wav", duration=20.0)
    index = render_index([(r, call_page)], call_page.parent / "index.html", "Batch")
    dom = chromium(tmp_path, "--dump-dom", index.as_uri()).stdout
    href = re.search(r'<td><a href="([^"]+)">call 01.wav</a>', dom).group(1)
    assert (index.parent / href.replace("%20", " ")).resolve() == call_page.resolve()
