"""Release gate, measured from the audio on cached transcripts.

    python -m bench.gate --calls bench/calls-seed1 --cache /tmp/piip-words-seed1 [--json FILE]
    python -m bench.gate --calls A --cache CA --calls B --cache CB      # several sets, pooled
    python -m bench.gate --seeds 1 2 3 4 --samples                     # the usual sets

Like ``bench.diagnose`` it re-runs the pipeline's own ``pipeline.gate.plan`` on cached words (it
never transcribes: run ``bench.diagnose`` first), bleeps in memory and decides each call as
the pipeline does (the decision of the report ``pipeline.gate.verdict.call_report`` would write).
Then, FROM THE AUDIO (``bench.score``): a truth span is *audible* when it is not protected by
score.py's rule.

* leaks: audible spans in calls decided ``release`` (target 0), by call id and type;
* review coverage: share of the audible spans in ``review`` calls that lie inside, or within
  ``NEAR_SECONDS`` of, a risk item (target >= 0.95);
* listening load: share of the unbleeped speech frames of ``review`` calls that lie within
  ``NEAR_SECONDS`` of a risk item: what a reviewer is sent to listen to (lower is better, at
  the same coverage);
* yield: share of the speech frames that are in ``release`` calls, and in ``release`` or
  ``review`` calls, per call format (telephone 8 kHz, stereo 16 kHz, wideband mono);
* recall and over-redaction as ``bench.diagnose`` gives them, and the decision counts.

Nothing here prints transcript text or personal-data values: ids, types, times and counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.score import (
    FRAME_SECONDS,
    CallScore,
    SpanResult,
    altered_frames,
    score_arrays,
    speech_frames,
    summarise,
)

NEAR_SECONDS = 2.0
FORMATS = ("telephone", "stereo", "wideband")


@dataclass(frozen=True)
class CallGate:
    """One call's decision and what the audio says about it."""

    set: str
    id: str
    format: str
    decision: str
    reasons: tuple[str, ...]
    risks: int
    score: CallScore
    near_risk: tuple[bool, ...]          # per audible span: near a risk item, any channel
    near_risk_channel: tuple[bool, ...]  # the same, on the span's own channel
    speech: int                          # speech frames of the input, all channels
    kept: int                            # of which not altered by the bleeps
    listen: int = 0                      # of the kept ones, within NEAR_SECONDS of a risk item

    @property
    def audible(self) -> tuple[SpanResult, ...]:
        """Return the truth spans that are not protected."""
        return tuple(s for s in self.score.spans if not s.protected)


def _risk_fields(risk: Any) -> tuple[float, float, int | None]:
    if isinstance(risk, dict):
        return float(risk["start"]), float(risk["end"]), risk.get("channel")
    return float(risk.start), float(risk.end), getattr(risk, "channel", None)


def near_risk(span: SpanResult, risks: Sequence[Any], seconds: float = NEAR_SECONDS,
              channels: int = 1, same_channel: bool = False) -> bool:
    """Return whether ``span`` overlaps a risk item widened by ``seconds`` on each side.

    With ``same_channel`` on a multi-channel call, only risk items on the span's channel (or
    on no particular channel: ``None`` or negative) count.
    """
    for risk in risks:
        start, end, channel = _risk_fields(risk)
        if span.start >= end + seconds or span.end <= start - seconds:
            continue
        if (same_channel and channels > 1 and channel is not None and channel >= 0
                and channel != span.channel):
            continue
        return True
    return False


def gate_call(inp: np.ndarray, out: np.ndarray, rate: int, truth: dict[str, Any],
              risks: Sequence[Any], decision: str, reasons: Sequence[str] = (),
              set_name: str = "") -> CallGate:
    """Measure one call: input and bleeped output (frames x channels), its truth and decision."""
    inp = inp.reshape(len(inp), -1)
    out = out.reshape(len(out), -1)
    score = score_arrays(inp, out, rate, truth["spans"], truth["id"])
    audible = [s for s in score.spans if not s.protected]
    channels = inp.shape[1]
    speech = speech_frames(inp, rate)
    kept = speech & ~altered_frames(inp, out, rate)
    near = risk_mask(risks, kept.shape, channels)
    return CallGate(
        set_name, truth["id"], truth.get("format") or _format_of(rate, channels), decision,
        tuple(reasons), len(risks), score,
        tuple(near_risk(s, risks, channels=channels) for s in audible),
        tuple(near_risk(s, risks, channels=channels, same_channel=True) for s in audible),
        int(speech.sum()), int(kept.sum()), int((kept & near).sum()))


