"""Render one call's report as a self-contained, offline HTML page an analyst checks at a glance.

The page holds only what the JSON report holds (the transcript is already redacted): no
personal value is ever shown, only entity types, times and scores. It never reads or links
the source recording: the waveform is drawn from the *redacted* wav, which is linked by a
relative URL and never embedded. Nothing is fetched from the network (inline CSS, inline SVG,
and a Content-Security-Policy that forbids remote loads).
"""

from __future__ import annotations

import html
import math
import os
import re
import urllib.parse
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf

from pipeline.redact.locate import REVIEW_REASONS
from pipeline.report import page as hp
from pipeline.report.call_risks import decision_section, risk_marks, risk_section
from pipeline.report.labels import FLAGS, WHY, badge, colour, why
from pipeline.report.page import esc, fmt_time, write_html
from pipeline.schema import PiiSpan, Report

WIDTH = 1200  # SVG user units; the envelope has one column per unit
WAVE_H = 96
LABEL_H = 34
AXIS_H = 18
_TAG = re.compile(r"<([A-Z][A-Z0-9_]*)>")
def review_causes(span: PiiSpan) -> list[str]:
    """Return why an analyst should listen to ``span`` (empty when it needs no review)."""
    causes = [WHY.get(span.reason, span.reason)] if span.reason in REVIEW_REASONS else []
    if span.review and not causes:  # the pipeline's own rule (detect.review_below)
        causes.append("score below the review threshold")
    return causes


def needs_review(span: PiiSpan) -> bool:
    """Return whether an analyst should listen to ``span``: weak, indirect or flagged."""
    return bool(review_causes(span))


def review_count(report: Report) -> int:
    """Return the number of review items on a call: flagged spans plus call-level flags."""
    return sum(needs_review(s) for s in report.spans) + len(report.review)


def bleeped_seconds(report: Report) -> float:
    """Return the seconds bleeped: from the stats, else the union of the spans."""
    if "bleeped_seconds" in report.stats:
        return float(report.stats["bleeped_seconds"])
    total, reach = 0.0, -math.inf
    for s in sorted(report.spans, key=lambda s: s.start):
        total += max(0.0, s.end - max(s.start, reach))
        reach = max(reach, s.end)
    return total


