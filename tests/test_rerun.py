"""Reviewers' decisions survive reruns (issue 13, item 3): through process_file and the flow.

The review app's part is played by the same functions it calls (the store and the re-render
from source); every check on bleeping is measured on the output audio against the source.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pipeline.config import PiipConfig
from pipeline.gate.plan import Plan
from pipeline.process import Outputs, process_file
from pipeline.review.human import HumanDecision, HumanEdit, HumanState
from pipeline.review.rerender import CallFiles, rerender
from pipeline.review.rerun import amend_plan, states_for_run
from pipeline.review.store import ReviewStore
from pipeline.schema import PiiSpan, Report, RiskItem
from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from, write_audio

WORDS = words_from([("Nimeni", 0.5, 0.9), ("on", 1.0, 1.1), ("Reijo", 2.0, 2.4),
                    ("Karjalainen", 2.5, 3.1), ("kiitos", 4.5, 4.9)])
PATTERN = r"Reijo Karjalainen|kiitos"
ADDED = (0.4, 0.95)  # a reviewer bleeps "Nimeni"
REMOVED = (4.25, 5.2)  # and un-bleeps "kiitos" (found as a PERSON, padded 0.25 / 0.3)
NAME = (1.75, 3.4)  # the automatic PERSON span the reviewer left alone
EDITS = (HumanEdit(1, "add", *ADDED, 0, "PERSON"),
         HumanEdit(2, "remove", *REMOVED, 0, "PERSON", "not_personal_data"))
NEW_TONE = {"bleep": {"frequency": 800.0}}  # a config change that changes the output


def _changed(src: Path, out: Path, start: float, end: float) -> float:
    """Largest sample difference between source and output in [start, end], all channels."""
    a, rate = sf.read(str(src), dtype="float32", always_2d=True)
    b, _ = sf.read(str(out), dtype="float32", always_2d=True)
    assert a.shape == b.shape
    return float(np.max(np.abs(a[int(start * rate):int(end * rate)]
                               - b[int(start * rate):int(end * rate)])))


def _bleeped_only_where_the_reviewer_wants(src: Path, out: Path) -> None:
    assert _changed(src, out, *ADDED) > 0.05  # the added span is bleeped
    assert _changed(src, out, *NAME) > 0.05  # the automatic span the reviewer kept
    assert _changed(src, out, *REMOVED) == 0.0  # the removed span is still not bleeped
    a, rate = sf.read(str(src), dtype="float32", always_2d=True)
    b, _ = sf.read(str(out), dtype="float32", always_2d=True)
    rest = np.ones(len(a), dtype=bool)
    for start, end in (ADDED, NAME):  # one sample of rounding outward at each edge
        rest[int(start * rate) - 1:int(end * rate) + 1] = False
    assert np.array_equal(a[rest], b[rest])  # everything else is the source, sample for sample


def _process(wav: Path, out: Path, cfg: PiipConfig, human: object = None) -> Report:
    outputs = Outputs.for_source(wav, wav.parent, out)
    return process_file(wav, outputs, cfg, FakeTranscriber(WORDS), FakeAnalyzer(PATTERN),
                        human)  # type: ignore[arg-type]


def _reviewed(report_path: Path, cfg: PiipConfig) -> tuple[HumanState, bytes]:
    """Play the review app: edit, re-render from source, approve that output."""
    state = HumanState(EDITS)
    rendered, _ = rerender(CallFiles.for_report(report_path),
                           Report.from_dict(json.loads(report_path.read_text())), state, cfg.bleep)
    approved = HumanDecision("release", "alice", rendered.stats["output_sha256"])
    return HumanState(EDITS, approved), report_path.with_suffix(".wav").read_bytes()


@pytest.fixture()
def call(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    src.mkdir()
    return write_audio(src / "call.wav", seconds=6.0, rate=16000, channels=2), tmp_path / "out"


def test_a_rerun_without_edits_or_decision_is_unchanged(call: tuple[Path, Path]) -> None:
    wav, out = call
    first = _process(wav, out, PiipConfig()).to_dict()
    audio = (out / "call.wav").read_bytes()
    again = _process(wav, out, PiipConfig(), HumanState()).to_dict()
    assert (out / "call.wav").read_bytes() == audio
    first["stats"].pop("wall_seconds"), again["stats"].pop("wall_seconds")
    assert again == first


def test_rerun_with_no_change_keeps_the_approved_call_released_and_identical(
        call: tuple[Path, Path]) -> None:
    wav, out = call
    cfg = PiipConfig()
    assert _process(wav, out, cfg).decision == "release"
    state, approved_audio = _reviewed(out / "call.json", cfg)
    report = _process(wav, out, cfg, state.to_dict())  # as the flow passes it
    assert (out / "call.wav").read_bytes() == approved_audio  # byte-identical
    assert (report.decision, report.decided_by) == ("release", "alice")
    assert "human_release" in report.decision_reasons
    assert report.stats["output_sha256"] == state.decision.output_sha256  # type: ignore[union-attr]
    assert json.loads((out / "call.json").read_text())["decided_by"] == "alice"
    _bleeped_only_where_the_reviewer_wants(wav, out / "call.wav")


def test_rerun_that_changes_the_output_sends_the_call_back_to_review_with_human_spans(
        call: tuple[Path, Path]) -> None:
    wav, out = call
    cfg = PiipConfig()
    _process(wav, out, cfg)
    state, approved_audio = _reviewed(out / "call.json", cfg)
    report = _process(wav, out, PiipConfig.model_validate(NEW_TONE), state)
    assert (out / "call.wav").read_bytes() != approved_audio
    assert (report.decision, report.decided_by) == ("review", "auto")
    assert "approval_outdated" in report.decision_reasons
    assert json.loads((out / "call.json").read_text())["decision"] == "review"
    _bleeped_only_where_the_reviewer_wants(wav, out / "call.wav")
    kinds = {(s.recognizer, s.start) for s in report.spans}
    assert ("human", ADDED[0]) in kinds and not any(s.start >= 4.0 for s in report.spans)


def test_a_rejection_holds_on_rerun_whatever_the_output(call: tuple[Path, Path]) -> None:
    wav, out = call
    _process(wav, out, PiipConfig())
    state = HumanState((), HumanDecision("quarantine", "bob", "0" * 64))
    report = _process(wav, out, PiipConfig.model_validate(NEW_TONE), state)
    assert (report.decision, report.decided_by) == ("quarantine", "bob")


def test_amend_plan_drops_risk_items_under_the_final_bleeps() -> None:
    auto = PiiSpan(2.0, 3.0, "PERSON", 0.9, "Fake")
    risks = (RiskItem(0.5, 0.9, 0, "name_residue"), RiskItem(5.5, 5.8, 1, "number_residue"),
             RiskItem(3.0, 4.0, 0, "unsupported_edge"))
    planned = Plan(None, (), (auto,), (auto,), risks)  # type: ignore[arg-type]
    assert amend_plan(planned, HumanState(), 6.0, 0.7) is planned  # no edits: untouched
    state = HumanState((HumanEdit(1, "add", 0.4, 1.0, 1, "PERSON"),
                        HumanEdit(2, "add", 3.0, 3.5, 0, "PERSON")))
    got = amend_plan(planned, state, 6.0, 0.7)
    assert [(s.start, s.end) for s in got.to_bleep] == [(0.4, 1.0), (2.0, 3.5)]
    # bleeps silence every channel: the channel-0 item under a channel-1 span goes too
    assert [(r.start, r.end, r.reason) for r in got.risks] == \
        [(3.5, 4.0, "unsupported_edge"), (5.5, 5.8, "number_residue")]


def test_states_for_run_reads_only_touched_calls_and_no_reviewer_names(tmp_path: Path) -> None:
    catalog = tmp_path / "out" / ".piip-catalog.sqlite"
    with ReviewStore.open(catalog) as store:
        store.save_edits("a.json", [HumanEdit(0, "add", 1.0, 2.0, 0, "PERSON", "", "alice")])
        store.set_decision("b.json", HumanDecision("quarantine", "bob", "abc"))
    got = states_for_run(catalog, ["a.json", "b.json", "c.json"])
    assert set(got) == {"a.json", "b.json"}
    assert [e["reviewer"] for e in got["a.json"]["edits"]] == [""]
    assert HumanState.from_dict(got["b.json"]).decision == HumanDecision("quarantine", "bob",
                                                                         "abc")


def _app(out: Path, cfg: PiipConfig):
    """The review app over ``out``, as a same-origin client with its CSRF token."""
    from fastapi.testclient import TestClient

    from pipeline.review.app import create_app
    from pipeline.review.security import Guard
    from pipeline.review.server import open_review

    origin = "http://127.0.0.1:8765"
    review = open_review(out, None, cfg, "alice")
    client = TestClient(create_app(review, Guard("127.0.0.1")), base_url=origin)
    client.get("/")  # sets the CSRF cookie
    client.headers.update({"Origin": origin, "X-CSRF-Token": client.cookies["piip_csrf"]})
    return review, client


def _review_in_the_app(out: Path, cfg: PiipConfig) -> bytes:
    """Add a bleep, remove one, approve, through the app's HTTP API; return the approved wav."""
    review, client = _app(out, cfg)
    try:
        with review.store.lock:
            cid = review.store.db.execute("SELECT id FROM review_index WHERE name = ?",
                                          ("call.wav",)).fetchone()[0]
        add = {"start": ADDED[0], "end": ADDED[1], "channel": 0, "entity_type": "PERSON"}
        assert client.post(f"/api/calls/{cid}/spans", json=add).status_code == 200
        spans = client.get(f"/api/calls/{cid}").json()["spans"]
        thanks = next(s for s in spans if s["start"] == REMOVED[0])
        body = {"span": {k: thanks[k] for k in ("start", "end", "channel", "entity_type")},
                "reason": "not_personal_data"}
        r = client.post(f"/api/calls/{cid}/spans/{thanks['key']}/remove", json=body)
        assert r.status_code == 200, r.text
        assert client.post(f"/api/calls/{cid}/approve").json()["decision"] == "release"
    finally:
        client.close()
        review.store.close()
        review.catalog.close()
    return (out / "call.wav").read_bytes()


