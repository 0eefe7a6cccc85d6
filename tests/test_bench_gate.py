"""The release-gate benchmark on synthetic arrays: leaks, review coverage and yield."""

from __future__ import annotations

import json

import numpy as np

from bench.gate import gate_call, near_risk, summarise_gate
from bench.redactors import bleep_spans
from bench.score import SpanResult
from pipeline.schema import RiskItem

RATE = 16000


def speechy(seconds: float, bursts: list[tuple[float, float]], channels: int = 1) -> np.ndarray:
    """Silence with loud tone bursts on channel 0 (a ragged envelope, like speech)."""
    n = int(seconds * RATE)
    x = np.zeros((n, channels))
    t = np.arange(n) / RATE
    for a, b in bursts:
        i, j = int(a * RATE), int(b * RATE)
        env = 0.2 + 0.1 * np.abs(np.sin(2 * np.pi * 3 * t[i:j]))
        x[i:j, 0] += env * np.sin(2 * np.pi * 180 * t[i:j])
    return x


BURSTS = [(0.5, 1.5), (2.0, 3.0), (4.0, 5.0), (6.0, 7.0)]


def truth(call_id: str, fmt: str = "wideband") -> dict:
    return {"id": call_id, "format": fmt, "spans": [
        {"start": 2.0, "end": 3.0, "type": "PHONE_NUMBER", "channel": 0, "value": "0401234567"},
        {"start": 6.0, "end": 7.0, "type": "PERSON", "channel": 0, "value": "Virtanen"}]}


def test_audible_span_in_a_released_call_is_a_leak():
    x = speechy(8.0, BURSTS)
    t = truth("c1")
    out = bleep_spans(x, RATE, [t["spans"][0]])  # the phone number bleeped, the name left
    call = gate_call(x, out, RATE, t, risks=[], decision="release")
    summary = summarise_gate([call])
    assert [(k["id"], k["type"]) for k in summary["leaks"]] == [("c1", "PERSON")]
    assert summary["audible_in"]["release"] == 1
    assert summary["protected"] == 1 and summary["spans"] == 2
    assert "Virtanen" not in json.dumps(summary)  # never a value


def test_fully_bleeped_release_has_no_leak_and_full_yield():
    x = speechy(8.0, BURSTS)
    t = truth("c1")
    call = gate_call(x, bleep_spans(x, RATE, t["spans"]), RATE, t, risks=[], decision="release")
    summary = summarise_gate([call])
    assert summary["leaks"] == []
    assert summary["yield"]["wideband"]["release"] == 1.0
    assert 0.4 < summary["yield"]["all"]["release_unbleeped"] < 0.6  # 2 of 4 bursts bleeped


def test_review_coverage_counts_audible_spans_near_a_risk_item():
    x = speechy(8.0, BURSTS)
    t = truth("c2", "telephone")
    risks = [RiskItem(4.5, 5.0, 0, "number_residue")]  # 1.0 s before the name, 1.5 s after
    call = gate_call(x, x.copy(), RATE, t, risks, decision="review")  # nothing bleeped
    rv = summarise_gate([call])["review"]
    assert rv["audible_spans"] == 2
    assert rv["near_risk"] == 2  # both within 2 s
    x = speechy(12.0, BURSTS)
    far = gate_call(x, x.copy(), RATE, t, [RiskItem(9.1, 9.5, 0, "name_residue")], "review")
    rv = summarise_gate([far])["review"]
    assert rv["near_risk"] == 0 and rv["share"] == 0.0
    assert [k["type"] for k in rv["far_from_risk"]] == ["PHONE_NUMBER", "PERSON"]
    near = gate_call(x, x.copy(), RATE, t, [RiskItem(8.9, 9.5, 0, "name_residue")], "review")
    assert summarise_gate([near])["review"]["near_risk"] == 1  # the name ends 1.9 s before


def test_yield_splits_formats_and_decisions():
    x = speechy(8.0, BURSTS)
    calls = [gate_call(x, x.copy(), RATE, truth("a", "telephone"), [], "release"),
             gate_call(x, x.copy(), RATE, truth("b", "telephone"), [], "quarantine"),
             gate_call(x, x.copy(), RATE, truth("c", "wideband"), [], "review")]
    y = summarise_gate(calls)["yield"]
    assert y["telephone"]["release"] == 0.5
    assert y["telephone"]["release_or_review"] == 0.5
    assert y["wideband"]["release"] == 0.0 and y["wideband"]["release_or_review"] == 1.0
    assert summarise_gate(calls)["decisions"] == {"release": 1, "quarantine": 1, "review": 1}


def test_near_risk_respects_the_channel_only_when_asked():
    span = SpanResult("PERSON", 10.0, 11.0, 1, 50, 0.0, False)
    other = [RiskItem(11.5, 12.0, 0, "name_residue")]
    assert near_risk(span, other, channels=2)
    assert not near_risk(span, other, channels=2, same_channel=True)
    assert not near_risk(span, [RiskItem(13.01, 14.0, 1, "name_residue")], channels=2)


def test_gate_set_counts_a_leak_in_a_call_forced_to_release(tmp_path, monkeypatch):
    import soundfile as sf

    import bench.gate as gate
    import pipeline.gate.plan
    from pipeline.config import PiipConfig
    from pipeline.schema import PiiSpan, Transcript

    calls, cache = tmp_path / "calls", tmp_path / "cache"
    calls.mkdir()
    cache.mkdir()
    x = speechy(8.0, BURSTS)
    sf.write(str(calls / "c9.wav"), x, RATE, subtype="PCM_16")
    (calls / "c9.truth.json").write_text(json.dumps(truth("c9")))
    (cache / "c9.json").write_text(json.dumps(Transcript((), 8.0, 1).to_dict()))

    class FakePlan:  # the phone number bleeped, the name not; one risk item far from it
        to_bleep = (PiiSpan(1.9, 3.1, "PHONE_NUMBER", 1.0, "fake"),)
        risks = (RiskItem(0.5, 1.0, 0, "number_residue"),)

    monkeypatch.setattr(pipeline.gate.plan, "plan", lambda *a, **k: FakePlan())
    monkeypatch.setattr(gate, "decide_call", lambda *a: ("release", ("clean",)))
    results = gate.gate_set(calls, cache, PiipConfig(), analyzer=None, set_name="t")
    summary = summarise_gate(results)
    assert summary["decisions"] == {"release": 1}
    assert [(k["id"], k["type"]) for k in summary["leaks"]] == [("c9", "PERSON")]
    assert summary["per_call"][0]["risks"] == 1


def test_risk_mask_covers_the_item_widened_on_its_channel_only():
    from bench.gate import risk_mask

    risk = {"start": 3.0, "end": 4.0, "channel": 1}
    mask = risk_mask([risk], (2, 500), channels=2, seconds=1.0)  # 20 ms frames: 10 s
    assert not mask[0].any()
    assert mask[1].nonzero()[0].tolist() == list(range(100, 250))  # 2.0 s .. 5.0 s
    everywhere = risk_mask([{"start": 3.0, "end": 4.0, "channel": None}], (2, 500), 2, 1.0)
    assert everywhere[0].sum() == everywhere[1].sum() == 150
    assert risk_mask([], (1, 10), 1).sum() == 0
