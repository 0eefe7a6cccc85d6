"""Developer tool: why did the benchmark miss a span? Works on cached transcripts, no audio.

    python -m bench.diagnose --calls bench/calls --cache /tmp/piip-words   # transcribe once
    python -m bench.diagnose --calls bench/calls --cache /tmp/piip-words --show-misses

The first run transcribes every call with the configured Whisper model and caches the words
(synthetic calls only: the cache holds transcript text). Later runs re-run detection and time
mapping on the cached words and report, per truth span, the share of it covered by the spans
Piip would bleep — seconds instead of minutes per iteration on detection.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from pipeline.audio_io import decode
from pipeline.config import PiipConfig, load_config
from pipeline.coverage import uncovered_speech
from pipeline.detect import analyze_text, build_analyzer
from pipeline.locate import locate
from pipeline.schema import Transcript
from pipeline.spans import merge
from pipeline.textmap import layout


def cached_transcript(wav: Path, cache: Path, cfg: PiipConfig) -> Transcript:
    """Return the transcript of ``wav``, transcribing it once."""
    path = cache / f"{wav.stem}.json"
    if path.is_file():
        tr = Transcript.from_dict(json.loads(path.read_text()))
        if not tr.speech:  # cached before voice activity was recorded: add it now
            from dataclasses import replace

            from pipeline.audio_io import ASR_RATE, resample, speaker_channels
            from pipeline.transcribe import voice_activity

            audio = decode(wav)
            regions = [r for ch in speaker_channels(audio) for r in voice_activity(
                resample(audio.samples[:, ch], audio.sample_rate, ASR_RATE), ch)]
            tr = replace(tr, speech=tuple(regions))
            path.write_text(json.dumps(tr.to_dict(), ensure_ascii=False))
        return tr
    from pipeline.transcribe import whisper_transcriber

    transcript = whisper_transcriber(cfg.asr)(decode(wav))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(transcript.to_dict(), ensure_ascii=False))
    return transcript


def coverage(start: float, end: float, spans: list) -> float:
    """Share of [start, end] inside the union of ``spans``."""
    inside = sum(max(0.0, min(end, s.end) - max(start, s.start)) for s in spans)
    return inside / max(end - start, 1e-9)


def main() -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=Path, default=Path("bench/calls"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/piip-words"))
    ap.add_argument("--config", type=Path)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    cfg = load_config(args.config)
    analyzer = build_analyzer(cfg.detect)
    found, total = defaultdict(int), defaultdict(int)
    for truth_path in sorted(args.calls.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        tr = cached_transcript(truth_path.with_name(f"{truth['id']}.wav"), args.cache, cfg)
        lay = layout(tr.words, cfg.detect.turn_gap)
        spans = locate(analyze_text(lay.text, cfg.detect, analyzer), tr.words, lay, cfg.bleep,
                       cfg.detect.review_below)
        if cfg.bleep.untranscribed:
            spans += uncovered_speech(tr.speech, tr.words)
        merged = merge(spans, cfg.bleep.merge_gap)
        for t in truth["spans"]:
            total[t["type"]] += 1
            cov = coverage(t["start"], t["end"], merged)
            if cov >= 0.99:
                found[t["type"]] += 1
            elif args.show_misses:
                heard = " ".join(w.text for w in tr.words
                                 if w.end > t["start"] - 0.5 and w.start < t["end"] + 0.5)
                print(f"{truth['id']} {t['type']:26} cov={cov:.2f} said={t['spoken']!r}\n"
                      f"    heard={heard!r}")
    for k in sorted(total):
        print(f"{k:26} {found[k]}/{total[k]}")
    print(f"overall {sum(found.values())}/{sum(total.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
