"""Developer tool: why did the benchmark miss a span? Works on cached transcripts, no audio.

    python -m bench.diagnose --calls bench/calls --cache /tmp/piip-words   # transcribe once
    python -m bench.diagnose --calls bench/calls --cache /tmp/piip-words --show-misses

The first run transcribes every call with the configured Whisper model and caches the words
(synthetic calls only: the cache holds transcript text). Later runs re-run the pipeline's own
redaction plan (``pipeline.gate.plan``) on the cached words, bleep the input audio in memory and
score it with ``bench.score`` exactly as ``bench.run`` does: the same figures (given the same
transcripts) in seconds instead of minutes, plus which causes the over-redaction comes from.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import soundfile as sf

from bench.score import (
    COLLAR_SECONDS,
    altered_frames,
    score_arrays,
    span_frames,
    speech_frames,
    summarise,
)
from pipeline.asr.whisper import activity
from pipeline.audio import bleep
from pipeline.audio.io import decode
from pipeline.config import PiipConfig, load_config
from pipeline.detect.analyzer import build_analyzer
from pipeline.gate.plan import plan
from pipeline.schema import PiiSpan, Transcript


def cached_transcript(wav: Path, cache: Path, cfg: PiipConfig) -> Transcript:
    """Return the transcript of ``wav``, transcribing it once."""
    path = cache / f"{wav.stem}.json"
    audio = decode(wav)
    if path.is_file():
        tr = Transcript.from_dict(json.loads(path.read_text()))
    else:
        from pipeline.asr.whisper import whisper_transcriber

        tr = whisper_transcriber(cfg.asr)(audio)
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(tr.to_dict(), ensure_ascii=False))
    # voice activity is cheap and still being worked on: always recompute it
    return replace(tr, speech=tuple(activity(audio, cfg.asr)), sample_rate=audio.sample_rate)


def coverage(start: float, end: float, spans: Sequence[PiiSpan]) -> float:
    """Share of [start, end] inside the union of ``spans``."""
    inside = sum(max(0.0, min(end, s.end) - max(start, s.start)) for s in spans)
    return inside / max(end - start, 1e-9)


def _far_frames_by_cause(inp: np.ndarray, out: np.ndarray, rate: int, truth: list[dict],
                         located: Sequence[PiiSpan]) -> Counter:
    """Count altered speech frames far from any truth span, by the located span that owns them.

    A cause marked "(edge)" is a span that does overlap personal data and spills past it
    (padding, snapping to a pause); the others are false alarms.
    """
    speech = (speech_frames(inp, rate) & altered_frames(inp, out, rate)).any(axis=0)
    near = np.zeros(len(speech), dtype=bool)
    for t in truth:
        near[span_frames(t["start"] - COLLAR_SECONDS, t["end"] + COLLAR_SECONDS,
                         len(speech))] = True
    far = speech & ~near
    owner = np.full(len(speech), "", dtype=object)
    for s in sorted(located, key=lambda s: s.score):  # the surest label wins a frame
        edge = any(s.start < t["end"] and t["start"] < s.end for t in truth)
        owner[span_frames(s.start, s.end, len(speech))] = (
            f"{s.entity_type}/{s.reason}{' (edge)' if edge else ''}")
    return Counter(o or "merge_gap" for o in owner[far])


def main() -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=Path, default=Path("bench/calls"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/piip-words"))
    ap.add_argument("--config", type=Path)
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json", type=Path, help="write the audio-scored summary here")
    args = ap.parse_args()
    cfg = load_config(args.config)
    analyzer = build_analyzer(cfg.detect)
    scores, causes = [], Counter()
    for truth_path in sorted(args.calls.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        wav = truth_path.with_name(f"{truth['id']}.wav")
        tr = cached_transcript(wav, args.cache, cfg)
        inp, rate = sf.read(str(wav), always_2d=True)
        planned = plan(tr, len(inp) / rate, cfg, analyzer)
        out = bleep.apply(inp, rate, planned.to_bleep, cfg.bleep)
        cs = score_arrays(inp, out, rate, truth["spans"], truth["id"])
        scores.append(cs)
        causes += _far_frames_by_cause(inp, out, rate, truth["spans"], planned.located)
        if not args.show_misses:
            continue
        for t, r in zip(truth["spans"], cs.spans, strict=True):
            if r.protected:
                continue
            heard = " ".join(w.text for w in tr.words
                             if w.end > t["start"] - 0.5 and w.start < t["end"] + 0.5)
            cov = coverage(t["start"], t["end"], planned.to_bleep)
            print(f"{truth['id']} {t['type']:26} altered={r.altered_share:.2f} "
                  f"time={cov:.2f} [{t['start']:.2f}-{t['end']:.2f}] said={t['spoken']!r}\n"
                  f"    heard={heard!r}")
    summary = summarise(scores)
    for k, v in summary["recall_by_type"].items():
        print(f"{k:26} {v['protected']}/{v['spans']}")
    print(f"overall {summary['protected']}/{summary['spans']} = {summary['recall']:.3f}; "
          f"over-redaction {summary['over_redaction']:.3f}")
    total = sum(causes.values())
    print("far speech frames altered, by cause: " + ", ".join(
        f"{k} {100 * n / total:.0f}%" for k, n in causes.most_common(12)))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
