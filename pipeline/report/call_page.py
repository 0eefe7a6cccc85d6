"""Render one call's report as a self-contained, offline HTML page an analyst checks at a glance.

The page holds only what the JSON report holds (the transcript is already redacted): no
personal value is ever shown, only entity types, times and scores. It never reads or links
the source recording: the waveform is drawn from the *redacted* wav, which is linked by a
relative URL and never embedded. Nothing is fetched from the network (inline CSS, inline SVG,
and a Content-Security-Policy that forbids remote loads). The markup is
``templates/call.html`` and the templates it includes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import soundfile as sf

from pipeline.redact.locate import REVIEW_REASONS
from pipeline.report import page as hp
from pipeline.report.call_risks import decision_view, risk_view
from pipeline.report.labels import FLAGS, WHY, why
from pipeline.report.page import fmt_time, write_html
from pipeline.report.waveform import envelope, waveform
from pipeline.schema import PiiSpan, Report

__all__ = ["bleeped_seconds", "envelope", "needs_review", "render_call_page", "review_causes",
           "review_count"]

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


def _audio(report: Report, audio_path: Path | None, out_html: Path) -> dict[str, Any]:
    if audio_path is None or not Path(audio_path).is_file():
        return {"note": "Redacted audio not found beside this page; no player."}
    try:
        mins, maxs, duration = envelope(Path(audio_path))
    except (sf.LibsndfileError, RuntimeError, ValueError):
        return {"note": "The redacted audio could not be read; no player."}
    spans = list(report.spans)
    waves = [waveform(mins[c], maxs[c], c, spans, duration, report.risks, needs_review)
             for c in range(len(mins))]
    return {"note": "", "src": hp.link(Path(audio_path), out_html), "waves": waves}


def _review(report: Report) -> dict[str, Any]:
    rows, causes = [], Counter()
    for i, s in enumerate(report.spans, 1):
        if found := review_causes(s):
            causes.update(found)
            rows.append({"i": i, "t": f"{s.start:.2f}", "span": s, "why": why(s),
                         "causes": found})
    return {"flags": [FLAGS.get(f, f) for f in report.review], "rows": rows,
            "total": len(report.review) + len(rows), "by_cause": causes.most_common()}


def _summary(report: Report) -> dict[str, Any]:
    bleeped = bleeped_seconds(report)
    share = bleeped / report.duration if report.duration else 0.0
    counts = Counter(s.entity_type for s in report.spans)
    seconds: Counter = Counter()
    for s in report.spans:
        seconds[s.entity_type] += s.end - s.start
    cards = [("Duration", fmt_time(report.duration)), ("of audio bleeped", f"{share:.1%}"),
             ("Bleeped time", f"{bleeped:.1f} s"), ("Spans", str(len(report.spans))),
             ("To review", str(review_count(report))), ("Channels", str(report.channels))]
    types = [(t, n, seconds[t]) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"cards": cards, "types": types}


def _turns(report: Report) -> list[list[tuple[bool, str]]]:
    """Return the redacted transcript's lines as (is entity tag, text) parts."""
    if not report.redacted_transcript.strip():
        return []
    return [[(k % 2 == 1, p) for k, p in enumerate(_TAG.split(line))]  # odd: entity types
            for line in report.redacted_transcript.split("\n")]


def _check_not_source(report: Report, audio_path: Path | None) -> None:
    if audio_path is None or not report.source:
        return
    if Path(audio_path).resolve() == Path(report.source).resolve():
        raise ValueError(f"{audio_path}: is the source recording; only the redacted wav may be "
                         "linked from a report page")


def _facts(report: Report) -> list[str]:
    facts = [f"{report.sample_rate} Hz" if report.sample_rate else "",
             f"{report.channels} ch" if report.channels else "",
             f"model {report.model}" if report.model else ""]
    return [f for f in facts if f]


def render_call_page(report: Report, audio_path: Path | None, out_html: Path) -> Path:
    """Write the HTML page for one call to ``out_html`` (atomically) and return its path.

    ``audio_path`` is the *redacted* wav; it is read for the waveform and linked relatively,
    never embedded. A failed call gets a page with its status and error and no player.

    Raises:
        ValueError: when ``audio_path`` is the report's source recording.

    """
    _check_not_source(report, audio_path)
    name = hp.source_name(report)
    context: dict[str, Any] = {"report": report, "name": name, "facts": _facts(report)}
    if report.status == "failed":
        text = hp.render("call.html", title=f"{name}: failed", error=hp.safe_error(report),
                         **context)
        return write_html(out_html, text)
    spans = [{"i": i, "t": f"{s.start:.2f}", "span": s, "why": why(s),
              "causes": review_causes(s)} for i, s in enumerate(report.spans, 1)]
    text = hp.render("call.html", title=f"{name}: redaction report", spans=spans,
                     decision=decision_view(report), risks=risk_view(report),
                     review=_review(report), summary=_summary(report),
                     audio=_audio(report, audio_path, out_html), turns=_turns(report), **context)
    return write_html(out_html, text)
