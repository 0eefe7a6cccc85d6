"""Score redacted calls against their truth FROM THE AUDIO, not from any report.

    python -m bench.score --calls bench/calls --out bench/out/piip [--json results.json]

Frames are 20 ms. A frame of the *input* is speech when its RMS exceeds both 10 % of the
channel's loud level (95th percentile) and twice its noise floor (10th percentile), so a noisy
line's floor never counts as speech. A frame is *altered* when the RMS of (output - input)
exceeds 25 % of the input frame's RMS. A truth span covers the frames whose centre lies in
it; it is *protected* when at least 95 % of its speech frames, on the span's channel, are
altered. *Over-redaction* is the share of speech frames farther than 0.3 s from every truth
span that were altered. A missing output, or one whose rate or channel count differs from the
input, fails its call: its spans count as not protected and the call is noted.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

FRAME_SECONDS = 0.02
LOUD_PERCENTILE, FLOOR_PERCENTILE = 95, 10
LOUD_RATIO, FLOOR_FACTOR = 0.1, 2.0
ALTERED_RATIO = 0.25
PROTECTED_SHARE = 0.95
COLLAR_SECONDS = 0.3


def frame_rms(x: np.ndarray, rate: int) -> np.ndarray:
    """Return per-channel RMS of 20 ms frames: shape (channels, frames); last frame padded."""
    x = x.reshape(len(x), -1).astype(np.float64)
    hop = int(round(FRAME_SECONDS * rate))
    n = -(-len(x) // hop)
    padded = np.zeros((n * hop, x.shape[1]))
    padded[: len(x)] = x
    return np.sqrt(np.mean(padded.reshape(n, hop, -1) ** 2, axis=1)).T


def speech_frames(x: np.ndarray, rate: int) -> np.ndarray:
    """Return a (channels, frames) mask of speech frames by an energy threshold per channel."""
    rms = frame_rms(x, rate)
    loud = np.percentile(rms, LOUD_PERCENTILE, axis=1, keepdims=True)
    floor = np.percentile(rms, FLOOR_PERCENTILE, axis=1, keepdims=True)
    threshold = np.maximum(np.maximum(LOUD_RATIO * loud, FLOOR_FACTOR * floor), 1e-4)
    return rms > threshold


def altered_frames(inp: np.ndarray, out: np.ndarray, rate: int) -> np.ndarray:
    """Return a (channels, frames) mask of frames where the output differs from the input."""
    n = min(len(inp), len(out))
    inp = inp.reshape(len(inp), -1).astype(np.float64)
    out = out.reshape(len(out), -1).astype(np.float64)
    diff = np.zeros_like(inp)
    diff[:n] = out[:n] - inp[:n]
    ref = frame_rms(inp, rate)
    return frame_rms(diff, rate) > np.maximum(ALTERED_RATIO * ref, 1e-4)


def span_frames(start: float, end: float, frames: int) -> np.ndarray:
    """Return the indices of frames whose centre lies in [start, end)."""
    first = int(np.ceil(start / FRAME_SECONDS - 0.5))
    last = int(np.ceil(end / FRAME_SECONDS - 0.5))
    return np.arange(max(first, 0), min(last, frames))


@dataclass(frozen=True)
class SpanResult:
    """One truth span: type, time, channel, share of its speech frames altered, protected."""

    type: str
    start: float
    end: float
    channel: int
    speech_frames: int
    altered_share: float
    protected: bool


@dataclass(frozen=True)
class CallScore:
    """Per-call figures; ``status`` is "ok", "missing" or a mismatch note."""

    id: str
    status: str
    spans: tuple[SpanResult, ...]
    other_speech_frames: int = 0
    other_altered_frames: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def recall(self) -> float:
        """Return the share of truth spans protected (1.0 for a call without spans)."""
        return sum(s.protected for s in self.spans) / len(self.spans) if self.spans else 1.0

    @property
    def over_redaction(self) -> float:
        """Return the share of non-PII speech frames altered."""
        return self.other_altered_frames / max(1, self.other_speech_frames)


def _channel_mask(mask: np.ndarray, channel: int | None) -> np.ndarray:
    """Select one channel; ``None`` or an absent channel means any channel (the mix)."""
    if channel is None or channel < 0 or channel >= mask.shape[0]:
        return mask.any(axis=0)
    return mask[channel]


def score_arrays(inp: np.ndarray, out: np.ndarray, rate: int, spans: list[dict[str, Any]],
                 call_id: str = "") -> CallScore:
    """Score one call given input and output samples (frames x channels) and truth spans."""
    speech = speech_frames(inp, rate)
    altered = altered_frames(inp, out, rate)
    frames = speech.shape[1]
    results = []
    near = np.zeros(frames, dtype=bool)
    for s in spans:
        idx = span_frames(s["start"], s["end"], frames)
        sp = _channel_mask(speech, s.get("channel"))[idx]
        al = _channel_mask(altered, s.get("channel"))[idx]
        counted = idx[sp] if sp.any() else idx
        share = float(al[sp].mean()) if sp.any() else (float(al.mean()) if len(al) else 0.0)
        results.append(SpanResult(s["type"], s["start"], s["end"], int(s.get("channel", 0)),
                                  len(counted), round(share, 4), share >= PROTECTED_SHARE))
        near[span_frames(s["start"] - COLLAR_SECONDS, s["end"] + COLLAR_SECONDS, frames)] = True
    other = speech & ~near[None, :]
    notes = () if len(inp) == len(out) else (f"length {len(out)} != input {len(inp)}",)
    return CallScore(call_id, "ok", tuple(results), int(other.sum()),
                     int((other & altered).sum()), notes)


def _failed(call_id: str, spans: list[dict[str, Any]], status: str) -> CallScore:
    results = tuple(SpanResult(s["type"], s["start"], s["end"], int(s.get("channel", 0)), 0,
                               0.0, False) for s in spans)
    return CallScore(call_id, status, results, notes=(status,))


def score_call(truth_path: Path, out_dir: Path) -> CallScore:
    """Score the output for one truth file (``<id>.truth.json`` next to ``<id>.wav``)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    call_id, spans = truth["id"], truth["spans"]
    inp, rate = sf.read(str(truth_path.with_name(f"{call_id}.wav")), always_2d=True)
    out_path = out_dir / f"{call_id}.wav"
    if not out_path.exists():
        return _failed(call_id, spans, "missing")
    out, out_rate = sf.read(str(out_path), always_2d=True)
    if out_rate != rate or out.shape[1] != inp.shape[1]:
        return _failed(call_id, spans, f"format mismatch: {out_rate} Hz x{out.shape[1]}")
    return score_arrays(inp, out, rate, spans, call_id)