def risk_mask(risks: Sequence[Any], shape: tuple[int, int], channels: int,
              seconds: float = NEAR_SECONDS) -> np.ndarray:
    """Return a (channels, frames) mask of the frames within ``seconds`` of a risk item.

    A risk item on no particular channel (``None`` or negative) covers every channel. These
    are the stretches a reviewer is sent to listen to.
    """
    mask = np.zeros(shape, dtype=bool)
    for risk in risks:
        start, end, channel = _risk_fields(risk)
        a = max(0, int((start - seconds) / FRAME_SECONDS))
        b = min(shape[1], int(np.ceil((end + seconds) / FRAME_SECONDS)))
        rows = ([channel] if channels > 1 and channel is not None and 0 <= channel < shape[0]
                else range(shape[0]))
        for row in rows:
            mask[row, a:b] = True
    return mask


def _format_of(rate: int, channels: int) -> str:
    if channels > 1:
        return "stereo"
    return "telephone" if rate <= 8000 else "wideband"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _yield(calls: Sequence[CallGate]) -> dict[str, Any]:
    total = sum(c.speech for c in calls)
    release = [c for c in calls if c.decision == "release"]
    usable = [c for c in calls if c.decision in ("release", "review")]
    return {"calls": len(calls), "speech_frames": total,
            "release": _share(sum(c.speech for c in release), total),
            "release_or_review": _share(sum(c.speech for c in usable), total),
            "release_unbleeped": _share(sum(c.kept for c in release), total)}


def summarise_gate(calls: Sequence[CallGate]) -> dict[str, Any]:
    """Pool per-call gate figures: leaks, review coverage, yield per format, recall."""
    leaks = [{"set": c.set, "id": c.id, "type": s.type, "channel": s.channel,
              "start": s.start, "end": s.end}
             for c in calls if c.decision == "release" for s in c.audible]
    review = [c for c in calls if c.decision == "review"]
    audible_review = sum(len(c.audible) for c in review)
    near = sum(sum(c.near_risk) for c in review)
    near_channel = sum(sum(c.near_risk_channel) for c in review)
    missed = [{"set": c.set, "id": c.id, "type": s.type, "start": s.start, "end": s.end}
              for c in review for s, ok in zip(c.audible, c.near_risk, strict=True) if not ok]
    scored = summarise([c.score for c in calls])
    released = [c.score for c in calls if c.decision == "release"]
    return {
        "calls": len(calls),
        "decisions": dict(Counter(c.decision for c in calls)),
        "reasons": dict(Counter(r for c in calls for r in c.reasons).most_common()),
        "sole_reason": dict(Counter(c.reasons[0] for c in calls
                                    if len(c.reasons) == 1).most_common()),
        "calls_without_audible_spans": sum(1 for c in calls if not c.audible),
        "leaks": leaks,
        "review": {"calls": len(review), "audible_spans": audible_review,
                   "listening_load": _share(sum(c.listen for c in review),
                                            sum(c.kept for c in review)),
                   "near_risk": near, "share": _share(near, audible_review),
                   "near_risk_same_channel": near_channel,
                   "share_same_channel": _share(near_channel, audible_review),
                   "far_from_risk": missed},
        "audible_in": {d: sum(len(c.audible) for c in calls if c.decision == d)
                       for d in ("release", "review", "quarantine", "failed")},
        "yield": {"all": _yield(calls),
                  **{f: _yield([c for c in calls if c.format == f]) for f in FORMATS},
                  "16k_and_up": _yield([c for c in calls if c.format != "telephone"])},
        "spans": scored["spans"], "protected": scored["protected"], "recall": scored["recall"],
        "over_redaction": scored["over_redaction"],
        "over_redaction_release": summarise(released)["over_redaction"] if released else None,
        "per_call": [{"set": c.set, "id": c.id, "format": c.format, "decision": c.decision,
                      "reasons": list(c.reasons), "risks": c.risks,
                      "spans": len(c.score.spans), "audible": len(c.audible),
                      "audible_near_risk": sum(c.near_risk)} for c in calls],
    }


# --- running the pipeline's plan and decision on cached transcripts -------------------------

def decide_call(planned: Any, transcript: Any, cfg: Any, audio: Any
                ) -> tuple[str, tuple[str, ...]]:
    """Decide one call exactly as the pipeline does: the report it would write for the call."""
    from pipeline.gate.verdict import call_report

    report_ = call_report(Path("bench-call"), "", audio, transcript, planned, cfg, "", "")
    return report_.decision, tuple(report_.decision_reasons)


