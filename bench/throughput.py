"""Throughput: the whole Piip flow vs. plain faster-whisper transcription on the same files.

    python -m bench.throughput --calls bench/calls [--repeats 3] [--workers 1 2]

Each measurement is a fresh subprocess timed from start to exit (model loading included), so
the two are compared like for like. Plain transcription uses the same model and settings as
the pipeline (language, beam size, word timestamps, VAD, one pass per speaker channel).
Figures are audio seconds per wall second; the ratio is pipeline time / transcription time.
Repeats alternate the variants and the median is reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.audio.io import decode
from pipeline.batch.discover import find_audio
from pipeline.config import PiipConfig


def plain_transcription(calls: Path) -> None:
    """Transcribe every file with faster-whisper alone, as the pipeline's ASR stage would."""
    from faster_whisper import WhisperModel

    from pipeline.audio.io import ASR_RATE, resample, speaker_channels

    asr = PiipConfig().asr
    model = WhisperModel(asr.model, device=asr.device, compute_type=asr.compute_type)
    for path in find_audio(calls, PiipConfig().run.extensions):
        audio = decode(path)
        for ch in speaker_channels(audio):
            signal = resample(audio.samples[:, ch], audio.sample_rate, ASR_RATE)
            segments, _ = model.transcribe(
                signal, language=asr.language, beam_size=asr.beam_size, word_timestamps=True,
                vad_filter=asr.vad_filter,
                vad_parameters={"min_silence_duration_ms": asr.min_silence_ms},
                condition_on_previous_text=False)
            for _ in segments:
                pass


def _timed(cmd: list[str]) -> float:
    began = time.monotonic()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - began


def measure(calls: Path, repeats: int, workers: list[int]) -> dict:
    """Time plain transcription and the pipeline with each worker count; return medians."""
    files = find_audio(calls, PiipConfig().run.extensions)
    audio = sum(decode(p).duration for p in files)
    piip = str(Path(sys.executable).with_name("piip"))
    variants = {"transcription": [sys.executable, "-m", "bench.throughput", "--plain",
                                  "--calls", str(calls)]}
    times: dict[str, list[float]] = {"transcription": []}
    for n in workers:
        times[f"pipeline_{n}w"] = []
    for r in range(repeats):
        for name in times:
            if name == "transcription":
                cmd = variants[name]
            else:
                n = name.split("_")[1][:-1]
                out = tempfile.mkdtemp(prefix="piip-tp-")
                cmd = [piip, "run", str(calls), "--out", out, "--workers", n, "--no-progress"]
            times[name].append(_timed(cmd))
            print(f"repeat {r + 1} {name}: {times[name][-1]:.1f} s", file=sys.stderr)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"audio_seconds": round(audio, 1), "files": len(files),
            "wall_seconds": {k: [round(x, 1) for x in v] for k, v in times.items()},
            "median_audio_s_per_wall_s": {k: round(audio / v, 3) for k, v in med.items()},
            "ratio_to_transcription": {k: round(v / med["transcription"], 3)
                                       for k, v in med.items()}}


def main() -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--calls", type=Path, default=Path("bench/calls"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--plain", action="store_true", help="(internal) plain transcription only")
    ap.add_argument("--json", type=Path, default=Path("bench/throughput.json"))
    args = ap.parse_args()
    if args.plain:
        plain_transcription(args.calls)
        return 0
    result = measure(args.calls, args.repeats, args.workers)
    args.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
