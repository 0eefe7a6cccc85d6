"""The offline HTML redaction reports: call page and batch index."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pipeline.files import write_json
from pipeline.report.batch_page import render_batch, render_index
from pipeline.report.call_page import envelope, render_call_page, review_count
from pipeline.report.labels import why
from pipeline.report.page import fmt_time
from pipeline.schema import PiiSpan, Report

RATE = 8000


def write_wav(path: Path, seconds: float, channels: int = 1, loud: tuple[float, float] = ()
              ) -> Path:
    """Quiet noise, plus a full-scale block over ``loud`` (start, end) seconds if given."""
    rng = np.random.default_rng(1)
    second = (rng.standard_normal((RATE, channels)) * 600).astype(np.int16)
    data = np.tile(second, (int(np.ceil(seconds)), 1))[: int(seconds * RATE)]
    if loud:
        data[int(loud[0] * RATE): int(loud[1] * RATE)] = 30000
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), data, RATE, subtype="PCM_16")
    return path


def span(start: float, entity: str = "PERSON", score: float = 0.9, reason: str = "pattern",
         channel: int = 0, review: bool = False, length: float = 0.5) -> PiiSpan:
    return PiiSpan(start, start + length, entity, score, f"{entity.title()}Recognizer",
                   channel, reason, review)


def report(spans: tuple[PiiSpan, ...] = (), duration: float = 4.0, channels: int = 1,
           **kw: object) -> Report:
    base = dict(source="/data/secret-folder/asiakas 0401234567.mp3", sha256="ab" * 32,
                status="ok", duration=duration, sample_rate=RATE, channels=channels,
                model="whisper-base", config_hash="cafe" * 8,
                redacted_transcript="hei olen <PERSON>\nkiitos, numero on <PHONE_NUMBER>",
                spans=spans, stats={"bleeped_seconds": sum(s.end - s.start for s in spans)})
    base.update(kw)
    return Report(**base)


SPANS = (
    span(0.5, "PERSON", 0.95, "ner"),
    span(1.5, "PHONE_NUMBER", 0.45, "pattern", review=True),
    span(2.5, "FI_PERSONAL_IDENTITY_CODE", 0.99, "context", review=True),
)


@pytest.fixture()
def page(tmp_path: Path) -> str:
    wav = write_wav(tmp_path / "out" / "call.wav", 4.0)
    html = render_call_page(report(SPANS), wav, tmp_path / "out" / "call.html")
    return html.read_text(encoding="utf-8")


def section(html: str, ident: str) -> str:
    m = re.search(rf'<section id="{ident}".*?</section>', html, re.S)
    assert m, f"no section {ident}"
    return m.group(0)


def test_spans_table_has_one_row_per_span(page: str) -> None:
    table = section(page, "spans")
    rows = re.findall(r'<tr id="span-(\d+)"', table)
    assert rows == ["1", "2", "3"]
    assert "00:00.5–00:01.0" in table
    assert "‹PHONE_NUMBER, 0.5 s›" in table  # masked as type + length, no value
    assert "name lexicon / NER" in table and "context: answer to a question" in table


def test_waveform_shades_spans_with_entity_labels(page: str) -> None:
    svg = re.search(r"<svg class=\"waveform\".*?</svg>", page, re.S).group(0)
    rects = re.findall(r'<rect class="span[^"]*" data-t="[^"]*" data-type="(\w+)" x="([\d.]+)"',
                       svg)
    assert [t for t, _ in rects] == ["PERSON", "PHONE_NUMBER", "FI_PERSONAL_IDENTITY_CODE"]
    assert float(rects[0][1]) == pytest.approx(0.5 / 4.0 * 1200, abs=0.1)
    labels = re.findall(r'<text class="lbl"[^>]*>(\w+)</text>', svg)
    assert labels == ["PERSON", "PHONE_NUMBER", "FI_PERSONAL_IDENTITY_CODE"]


def test_player_links_the_redacted_wav_relatively_and_never_embeds(page: str) -> None:
    assert re.search(r'<audio controls[^>]* src="call\.wav"', page)
    assert "data:audio" not in page and "base64" not in page
    assert "secret-folder" not in page  # the source is shown by file name only
    assert "http://" not in page and "https://" not in page


def test_risk_items_come_first_with_times_and_never_the_words(tmp_path: Path) -> None:
    from pipeline.schema import RiskItem

    wav = write_wav(tmp_path / "r.wav", 4.0)
    risks = (RiskItem(2.5, 3.2, 0, "number_residue"), RiskItem(0.4, 1.0, 0, "unbleeped_answer"))
    r = report(spans=SPANS, risks=risks, decision="review",
               decision_reasons=("risk_items",), redacted_transcript="hei <RISK>")
    html = render_call_page(r, wav, tmp_path / "r.html").read_text()
    assert html.index('id="decision"') < html.index('id="risks"') < html.index('id="review"')
    risk = section(html, "risks")
    assert "2 place(s)" in risk and "numbers said, not bleeped" in risk
    assert 'data-t="0.50"' in risk  # plays from 2 s before 2.5 s
    assert html.count('class="risk"') == 2  # outlined on the waveform
    assert "Decision: review" in html


def test_review_section_comes_first_and_lists_weak_and_indirect_spans(page: str) -> None:
    review = section(page, "review")
    assert page.index('id="review"') < page.index('id="summary"') < page.index('id="spans"')
    assert ">PHONE_NUMBER<" in review and ">FI_PERSONAL_IDENTITY_CODE<" in review
    assert ">PERSON<" not in review  # a sure NER hit needs no review
    assert "score below the review threshold" in review
    assert "context: answer to a question" in review
    assert "Bleeps to check: 2 item(s)" in review


def test_call_level_flags_are_review_items(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "c.wav", 2.0)
    r = report(status="review", review=("sparse_transcript",), duration=2.0)
    html = render_call_page(r, wav, tmp_path / "c.html").read_text()
    review = section(html, "review")
    assert "Sparse transcript" in review and "Bleeps to check: 1 item(s)" in review
    assert review_count(r) == 1


def test_failed_call_shows_error_without_player(tmp_path: Path) -> None:
    r = report(status="failed", duration=0.0, redacted_transcript="",
               error="AudioDecodeError: /data/secret-folder/asiakas 0401234567.mp3: empty file")
    html = render_call_page(r, None, tmp_path / "f.html").read_text()
    assert "<audio" not in html and "<svg" not in html
    assert "Processing failed" in html and "empty file" in html
    assert "secret-folder" not in html and "status st-failed" in html


def test_no_spans_renders_nothing_bleeped(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "n.wav", 3.0)
    html = render_call_page(report(duration=3.0, redacted_transcript="hei kiitos"), wav,
                            tmp_path / "n.html").read_text()
    assert "Nothing bleeped" in html and "Nothing flagged for review" in html
    assert 'class="span' not in html and "<audio" in html


def test_stereo_call_draws_two_waveforms(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "s.wav", 4.0, channels=2)
    spans = (span(1.0, channel=0), span(2.0, "PHONE_NUMBER", channel=1))
    html = render_call_page(report(spans, channels=2), wav, tmp_path / "s.html").read_text()
    svgs = re.findall(r'<svg class="waveform" data-channel="(\d)"', html)
    assert svgs == ["0", "1"]
    # Each span is shaded on both channels (bleeped on all) but labelled on its own only.
    assert html.count('data-type="PHONE_NUMBER"') == 2
    assert len(re.findall(r'class="lbl"[^>]*>PHONE_NUMBER<', html)) == 1


def test_envelope_measures_the_loud_block(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "e.wav", 4.0, loud=(1.0, 2.0))
    mins, maxs, duration = envelope(wav, columns=400)
    assert duration == pytest.approx(4.0) and maxs.shape == (1, 400)
    assert maxs[0, 110:190].min() > 0.9  # inside 1.0-2.0 s: full scale
    assert maxs[0, :90].max() < 0.2 and maxs[0, 210:].max() < 0.2  # elsewhere: quiet noise
    assert mins[0, :90].min() < 0  # the envelope keeps the negative side


def test_relative_link_from_a_sub_folder_is_quoted(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "out" / "call 01.wav", 2.0)
    html = render_call_page(report(duration=2.0), wav, tmp_path / "out" / "pages" / "c.html")
    assert 'src="../call%2001.wav"' in html.read_text()


def test_missing_audio_gives_a_note_not_a_player(tmp_path: Path) -> None:
    html = render_call_page(report(SPANS), tmp_path / "gone.wav", tmp_path / "m.html")
    text = html.read_text()
    assert "<audio" not in text and "not found" in text and 'id="span-1"' in text


def test_refuses_to_link_the_source_recording(tmp_path: Path) -> None:
    src = write_wav(tmp_path / "in.wav", 1.0)
    with pytest.raises(ValueError, match="source recording"):
        render_call_page(report(source=str(src)), src, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_transcript_text_is_escaped_and_tags_become_badges(tmp_path: Path) -> None:
    r = report(redacted_transcript='moi <script>alert(1)</script> "x" <PERSON>')
    html = render_call_page(r, None, tmp_path / "t.html").read_text()
    transcript = section(html, "transcript")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in transcript
    assert 'class="tag"' in transcript and ">PERSON</mark>" in transcript


def test_written_atomically_and_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    out.write_text("old")
    render_call_page(report(), None, out)
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_hour_long_call_with_300_spans_is_fast_and_small(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "long.wav", 3600.0, channels=1)
    reasons = ("pattern", "checksum", "ner", "fuzzy", "context", "unvalidated")
    spans = tuple(span(i * 12.0 + 1, ("PERSON", "FI_PERSONAL_IDENTITY_CODE", "PHONE_NUMBER")[i % 3],
                       0.4 + (i % 6) / 10, reasons[i % 6], review=i % 4 == 0)
                  for i in range(300))
    began = time.perf_counter()
    html = render_call_page(report(spans, duration=3600.0), wav, tmp_path / "long.html")
    elapsed = time.perf_counter() - began
    assert elapsed < 3.0, f"rendering took {elapsed:.2f} s"
    assert html.stat().st_size < 2_000_000
    assert html.read_text().count('<tr id="span-') == 300


@pytest.mark.parametrize(("reason", "entity", "text"), [
    ("pattern", "PHONE_NUMBER", "pattern"),
    ("checksum", "FI_PERSONAL_IDENTITY_CODE", "checksum validated"),
    ("ner", "PERSON", "name lexicon / NER"),
    ("lexicon", "PERSON", "name lexicon / NER"),
    ("lexicon", "HEALTH", "term lexicon"),
    ("fuzzy", "PERSON", "fuzzy match"),
    ("context", "FI_PERSONAL_IDENTITY_CODE", "context: answer to a question"),
    ("unvalidated", "PHONE_NUMBER", "unvalidated number run"),
    ("timing_fallback", "PERSON", "timing fallback"),
    ("something-new", "PERSON", "something-new"),
])
def test_why_is_human_text(reason: str, entity: str, text: str) -> None:
    assert why(span(0.0, entity, reason=reason)) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (0.0, "00:00.0"), (5.26, "00:05.3"), (59.96, "01:00.0"), (3725.4, "62:05.4")])
def test_fmt_time(seconds: float, text: str) -> None:
    assert fmt_time(seconds) == text


def test_index_lists_review_first_with_links_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean = report(source="/in/a-clean.wav", spans=(span(1.0, score=0.95),))
    weak = report(source="/in/b-weak.wav", spans=SPANS, status="ok")
    failed = report(source="/in/deep/c-bad.mp3", status="failed", duration=0.0,
                    error="AudioDecodeError: /in/deep/c-bad.mp3: not decodable audio")
    items = [(clean, out / "a-clean.html"), (failed, out / "deep" / "c-bad.html"),
             (weak, out / "b-weak.html")]
    html = render_index(items, out / "index.html", "Batch 2024-05").read_text()
    calls = section(html, "calls")
    links = re.findall(r'<td><a href="([^"]+)">', calls)
    assert links == ["b-weak.html", "deep/c-bad.html", "a-clean.html"]  # review first
    assert calls.count("<tr class=") == 4  # three calls and the totals row
    total = re.search(r'<tr class="total">.*?</tr>', calls, re.S).group(0)
    assert "Total: 3 calls" in total and ">4<" in total  # 4 spans in all
    failed_section = section(html, "failed")
    assert "c-bad.mp3" in failed_section and "not decodable audio" in failed_section
    assert "/in/deep" not in html
    assert "http://" not in html and "https://" not in html


def test_render_batch_pages_every_report_json_and_skips_other_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_wav(out / "sub" / "a.wav", 4.0)
    write_json(out / "sub" / "a.json", report(SPANS, source="/in/sub/a.wav").to_dict())
    write_json(out / "b.json", report(status="failed", source="/in/b.mp3", duration=0.0,
                                      error="AudioDecodeError: /in/b.mp3: empty file").to_dict())
    write_json(out / "settings.json", {"not": "a report"})
    index = render_batch(out, "Run 1")
    assert index == out / "index.html"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "b.html", "index.html", "sub/a.html"]
    assert 'src="a.wav"' in (out / "sub" / "a.html").read_text()
    assert "<audio" not in (out / "b.html").read_text()
    links = re.findall(r'<td><a href="([^"]+)">', section(index.read_text(), "calls"))
    assert links == ["sub/a.html", "b.html"]


def test_error_naming_the_source_folder_hides_it(tmp_path: Path) -> None:
    r = report(status="failed", source="/data/asiakkaat/Virtanen/x.wav",
               error="InputError: /data/asiakkaat/Virtanen: not readable")
    html = render_call_page(r, None, tmp_path / "e.html").read_text()
    assert "Virtanen" not in html and "InputError: …: not readable" in html


HOSTILE = '<script>alert("x")</script>'


def test_hostile_values_come_out_escaped_on_every_page(tmp_path: Path) -> None:
    """Every value from a report is escaped by the templates, whatever it holds."""
    from pipeline.schema import RiskItem

    out = tmp_path / "out"
    wav = write_wav(out / "h.wav", 4.0)
    hostile_span = PiiSpan(1.0, 1.5, 'X"><script>alert(2)</script>', 0.5,
                           "<img src=x onerror=alert(3)>", 0, "<i>why</i>", True)
    r = report((hostile_span,), source='/in/<script>alert("x").wav', model=HOSTILE,
               decision=HOSTILE, decision_reasons=(HOSTILE,), decided_by=HOSTILE,
               review=(HOSTILE,), risks=(RiskItem(0.5, 1.0, 0, HOSTILE),),
               redacted_transcript=f"{HOSTILE} <PERSON>")
    pages = [render_call_page(r, wav, out / "h.html"),
             render_index([(r, out / "h.html")], out / "run.html", HOSTILE),
             render_call_page(report(status="failed", source=f"/in/{HOSTILE}.mp3",
                                     error=f"E: {HOSTILE}"), None, out / "f.html")]
    write_json(out / "h.json", r.to_dict())
    pages.append(render_batch(out, HOSTILE))
    for page_path in pages:
        html = page_path.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html, page_path.name
        assert "<i>why" not in html and '"><script>' not in html, page_path.name
        assert html.count("<script") == html.count("</script>") <= 2, page_path.name
        assert "&lt;script&gt;alert(" in html or "\\u003cscript\\u003e" in html, page_path.name
    call = pages[0].read_text()
    assert "&lt;img src=x onerror=alert(3)&gt;" in call  # the recognizer, as text
    assert 'data-type="X&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in call
    index = pages[3].read_text()
    assert "\\u003cscript\\u003ealert" in index  # the file name inside the script's JSON
    assert '<a href="h.html">&lt;script&gt;alert(&#34;x&#34;).wav</a>' in index
