"""Render one call again from its source recording with the reviewers' spans, no Whisper.

The output contract is ``piip run``'s: the redacted wav has the source's rate, channels and
length (the writer re-reads and checks it), and is staged under its partial name; the report
is written atomically before the audio is renamed into place, then the page is rendered by
:func:`pipeline.report.call_page.render_call_page`. A source that is gone (purged) or that changed
since the run is refused: the spans would not fit it.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.audio import bleep
from pipeline.audio import io as audio_io
from pipeline.config import BleepConfig
from pipeline.files import partial_path, sha256_file, write_json
from pipeline.redact import spans
from pipeline.report.call_page import render_call_page
from pipeline.review.human import HumanState, amended_bleeps, apply_human
from pipeline.review.store import ReviewError
from pipeline.schema import PiiSpan, Report


class SourceGoneError(ReviewError):
    """The source recording is no longer there (purged by retention, moved)."""


class SourceChangedError(ReviewError):
    """The source recording is not the one the report was made from."""


@dataclass(frozen=True)
class CallFiles:
    """One call's outputs: the redacted wav, the report and the page."""

    audio: Path
    report: Path
    page: Path

    @classmethod
    def for_report(cls, report_path: Path) -> CallFiles:
        """Return the outputs beside ``report_path`` (``x.json`` -> ``x.wav``, ``x.html``)."""
        return cls(report_path.with_suffix(".wav"), report_path, report_path.with_suffix(".html"))


def check_source(report: Report, hashed: bool = True) -> Path:
    """Return the source path if it is there and (unless not ``hashed``) unchanged.

    Raises:
        SourceGoneError: when the source is missing.
        SourceChangedError: when its sha256 differs from the report's.

    """
    source = Path(report.source) if report.source else None
    if source is None or not source.is_file():
        raise SourceGoneError("the source recording of this call is gone (purged or moved): "
                              "it cannot be rendered again; nothing was changed")
    if hashed:
        _same_digest(sha256_file(source), report)
    return source


def _same_digest(digest: str, report: Report) -> None:
    if digest != report.sha256:
        raise SourceChangedError("the source recording changed since this call was processed: "
                                 "run `piip run` on it again first; nothing was changed")


def _decode_checked(source: Path, report: Report) -> audio_io.Audio:
    """Decode the source while hashing it in another thread; refuse it if it changed."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_file, source)
        audio = audio_io.decode(source)
        _same_digest(digest.result(), report)
    if (audio.sample_rate, audio.channels) != (report.sample_rate, report.channels):
        raise SourceChangedError("the source's rate or channels differ from the report's")
    return audio


def bleep_plan(report: Report, state: HumanState, duration: float, merge_gap: float
               ) -> tuple[list[PiiSpan], list[PiiSpan]]:
    """Return (the amended spans for the report, the merged spans to bleep)."""
    return amended_bleeps(report.spans, state.edits, duration, merge_gap)


def rerender(files: CallFiles, report: Report, state: HumanState, cfg: BleepConfig
             ) -> tuple[Report, dict[str, Any]]:
    """Render ``report``'s call again with ``state`` applied; return the new report and timings.

    Raises:
        SourceGoneError, SourceChangedError: see :func:`check_source`.
        ReviewError: when the source no longer has the report's rate or channels.

    """
    t0 = time.perf_counter()
    source = check_source(report, hashed=False)
    if source.resolve() in {files.audio.resolve(), files.report.resolve(), files.page.resolve()}:
        raise ReviewError("refusing to write over the source recording")
    audio = _decode_checked(source, report)
    t1 = time.perf_counter()
    amended, to_bleep = bleep_plan(report, state, audio.duration, cfg.merge_gap)
    redacted = bleep.apply(audio.samples, audio.sample_rate, to_bleep, cfg)
    staged = audio_io.write_wav(partial_path(files.audio), redacted, audio.sample_rate)
    try:
        t2 = time.perf_counter()
        stats = {**report.stats, "bleeped_seconds": round(spans.covered(to_bleep), 3),
                 "output_sha256": sha256_file(staged)}
        data = {**report.to_dict(), "stats": stats}
        data = {**apply_human(data, state), "spans": [s.to_dict() for s in amended]}
        new = Report.from_dict(data)
        write_json(files.report, new.to_dict())
        os.replace(staged, files.audio)
    finally:
        staged.unlink(missing_ok=True)
    t3 = time.perf_counter()
    render_call_page(new, files.audio, files.page)
    t4 = time.perf_counter()
    return new, {"decode": round(t1 - t0, 3), "bleep_write": round(t2 - t1, 3),
                 "report": round(t3 - t2, 3), "page": round(t4 - t3, 3),
                 "total": round(t4 - t0, 3)}


def redecide(files: CallFiles, report: Report, state: HumanState, output_sha256: str
             ) -> Report:
    """Write ``report`` again with ``state``'s decision applied (the audio is unchanged).

    ``output_sha256`` is the sha256 of the redacted wav as it is now; it is recorded in the
    report's stats, and an approval counts only if it was given for that hash.
    """
    data = report.to_dict()
    data["stats"] = {**data["stats"], "output_sha256": output_sha256}
    new = Report.from_dict({**apply_human(data, state), "spans": data["spans"]})
    write_json(files.report, new.to_dict())
    render_call_page(new, files.audio if files.audio.is_file() else None, files.page)
    return new
