"""The audio-based scorer on synthetic arrays: 20 ms frames, exact span arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from bench.redactors import bleep_spans
from bench.score import (
    altered_frames,
    markdown,
    score_arrays,
    score_call,
    span_frames,
    speech_frames,
    summarise,
)

RATE = 16000
FRAME = 320  # samples in 20 ms at 16 kHz


def speechy(seconds: float, bursts: list[tuple[float, float]], channels: int = 1,
            noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """Silence (or a noise floor) with loud 'speech' bursts: tones with a ragged envelope."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    x = noise * rng.standard_normal((n, channels))
    t = np.arange(n) / RATE
    for a, b in bursts:
        i, j = int(a * RATE), int(b * RATE)
        env = 0.2 + 0.1 * np.abs(np.sin(2 * np.pi * 3 * t[i:j]))
        voice = env * (np.sin(2 * np.pi * 180 * t[i:j]) + 0.5 * np.sin(2 * np.pi * 720 * t[i:j]))
        x[i:j, 0] += voice
    return x.astype(np.float64)


def span(a: float, b: float, kind: str = "PHONE_NUMBER", channel: int = 0) -> dict:
    return {"start": a, "end": b, "type": kind, "channel": channel}


BURSTS = [(0.5, 1.5), (2.0, 3.0), (4.0, 5.0), (6.0, 7.0)]
SPANS = [span(2.0, 3.0), span(6.0, 7.0, "PERSON")]


def test_untouched_output_protects_nothing_and_alters_nothing():
    x = speechy(8.0, BURSTS)
    score = score_arrays(x, x.copy(), RATE, SPANS)
    assert score.recall == 0.0
    assert score.other_speech_frames > 0
    assert score.over_redaction == 0.0


def test_replacing_exactly_one_span_protects_that_span_only():
    x = speechy(8.0, BURSTS)
    y = bleep_spans(x, RATE, [SPANS[0]])
    score = score_arrays(x, y, RATE, SPANS)
    assert [s.protected for s in score.spans] == [True, False]
    assert score.spans[0].altered_share == 1.0
    assert score.over_redaction == 0.0


@pytest.mark.parametrize(("altered", "protected"), [(47, False), (48, True), (50, True),
                                                    (0, False)])
def test_protection_needs_95_percent_of_speech_frames(altered, protected):
    # The span is 50 speech frames (1.0 s starting on a frame boundary); mute the first k.
    x = speechy(8.0, BURSTS)
    y = x.copy()
    y[2 * RATE: 2 * RATE + altered * FRAME] = 0.0
    result = score_arrays(x, y, RATE, SPANS).spans[0]
    assert result.speech_frames == 50
    assert result.altered_share == pytest.approx(altered / 50)
    assert result.protected is protected


def test_altering_speech_far_from_spans_is_over_redaction():
    x = speechy(8.0, BURSTS)
    y = x.copy()
    y[int(4.0 * RATE): int(4.5 * RATE)] = 0.0  # half of the non-PII burst at 4-5 s
    score = score_arrays(x, y, RATE, SPANS)
    # non-PII speech: 0.5-1.5 s and 4-5 s, minus nothing (both > 0.3 s from spans)
    assert score.other_speech_frames == 100
    assert score.over_redaction == pytest.approx(25 / 100)


def test_altering_within_the_collar_is_not_over_redaction():
    x = speechy(8.0, [(0.5, 1.5), (2.0, 3.0), (3.1, 3.25)])
    y = bleep_spans(x, RATE, [span(2.0, 3.25)])  # overshoots the span by 0.25 s
    score = score_arrays(x, y, RATE, [span(2.0, 3.0)])
    assert score.spans[0].protected
    assert score.over_redaction == 0.0


def test_noise_floor_is_not_speech():
    x = speechy(8.0, BURSTS, noise=0.02)  # about 18 dB below the bursts
    mask = speech_frames(x, RATE)[0]
    inside = np.zeros_like(mask)
    for a, b in BURSTS:
        inside[span_frames(a, b, len(mask))] = True
    assert not mask[~inside].any()
    assert mask[inside].mean() > 0.9


def test_requantised_copy_is_not_altered_but_muting_is():
    x = speechy(4.0, [(0.5, 3.5)])
    requantised = np.round(x * 32767) / 32767
    assert not altered_frames(x, requantised, RATE).any()
    assert altered_frames(x, np.zeros_like(x), RATE)[0, 30:170].all()


@pytest.mark.parametrize(("start", "end", "expected"), [
    (0.0, 0.02, [0]),
    (0.011, 0.05, [1]),       # frame 0's centre (0.01 s) lies before the start
    (0.009, 0.031, [0, 1]),   # frame 1's centre 0.03 s is inside
    (0.0, 0.0, []),
])
def test_span_covers_frames_whose_centre_lies_inside(start, end, expected):
    assert list(span_frames(start, end, 100)) == expected


def test_stereo_span_is_judged_on_its_own_channel():
    x = speechy(8.0, [], channels=2)
    x[:, 1] = speechy(8.0, BURSTS)[:, 0]
    spans = [span(2.0, 3.0, channel=1)]
    wrong = bleep_spans(x, RATE, [span(2.0, 3.0, channel=0)])
    right = bleep_spans(x, RATE, spans)
    assert not score_arrays(x, wrong, RATE, spans).spans[0].protected
    assert score_arrays(x, right, RATE, spans).spans[0].protected


def _write_call(folder: Path, call_id: str, x: np.ndarray, spans: list[dict]) -> Path:
    sf.write(str(folder / f"{call_id}.wav"), x, RATE, subtype="PCM_16")
    truth = folder / f"{call_id}.truth.json"
    truth.write_text(json.dumps({"id": call_id, "spans": spans}))
    return truth


def test_missing_or_mismatched_output_fails_the_call(tmp_path):
    calls, out = tmp_path / "calls", tmp_path / "out"
    calls.mkdir()
    out.mkdir()
    x = speechy(8.0, BURSTS)
    missing = score_call(_write_call(calls, "a", x, SPANS), out)
    truth_b = _write_call(calls, "b", x, SPANS)
    sf.write(str(out / "b.wav"), np.zeros((len(x), 2)), RATE)  # stereo output for mono input
    mismatch = score_call(truth_b, out)
    assert missing.status == "missing" and mismatch.status.startswith("format mismatch")
    assert not any(s.protected for s in missing.spans + mismatch.spans)
    summary = summarise([missing, mismatch])
    assert summary["failed_calls"] == ["a", "b"]
    assert summary["recall"] == 0.0 and summary["over_redaction"] is None
    assert "Failed calls" in markdown(summary)


def test_summary_pools_recall_by_type(tmp_path):
    x = speechy(8.0, BURSTS)
    y = bleep_spans(x, RATE, [SPANS[1]])
    summary = summarise([score_arrays(x, y, RATE, SPANS, "c1"), score_arrays(x, x, RATE, SPANS)])
    assert summary["recall_by_type"]["PERSON"] == {"spans": 2, "protected": 1, "recall": 0.5}
    assert summary["recall_by_type"]["PHONE_NUMBER"]["protected"] == 0
    assert summary["recall"] == 0.25
