"""Is transcription repeatable? Transcribe one file several times, in one process and in fresh ones.

    python -m bench.repeat sample_audio/call_01.wav --runs 5 [--config FILE]

Each run's words (text, start, end, channel, probability) are reduced to a digest; the output
compares digests and word counts, never the words themselves (the file may be a real call).
In one process the model is loaded once and reused, as a pipeline worker does; each fresh
process loads it again, as separate batch runs do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def digest(transcript: Any) -> dict[str, Any]:
    """Return a word count and digests of one transcript's words (with and without times)."""
    words = [(w.text, round(w.start, 3), round(w.end, 3), w.channel, round(w.prob, 4))
             for w in transcript.words]
    text = [w[0] for w in words]
    return {"words": len(words),
            "text": hashlib.sha256(json.dumps(text).encode()).hexdigest()[:16],
            "timed": hashlib.sha256(json.dumps(words).encode()).hexdigest()[:16]}


def transcribe_runs(wav: Path, runs: int, config: Path | None) -> list[dict[str, Any]]:
    """Transcribe ``wav`` ``runs`` times with one loaded model; return each run's digest."""
    from pipeline.asr.whisper import whisper_transcriber
    from pipeline.audio.io import decode
    from pipeline.config import load_config

    cfg = load_config(config)
    transcriber = whisper_transcriber(cfg.asr)
    audio = decode(wav)
    out = []
    for _ in range(runs):
        t0 = time.monotonic()
        out.append({**digest(transcriber(audio)), "seconds": round(time.monotonic() - t0, 1)})
    return out


def _fresh(wav: Path, config: Path | None) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.repeat", str(wav), "--runs", "1", "--once"]
    if config:
        cmd += ["--config", str(config)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])[0]


def _same(runs: list[dict[str, Any]], key: str) -> bool:
    return len({r[key] for r in runs}) == 1


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="python -m bench.repeat", description=__doc__.split("\n")[0])
    ap.add_argument("wav", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--config", type=Path)
    ap.add_argument("--once", action="store_true", help=argparse.SUPPRESS)  # child process
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.once:
        print(json.dumps(transcribe_runs(args.wav, 1, args.config)))
        return 0
    one = transcribe_runs(args.wav, args.runs, args.config)
    fresh = [_fresh(args.wav, args.config) for _ in range(args.runs)]
    result = {"file_sha256": hashlib.sha256(args.wav.read_bytes()).hexdigest()[:16],
              "config": str(args.config or "default"), "one_process": one, "processes": fresh,
              "identical_one_process": _same(one, "timed"),
              "identical_processes": _same(fresh, "timed"),
              "identical_all": _same(one + fresh, "timed"),
              "same_text_all": _same(one + fresh, "text")}
    for name in ("one_process", "processes"):
        print(f"{name}: " + ", ".join(f"{r['words']} words {r['timed']}" for r in result[name]))
    print({k: v for k, v in result.items() if k.startswith(("identical", "same"))})
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