def gate_set(calls_dir: Path, cache: Path, cfg: Any, analyzer: Any,
             set_name: str = "") -> list[CallGate]:
    """Plan, bleep, decide and measure every call of one cached set."""
    import soundfile as sf

    from bench.diagnose import cached_transcript
    from pipeline.audio import bleep
    from pipeline.audio.io import decode
    from pipeline.gate.plan import plan

    results = []
    truths = sorted(calls_dir.glob("*.truth.json"))
    if not truths:
        raise SystemExit(f"no *.truth.json in {calls_dir}")
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        wav = truth_path.with_name(f"{truth['id']}.wav")
        if not (cache / f"{wav.stem}.json").is_file():
            raise SystemExit(f"{cache} has no transcript of {truth['id']}: run bench.diagnose "
                             f"--calls {calls_dir} --cache {cache} first")
        tr = cached_transcript(wav, cache, cfg)
        inp, rate = sf.read(str(wav), always_2d=True)
        duration = len(inp) / rate
        planned = plan(tr, duration, cfg, analyzer)
        out = bleep.apply(inp, rate, planned.to_bleep, cfg.bleep)
        decision, reasons = decide_call(planned, tr, cfg, decode(wav))
        results.append(gate_call(inp, out, rate, truth, planned.risks, decision, reasons,
                                 set_name))
    return results


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def report(summary: dict[str, Any]) -> str:
    """Render the pooled figures as short text (ids, types, counts; no values)."""
    rv, y = summary["review"], summary["yield"]
    lines = [f"{c['set']} {c['id']} {c['format']:9} {c['decision']:10} risks={c['risks']:<3} "
             f"audible={c['audible']} near_risk={c['audible_near_risk']} "
             f"{','.join(c['reasons'])}" for c in summary["per_call"]]
    lines += [f"decisions: {summary['decisions']} of {summary['calls']} calls "
              f"({summary['calls_without_audible_spans']} calls have no audible span)",
              f"reasons (calls): {summary['reasons']}; sole reason: {summary['sole_reason']}",
             f"leaks (audible spans in release calls): {len(summary['leaks'])}"]
    lines += [f"    {k['set']} {k['id']} {k['type']} ch{k['channel']} "
              f"[{k['start']:.2f}-{k['end']:.2f}]" for k in summary["leaks"]]
    lines.append(f"review: {rv['calls']} calls, {rv['audible_spans']} audible spans, "
                 f"{rv['near_risk']} within {NEAR_SECONDS:g} s of a risk item "
                 f"({_pct(rv['share'])}; same channel {_pct(rv['share_same_channel'])}); "
                 f"listening load {_pct(rv['listening_load'])} of their unbleeped speech")
    lines += [f"    far: {k['set']} {k['id']} {k['type']} [{k['start']:.2f}-{k['end']:.2f}]"
              for k in rv["far_from_risk"]]
    lines.append(f"audible spans by decision: {summary['audible_in']}")
    for name in ("all", *FORMATS, "16k_and_up"):
        f = y[name]
        lines.append(f"yield {name:10} {f['calls']:3} calls: speech in release "
                     f"{_pct(f['release'])}, release+review {_pct(f['release_or_review'])}, "
                     f"unbleeped speech in release {_pct(f['release_unbleeped'])}")
    lines.append(f"recall {summary['protected']}/{summary['spans']} = {_pct(summary['recall'])};"
                 f" over-redaction {_pct(summary['over_redaction'])}"
                 f" (release calls: {_pct(summary['over_redaction_release'])})")
    return "\n".join(lines)


def _sets(args: argparse.Namespace) -> list[tuple[str, Path, Path]]:
    calls, caches = list(args.calls or []), list(args.cache or [])
    if len(calls) != len(caches):
        raise SystemExit("give one --cache per --calls, in the same order")
    sets = [(c.resolve().name, c, k) for c, k in zip(calls, caches, strict=True)]
    sets += [(f"seed{n}", Path(f"bench/calls-seed{n}"), Path(f"/tmp/piip-words-seed{n}"))
             for n in args.seeds or []]
    if args.samples:
        sets.append(("samples", Path("sample_audio"), Path("/tmp/piip-words-samples")))
    if not sets:
        raise SystemExit("name at least one set: --calls DIR --cache DIR, --seeds or --samples")
    return sets


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="python -m bench.gate", description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=Path, action="append", help="a call set (repeatable)")
    ap.add_argument("--cache", type=Path, action="append", help="its transcript cache")
    ap.add_argument("--seeds", type=int, nargs="*",
                    help="shorthand: bench/calls-seedN with /tmp/piip-words-seedN")
    ap.add_argument("--samples", action="store_true",
                    help="shorthand: sample_audio with /tmp/piip-words-samples")
    ap.add_argument("--config", type=Path)
    ap.add_argument("--json", type=Path, help="write per-set and pooled figures here")
    args = ap.parse_args(argv)
    from pipeline.config import load_config
    from pipeline.detect.analyzer import build_analyzer

    cfg = load_config(args.config)
    analyzer = build_analyzer(cfg.detect)
    per_set, pooled = {}, []
    for name, calls_dir, cache in _sets(args):
        results = gate_set(calls_dir, cache, cfg, analyzer, name)
        pooled += results
        per_set[name] = summarise_gate(results)
        print(f"## {name}\n{report(per_set[name])}\n")
    summary = {"sets": per_set, "pooled": summarise_gate(pooled)}
    if len(per_set) > 1:
        print(f"## all sets\n{report(summary['pooled'])}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
