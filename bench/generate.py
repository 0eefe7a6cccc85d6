"""Write synthetic benchmark calls: ``DIR/<id>.wav`` and ``DIR/<id>.truth.json``.

    python -m bench.generate --out bench/calls --n 16 --seed 1
    python -m bench.generate --samples            # the three short calls in sample_audio/

Scripts are deterministic for a seed; audio is too, as far as the TTS engines are. Every
written call is checked: its length, and that every truth span holds audible speech.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from bench.calls import CallScript, Profile, build_call
from bench.render import render

GENERATOR_VERSION = 1
SAMPLE_SEED = 2035  # picked among 2020-2099 as one whose three samples fit in ~2.5 MB
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_audio"
_SAMPLE = dict(pii=(4, 5), seconds=(20.0, 26.0), require=("phone",), hetu=True, short=True)
SAMPLE_PROFILES = (
    Profile(kind="wideband", rate=16000, festival_only=True, **_SAMPLE),
    Profile(kind="telephone", **_SAMPLE),
    Profile(kind="stereo", **_SAMPLE),
)


def bench_scripts(n: int, seed: int) -> list[CallScript]:
    """Return the scripts of the ``n`` benchmark calls for ``seed``."""
    return [build_call(seed, i, f"call_{i + 1:03d}") for i in range(n)]


def sample_scripts() -> list[CallScript]:
    """Return the scripts of the short committed sample calls."""
    return [build_call(SAMPLE_SEED, i, f"call_{i + 1:02d}", p)
            for i, p in enumerate(SAMPLE_PROFILES)]


def script_hash(scripts: list[CallScript]) -> str:
    """Return a digest of the scripts, so a stale set of calls can be recognised."""
    text = json.dumps([s.to_dict() for s in scripts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_call(audio: np.ndarray, truth: dict[str, Any], seconds: tuple[float, float]) -> list[str]:
    """Return problems with a rendered call: length out of range, silent truth spans."""
    problems = []
    if not seconds[0] <= truth["duration"] <= seconds[1]:
        problems.append(f"duration {truth['duration']:.1f} s outside {seconds}")
    rate = truth["sample_rate"]
    for span in truth["spans"]:
        seg = audio[int(span["start"] * rate):int(span["end"] * rate), span["channel"]]
        rms = float(np.sqrt(np.mean(seg.astype(np.float64) ** 2))) if len(seg) else 0.0
        if rms < 0.01:
            problems.append(f"silent span {span['type']} at {span['start']:.2f} s")
    return problems


def write_call(script: CallScript, out_dir: Path) -> dict[str, Any]:
    """Render ``script`` and write its WAV (16-bit PCM) and truth JSON; return the truth."""
    audio, truth = render(script)
    sf.write(str(out_dir / f"{script.call_id}.wav"), audio, truth["sample_rate"],
             subtype="PCM_16")
    text = json.dumps(truth, ensure_ascii=False, indent=1)
    (out_dir / f"{script.call_id}.truth.json").write_text(text + "\n", encoding="utf-8")
    return truth


def generate(scripts: list[CallScript], out_dir: Path, seconds: tuple[float, float],
             manifest: dict[str, Any]) -> list[str]:
    """Write every call with progress on stderr; return all problems found."""
    out_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for i, script in enumerate(scripts, start=1):
        t0 = time.monotonic()
        truth = write_call(script, out_dir)
        audio, _ = sf.read(str(out_dir / f"{script.call_id}.wav"), always_2d=True)
        found = check_call(audio, truth, seconds)
        problems += [f"{script.call_id}: {p}" for p in found]
        print(f"[{i}/{len(scripts)}] {script.call_id}: {truth['format']} "
              f"{truth['sample_rate']} Hz x{truth['channels']}, {truth['duration']:.1f} s, "
              f"{len(truth['spans'])} spans ({time.monotonic() - t0:.1f} s)"
              + (" PROBLEM: " + "; ".join(found) if found else ""), file=sys.stderr)
    manifest = {**manifest, "generator": GENERATOR_VERSION, "scripts": script_hash(scripts),
                "ids": [s.call_id for s in scripts]}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, help="output folder (default bench/calls, or "
                                            "sample_audio with --samples)")
    p.add_argument("--n", type=int, default=16, help="number of calls (default 16)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--samples", action="store_true",
                   help=f"write the {len(SAMPLE_PROFILES)} short sample calls instead")
    args = p.parse_args(argv)
    if args.samples:
        out = args.out or SAMPLES_DIR
        problems = generate(sample_scripts(), out, (20.0, 40.0),
                            {"samples": True, "seed": SAMPLE_SEED})
    else:
        out = args.out or Path(__file__).resolve().parent / "calls"
        problems = generate(bench_scripts(args.n, args.seed), out, (30.0, 90.0),
                            {"n": args.n, "seed": args.seed})
    for line in problems:
        print(f"problem: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