def test_the_flow_honours_what_reviewers_did_in_the_app(call: tuple[Path, Path],
                                                        monkeypatch) -> None:
    from prefect.testing.utilities import prefect_test_harness

    import flows.anonymise as fa

    wav, out = call
    monkeypatch.setattr(fa, "_models", lambda cfg: (FakeTranscriber(WORDS), FakeAnalyzer(PATTERN)))
    with prefect_test_harness(server_startup_timeout=60):
        assert fa.anonymise(str(wav.parent), str(out), return_state=True).is_completed()
        approved_audio = _review_in_the_app(out, PiipConfig())
        _bleeped_only_where_the_reviewer_wants(wav, out / "call.wav")
        # (a) nothing changed: still released by the person, the same bytes
        assert fa.anonymise(str(wav.parent), str(out), force=True,
                            return_state=True).is_completed()
        data = json.loads((out / "call.json").read_text())
        assert (data["decision"], data["decided_by"]) == ("release", "alice")
        assert (out / "call.wav").read_bytes() == approved_audio
        # (b) a config change changes the output: back to review, the person's spans kept
        changed = out.parent / "piip.yaml"
        changed.write_text("bleep:\n  frequency: 800.0\n")
        assert fa.anonymise(str(wav.parent), str(out), str(changed),
                            return_state=True).is_completed()
    data = json.loads((out / "call.json").read_text())
    assert (data["decision"], data["decided_by"]) == ("review", "auto")
    assert "approval_outdated" in data["decision_reasons"]
    assert (out / "call.wav").read_bytes() != approved_audio
    _bleeped_only_where_the_reviewer_wants(wav, out / "call.wav")
