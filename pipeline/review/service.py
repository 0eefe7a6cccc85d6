"""The review actions, apart from HTTP: add, move and remove bleeps, approve and reject.

Every action runs under one lock and under the catalog's run lock (no action while a batch
run writes the same outputs), is appended to the review log, and leaves the call's wav, JSON
and page consistent: edits re-render from the source, decisions rewrite the JSON and page.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from pipeline.audio import io as audio_io
from pipeline.batch.catalog import Catalog, CatalogLockedError
from pipeline.config import PiipConfig
from pipeline.files import sha256_file
from pipeline.report.batch_page import render_batch
from pipeline.review.human import (
    ENTITY_TYPES,
    HUMAN,
    REMOVE_REASONS,
    HumanDecision,
    HumanEdit,
)
from pipeline.review.index import CallIndex
from pipeline.review.rerender import CallFiles, check_source, redecide, rerender
from pipeline.review.store import ReviewError, ReviewStore
from pipeline.schema import PiiSpan, Report

MIN_SPAN = 0.05


class NotFoundError(ReviewError):
    """No such call or span."""


@dataclass(frozen=True)
class Expect:
    """What the page showed of the span an action is about (refused if it has changed)."""

    start: float
    end: float
    channel: int
    entity_type: str


@dataclass
class Reviewing:
    """One reviewer's session over one output directory."""

    out_dir: Path
    store: ReviewStore
    catalog: Catalog
    cfg: PiipConfig
    reviewer: str
    allow_original: bool = False
    index: CallIndex = field(init=False)
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = CallIndex(self.store, self.out_dir)

    def load(self, call_id: int) -> tuple[str, Report, CallFiles]:
        """Return a call's key, report and files.

        Raises:
            NotFoundError: for an unknown id or an unreadable report.

        """
        call = self.index.call_of(call_id)
        data = self.index.read_report(call) if call else None
        if call is None or data is None:
            raise NotFoundError("no such call (rescan the queue)")
        return call, Report.from_dict(data), CallFiles.for_report(self.index.report_path(call))

    @contextmanager
    def _acting(self) -> Iterator[None]:
        with self.lock:
            try:
                with self.catalog.lock_run(wait=False):
                    yield
            except CatalogLockedError as exc:
                raise ReviewError("a batch run is writing these outputs; try again when it "
                                  "has finished") from exc

    def _edit(self, call: str, report: Report, files: CallFiles, new: list[HumanEdit],
              retire: tuple[int, ...] = ()) -> Report:
        """Re-render with the edits as they will be, then record them (nothing on failure)."""
        if report.status == "failed":
            raise ReviewError("a failed call has no audio to edit")
        state = self.store.state(call)
        edits = tuple(e for e in state.edits if e.id not in retire) + tuple(new)
        rendered, times = rerender(files, report, replace(state, edits=edits), self.cfg.bleep)
        self.store.save_edits(call, new, retire)
        self.timings.append(times)
        self.index.update(call, rendered.to_dict())
        if rendered.decision != report.decision:  # the index shows decisions, not spans
            self._refresh_batch_pages()
        return rendered

    def _new(self, kind: str, start: float, end: float, channel: int, entity_type: str,
             reason: str = "") -> HumanEdit:
        return HumanEdit(0, kind, start, end, channel, entity_type, reason, self.reviewer)

    def _check_times(self, report: Report, start: float, end: float, channel: int) -> None:
        if not (0.0 <= start < end <= report.duration + 1e-6) or end - start < MIN_SPAN:
            raise ReviewError(f"a bleep needs 0 <= start < end <= {report.duration:.3f} and at "
                              f"least {MIN_SPAN} s")
        if not 0 <= channel < max(1, report.channels):
            raise ReviewError(f"channel must be 0..{report.channels - 1}")

    def _span(self, report: Report, key: int, expect: Expect) -> PiiSpan:
        if not 0 <= key < len(report.spans):
            raise NotFoundError("no such span; reload the page")
        s = report.spans[key]
        if (abs(s.start - expect.start) > 1e-6 or abs(s.end - expect.end) > 1e-6
                or s.channel != expect.channel or s.entity_type != expect.entity_type):
            raise ReviewError("this call changed since the page was loaded; reload it")
        return s

    def _human_edit(self, call: str, span: PiiSpan) -> int:
        for e in self.store.state(call).edits:
            if e.kind == "add" and (e.start, e.end, e.channel, e.entity_type) == \
                    (span.start, span.end, span.channel, span.entity_type):
                return e.id
        raise NotFoundError("no reviewer edit behind this span; reload the page")

    def add(self, call_id: int, start: float, end: float, channel: int, entity_type: str
            ) -> Report:
        """Bleep ``start``-``end`` (heard on ``channel``) as ``entity_type``; re-render."""
        if entity_type not in ENTITY_TYPES:
            raise ReviewError(f"entity type must be one of {', '.join(ENTITY_TYPES)}")
        with self._acting():
            call, report, files = self.load(call_id)
            self._check_times(report, start, end, channel)
            new = self._edit(call, report, files,
                             [self._new("add", start, end, channel, entity_type)])
            self._log("add", call, new, start, end, channel, entity_type)
            return new

    def move(self, call_id: int, key: int, expect: Expect, start: float, end: float) -> Report:
        """Move a span's edges to ``start``-``end``; re-render."""
        with self._acting():
            call, report, files = self.load(call_id)
            span = self._span(report, key, expect)
            self._check_times(report, start, end, span.channel)
            out, retire = self._take_out(call, span, "moved")
            new = self._edit(call, report, files, [*out, self._new(
                "add", start, end, span.channel, span.entity_type)], retire)
            self._log("move", call, new, start, end, span.channel, span.entity_type,
                      f"from {span.start:.3f}-{span.end:.3f}")
            return new

    def remove(self, call_id: int, key: int, expect: Expect, reason: str) -> Report:
        """Stop bleeping a span, for ``reason`` (one of REMOVE_REASONS); re-render."""
        if reason not in REMOVE_REASONS:
            raise ReviewError(f"reason must be one of {', '.join(REMOVE_REASONS)}")
        with self._acting():
            call, report, files = self.load(call_id)
            span = self._span(report, key, expect)
            out, retire = self._take_out(call, span, reason)
            new = self._edit(call, report, files, out, retire)
            self._log("remove", call, new, span.start, span.end, span.channel,
                      span.entity_type, reason)
            return new

    def _take_out(self, call: str, span: PiiSpan, reason: str
                  ) -> tuple[list[HumanEdit], tuple[int, ...]]:
        """Return edits that stop ``span``: retire a person's add or remove an automatic one."""
        if span.recognizer == HUMAN:
            return [], (self._human_edit(call, span),)
        return [self._new("remove", span.start, span.end, span.channel, span.entity_type,
                          reason)], ()

    def approve(self, call_id: int) -> Report:
        """Approve this exact output (``release``; with the two-person rule, once confirmed)."""
        with self._acting():
            call, report, files = self.load(call_id)
            if report.status == "failed" or not files.audio.is_file():
                raise ReviewError("a failed call has no output to approve")
            sha = sha256_file(files.audio)
            prior, action = self.store.state(call).decision, "approve"
            decision = HumanDecision("release", self.reviewer, sha, True)
            if self.cfg.review.two_person:
                pending = prior is not None and prior.decision == "release" \
                    and not prior.confirmed and prior.output_sha256 == sha
                if pending and prior.decided_by == self.reviewer:
                    raise ReviewError("two-person rule: a second, different reviewer must "
                                      "confirm this approval")
                if pending:
                    decision = HumanDecision("release", f"{prior.decided_by}+{self.reviewer}",
                                             sha, True)
                    action = "confirm"
                else:
                    decision, action = HumanDecision("release", self.reviewer, sha, False), \
                        "approve_pending"
            return self._decide(call, report, files, decision, action, sha)

    def reject(self, call_id: int) -> Report:
        """Quarantine the call: it is not released whatever later runs produce."""
        with self._acting():
            call, report, files = self.load(call_id)
            sha = sha256_file(files.audio) if files.audio.is_file() else ""
            return self._decide(call, report, files,
                                HumanDecision("quarantine", self.reviewer, sha, True), "reject",
                                sha)

    def _decide(self, call: str, report: Report, files: CallFiles, decision: HumanDecision,
                action: str, sha: str) -> Report:
        self.store.set_decision(call, decision)
        new = redecide(files, report, self.store.state(call), sha)
        self.index.update(call, new.to_dict())
        self.store.log(self.reviewer, action, call, output_sha256=sha)
        self._refresh_batch_pages()
        return new

    def _refresh_batch_pages(self) -> None:
        """Write the output folder's index again, so it shows the call's new decision."""
        render_batch(self.out_dir, f"Piip: {self.out_dir.name}", self.catalog.path)

    def original(self, call_id: int, key: int, expect: Expect) -> bytes:
        """Return the source audio under one span as WAV bytes, and log the play.

        Raises:
            ReviewError: unless the app was started with ``--allow-original``.

        """
        if not self.allow_original:
            raise NotFoundError("the original recording is not served (--allow-original)")
        call, report, _ = self.load(call_id)
        span = self._span(report, key, expect)
        source = check_source(report)
        audio = audio_io.decode(source)
        first, last = int(span.start * audio.sample_rate), int(np.ceil(span.end *
                                                                      audio.sample_rate))
        buf = io.BytesIO()
        sf.write(buf, audio.samples[first:last], audio.sample_rate, format="WAV",
                 subtype="PCM_16")
        self.store.log(self.reviewer, "play_original", call, start=span.start, end=span.end,
                       channel=span.channel, entity_type=span.entity_type)
        return buf.getvalue()

    def _log(self, action: str, call: str, report: Report, start: float, end: float,
             channel: int, entity_type: str, reason: str = "") -> None:
        self.store.log(self.reviewer, action, call, start=start, end=end, channel=channel,
                       entity_type=entity_type, reason=reason,
                       output_sha256=str(report.stats.get("output_sha256", "")))