def envelope(path: Path, columns: int = WIDTH) -> tuple[np.ndarray, np.ndarray, float]:
    """Return per-channel (mins, maxs), each of shape (channels, <= columns), and the duration.

    The wav is read in blocks of 16-bit samples, so an hour of audio never sits in memory
    as floats and the reduction runs on contiguous rows.
    """
    with sf.SoundFile(str(path)) as f:
        frames, chans, rate = f.frames, f.channels, f.samplerate
        per = max(1, math.ceil(frames / columns))
        mins, maxs = [np.zeros((chans, 0), np.int16)], [np.zeros((chans, 0), np.int16)]
        for block in f.blocks(per * max(1, (1 << 20) // per), dtype="int16", always_2d=True):
            n = math.ceil(len(block) / per)
            rows = np.ascontiguousarray(block.T)  # reduce along contiguous memory: ~20x faster
            if n * per > len(block):
                rows = np.pad(rows, ((0, 0), (0, n * per - len(block))), mode="edge")
            rows = rows.reshape(chans, n, per)
            mins.append(rows.min(axis=2))
            maxs.append(rows.max(axis=2))
    scale = np.float32(1 / 32768)
    low, high = np.concatenate(mins, axis=1), np.concatenate(maxs, axis=1)
    if not low.shape[1]:
        low = high = np.zeros((chans, 1), np.int16)
    return low * scale, high * scale, frames / rate if rate else 0.0


def _wave_path(mins: np.ndarray, maxs: np.ndarray) -> str:
    mid, amp = LABEL_H + WAVE_H / 2, WAVE_H / 2 - 2
    x = np.arange(len(mins)) * (WIDTH / len(mins))
    top = mid - np.maximum(np.clip(maxs, -1, 1) * amp, 0.6)
    bottom = mid - np.minimum(np.clip(mins, -1, 1) * amp, -0.6)
    pts = [f"{a:.1f},{b:.1f}" for a, b in zip(x, top, strict=True)]
    pts += [f"{a:.1f},{b:.1f}" for a, b in zip(x[::-1], bottom[::-1], strict=True)]
    return f'<path class="wave" d="M{" L".join(pts)} Z"/>'


def _axis(duration: float) -> str:
    steps = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
    step = next((s for s in steps if duration / s <= 12), 7200)
    y = LABEL_H + WAVE_H
    out = [f'<line class="axis" x1="0" y1="{y}" x2="{WIDTH}" y2="{y}"/>']
    for i in range(int(duration // step) + 1):
        x = i * step / duration * WIDTH if duration else 0
        anchor = "start" if i == 0 else ("end" if x > WIDTH - 30 else "middle")
        out.append(f'<line class="axis" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}"/>'
                   f'<text class="tick" x="{x:.1f}" y="{y + 15}" text-anchor="{anchor}">'
                   f'{fmt_time(i * step, tenths=False)}</text>')
    return "".join(out)


def _span_marks(spans: list[tuple[int, PiiSpan]], channel: int, duration: float) -> str:
    """Shade every span (bleeped on all channels); label it on the channel it was heard on.

    Labels go in two rows above the wave and are left out where they would overlap (every
    span keeps its shading, colour and hover title). Review spans get a red bar on top.
    """
    rects, marks, labels, row_end = [], [], [], [-1e9, -1e9]
    for i, s in spans:
        x = s.start / duration * WIDTH
        w = max(2.0, (s.end - s.start) / duration * WIDTH)
        own, rev = s.channel == channel, needs_review(s)
        cls = "span" + (" other" if not own else "") + (" rev" if rev and w >= 10 else "")
        title = f"#{i} {s.entity_type} {fmt_time(s.start)}–{fmt_time(s.end)} · {why(s)}"
        rects.append(f'<rect class="{cls}" data-t="{s.start:.2f}" data-type="{esc(s.entity_type)}"'
                     f' x="{x:.1f}" y="{LABEL_H}" width="{w:.1f}" height="{WAVE_H}"'
                     f' fill="{colour(s.entity_type)}"><title>{esc(title)}</title></rect>')
        if rev:
            marks.append(f'<rect class="revmark" x="{x:.1f}" y="{LABEL_H}" '
                         f'width="{max(w, 3.0):.1f}" height="5"/>')
        text_w = 8.6 * len(s.entity_type) + 10
        row = next((r for r in (0, 1) if own and x >= row_end[r]), None)
        if row is not None and x + text_w <= WIDTH + 10:
            row_end[row] = x + text_w
            labels.append(f'<text class="lbl" x="{x:.1f}" y="{14 + 16 * row}"'
                          f' fill="{colour(s.entity_type)}">{esc(s.entity_type)}</text>')
    return "".join(rects + marks + labels)


def waveform_svg(mins: np.ndarray, maxs: np.ndarray, channel: int, spans: list[PiiSpan],
                 duration: float, risks: tuple = ()) -> str:
    """Return an inline SVG of one channel's envelope, bleeped spans shaded, risks outlined."""
    height = LABEL_H + WAVE_H + AXIS_H
    numbered = list(enumerate(spans, 1))
    marks = risk_marks(risks, channel, duration or 1.0, WIDTH, LABEL_H, WAVE_H)
    return (f'<svg class="waveform" data-channel="{channel}" viewBox="0 0 {WIDTH} {height}"'
            f' role="img" aria-label="Channel {channel + 1} waveform">'
            f'<rect class="bg" x="0" y="{LABEL_H}" width="{WIDTH}" height="{WAVE_H}"/>'
            f'{_wave_path(mins, maxs)}{_span_marks(numbered, channel, duration or 1.0)}'
            f'{marks}{_axis(duration)}</svg>')


def _audio_section(report: Report, audio_path: Path | None, out_html: Path) -> str:
    if audio_path is None or not Path(audio_path).is_file():
        return '<p class="note">Redacted audio not found beside this page; no player.</p>'
    try:
        mins, maxs, duration = envelope(Path(audio_path))
    except (sf.LibsndfileError, RuntimeError, ValueError):
        return '<p class="note">The redacted audio could not be read; no player.</p>'
    rel = os.path.relpath(Path(audio_path).resolve(), Path(out_html).resolve().parent)
    src = urllib.parse.quote(Path(rel).as_posix())
    spans = list(report.spans)
    waves = "".join(f'<h3>Channel {c + 1}</h3>'
                    f'{waveform_svg(mins[c], maxs[c], c, spans, duration, report.risks)}'
                    for c in range(len(mins)))
    empty = "" if spans else '<p class="ok big">Nothing bleeped in this call.</p>'
    return (f'<audio controls preload="metadata" src="{esc(src)}"></audio>'
            f'<p class="hint">Redacted audio only. Shaded = bleeped (on every channel; labelled '
            f'on the channel it was heard on, when there is room); red bar = needs review; '
            f'dashed outline = risk item (not bleeped). '
            f'Hover a span for details; click a span or a time to play from there.</p>'
            f'{empty}{waves}')


def _review_section(report: Report) -> str:
    flags = "".join(f'<li class="flag">{esc(FLAGS.get(f, f))}</li>' for f in report.review)
    rows, causes = [], Counter()
    for i, s in enumerate(report.spans, 1):
        if found := review_causes(s):
            causes.update(found)
            rows.append(f'<tr><td><a href="#span-{i}" data-t="{s.start:.2f}">{fmt_time(s.start)}'
                        f'</a></td><td class="num">{s.channel + 1}</td><td>{badge(s.entity_type)}'
                        f'</td><td class="num">{s.score:.2f}</td><td>{esc(why(s))}</td>'
                        f'<td><b>{esc("; ".join(found))}</b></td></tr>')
    total = len(report.review) + len(rows)
    if not total:
        return ('<section id="review" class="review clear"><h2>Review</h2>'
                '<p>Nothing flagged for review.</p></section>')
    by_cause = " · ".join(f"{esc(c)}: {n}" for c, n in causes.most_common())
    table = (f'<p class="hint">Check these bleeps (weak score, indirect evidence, or unsure '
             f'timing). By cause: {by_cause}</p><div class="scroll"><table>'
             '<tr><th>Time</th><th>Ch</th><th>Type</th><th>Score</th><th>Why bleeped</th>'
             f'<th>Why review</th></tr>{"".join(rows)}</table></div>') if rows else ""
    return (f'<section id="review" class="review"><h2>Bleeps to check: {total} item(s)</h2>'
            f'<ul>{flags}</ul>{table}</section>')


def _summary(report: Report) -> str:
    bleeped = bleeped_seconds(report)
    share = bleeped / report.duration if report.duration else 0.0
    counts = Counter(s.entity_type for s in report.spans)
    seconds = Counter()
    for s in report.spans:
        seconds[s.entity_type] += s.end - s.start
    cards = hp.cards([("Duration", fmt_time(report.duration)),
                      ("of audio bleeped", f"{share:.1%}"), ("Bleeped time", f"{bleeped:.1f} s"),
                      ("Spans", str(len(report.spans))), ("To review", str(review_count(report))),
                      ("Channels", str(report.channels))])
    rows = "".join(f"<tr><td>{badge(t)}</td><td class='num'>{n}</td>"
                   f"<td class='num'>{seconds[t]:.1f} s</td></tr>"
                   for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    types = (f'<table class="types"><tr><th>Type</th><th>Spans</th><th>Time</th></tr>{rows}'
             '</table>') if rows else ""
    return f'<section id="summary"><h2>Summary</h2>{cards}{types}</section>'


def _span_table(report: Report) -> str:
    if not report.spans:
        return ('<section id="spans"><h2>Bleeped spans</h2><p class="ok big">Nothing bleeped: '
                'no personal data was detected in this call.</p></section>')
    rows = []
    for i, s in enumerate(report.spans, 1):
        length = s.end - s.start
        rows.append(
            f'<tr id="span-{i}" class="{"rev" if needs_review(s) else ""}"><td class="num">{i}'
            f'</td><td class="nw"><a href="#span-{i}" data-t="{s.start:.2f}">{fmt_time(s.start)}–'
            f'{fmt_time(s.end)}</a></td><td class="num">{s.channel + 1}</td>'
            f'<td>{badge(s.entity_type)}</td><td class="mask">‹{esc(s.entity_type)}, '
            f'{length:.1f} s›</td><td class="num">{s.score:.2f}</td><td>{esc(s.recognizer)}</td>'
            f'<td class="why">{esc(why(s))}</td>'
            f'<td class="why">{esc("; ".join(review_causes(s)))}</td></tr>')
    head = ("<tr><th>#</th><th>Time</th><th>Ch</th><th>Type</th><th>Value (masked)</th>"
            "<th>Score</th><th>Recognizer</th><th>Why bleeped</th><th>Review</th></tr>")
    return (f'<section id="spans"><h2>Bleeped spans ({len(rows)})</h2>'
            f'<div class="wide"><table class="spans">{head}{"".join(rows)}</table></div>'
            '</section>')


def _transcript(report: Report) -> str:
    text = report.redacted_transcript
    if not text.strip():
        return '<section id="transcript"><h2>Transcript</h2><p class="note">Empty.</p></section>'
    turns = []
    for line in text.split("\n"):
        parts = _TAG.split(line)  # odd indices are entity types
        body = "".join(badge(p) if k % 2 else html.escape(p) for k, p in enumerate(parts))
        turns.append(f"<p>{body}</p>")
    return (f'<section id="transcript"><h2>Redacted transcript</h2>'
            f'<div class="turns">{"".join(turns)}</div></section>')


def _check_not_source(report: Report, audio_path: Path | None) -> None:
    if audio_path is None or not report.source:
        return
    if Path(audio_path).resolve() == Path(report.source).resolve():
        raise ValueError(f"{audio_path}: is the source recording; only the redacted wav may be "
                         "linked from a report page")


def render_call_page(report: Report, audio_path: Path | None, out_html: Path) -> Path:
    """Write the HTML page for one call to ``out_html`` (atomically) and return its path.

    ``audio_path`` is the *redacted* wav; it is read for the waveform and linked relatively,
    never embedded. A failed call gets a page with its status and error and no player.

    Raises:
        ValueError: when ``audio_path`` is the report's source recording.

    """
    _check_not_source(report, audio_path)
    name = hp.source_name(report)
    header = hp.header(name, report)
    if report.status == "failed":
        body = (f'{header}<section id="error" class="review"><h2>Processing failed</h2>'
                f'<pre>{esc(hp.safe_error(report))}</pre><p>No redacted audio was written for '
                f'this recording.</p></section>{hp.footer(report)}')
        return write_html(out_html, hp.page(f"{name}: failed", body))
    body = (f'{header}{decision_section(report)}{risk_section(report)}'
            f'{_review_section(report)}{_summary(report)}'
            f'<section id="audio"><h2>Redacted audio</h2>'
            f'{_audio_section(report, audio_path, out_html)}</section>'
            f'{_span_table(report)}{_transcript(report)}{hp.footer(report)}')
    return write_html(out_html, hp.page(f"{name}: redaction report", body))