def summarise(scores: list[CallScore]) -> dict[str, Any]:
    """Pool per-call scores: recall per entity type and overall, over-redaction, failures."""
    per_type: dict[str, list[int]] = {}
    for cs in scores:
        for s in cs.spans:
            counts = per_type.setdefault(s.type, [0, 0])
            counts[0] += 1
            counts[1] += s.protected
    total = sum(c[0] for c in per_type.values())
    protected = sum(c[1] for c in per_type.values())
    ok = [cs for cs in scores if cs.status == "ok"]
    other = sum(cs.other_speech_frames for cs in ok)
    return {
        "calls": len(scores),
        "failed_calls": [cs.id for cs in scores if cs.status != "ok"],
        "spans": total,
        "protected": protected,
        "recall": round(protected / total, 4) if total else None,
        "recall_by_type": {t: {"spans": n, "protected": k, "recall": round(k / n, 4)}
                           for t, (n, k) in sorted(per_type.items())},
        "over_redaction": round(sum(cs.other_altered_frames for cs in ok) / other, 4)
        if other else None,
        "per_call": [{"id": cs.id, "status": cs.status, "spans": len(cs.spans),
                      "protected": sum(s.protected for s in cs.spans),
                      "recall": round(cs.recall, 4),
                      "over_redaction": round(cs.over_redaction, 4) if cs.status == "ok"
                      else None,
                      "notes": list(cs.notes),
                      "missed": [asdict(s) for s in cs.spans if not s.protected]}
                     for cs in scores],
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def markdown(summary: dict[str, Any]) -> str:
    """Render a summary as markdown tables: per call, per entity type, overall."""
    lines = ["| call | status | spans | protected | recall | over-redaction |",
             "|---|---|---:|---:|---:|---:|"]
    for c in summary["per_call"]:
        lines.append(f"| {c['id']} | {c['status']} | {c['spans']} | {c['protected']} | "
                     f"{_pct(c['recall'])} | {_pct(c['over_redaction'])} |")
    lines += ["", "| entity type | spans | protected | recall |", "|---|---:|---:|---:|"]
    for t, r in summary["recall_by_type"].items():
        lines.append(f"| {t} | {r['spans']} | {r['protected']} | {_pct(r['recall'])} |")
    lines += ["", f"**Overall recall {_pct(summary['recall'])}** ({summary['protected']}/"
              f"{summary['spans']} spans), **over-redaction {_pct(summary['over_redaction'])}** "
              f"of non-PII speech frames, {summary['calls']} calls"]
    if summary["failed_calls"]:
        lines.append(f"Failed calls (spans counted as not protected): "
                     f"{', '.join(summary['failed_calls'])}")
    return "\n".join(lines)


def score_dir(calls: Path, out: Path) -> dict[str, Any]:
    """Score every ``*.truth.json`` under ``calls`` against outputs in ``out``."""
    truths = sorted(calls.glob("*.truth.json"))
    if not truths:
        raise FileNotFoundError(f"no *.truth.json files in {calls}")
    return summarise([score_call(t, out) for t in truths])


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    p = argparse.ArgumentParser(prog="python -m bench.score",
                                description="Score redacted calls against truth, from audio.")
    p.add_argument("--calls", type=Path, required=True, help="folder of <id>.wav + truth")
    p.add_argument("--out", type=Path, required=True, help="folder of redacted <id>.wav")
    p.add_argument("--json", type=Path, help="also write the full summary as JSON")
    args = p.parse_args(argv)
    summary = score_dir(args.calls, args.out)
    print(markdown(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n")
    for call_id in summary["failed_calls"]:
        print(f"note: {call_id} has no usable output", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
