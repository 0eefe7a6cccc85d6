"""Run the benchmark end to end: generate calls if needed, redact them, score from audio.

    python -m bench.run [--calls bench/calls] [--out bench/out/REDACTOR] [--n 16] [--seed 1]
                        [--redactor piip|truth|identity] [--json FILE] [--config piip.yaml]

``piip`` runs the real pipeline CLI (``piip run CALLS --out OUT --force``) found next to this
Python. ``truth`` (bleeps exactly the truth spans: recall 1, over-redaction ~0) and
``identity`` (copies: recall 0) check the scorer itself. Results go to bench/results.json for
``piip`` and to OUT/results.json for the reference redactors, unless --json says otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import redactors
from bench.generate import GENERATOR_VERSION, bench_scripts, generate, script_hash
from bench.score import markdown, score_dir

HERE = Path(__file__).resolve().parent


def calls_ready(calls: Path, n: int, seed: int) -> bool:
    """Return True when ``calls`` can be scored as it is.

    That is: it holds the n calls of this seed from this generator, or it holds truth files
    that the benchmark did not generate (the samples, or someone's own set), which are never
    regenerated or deleted.
    """
    try:
        manifest = json.loads((calls / "manifest.json").read_text())
    except (OSError, ValueError):
        return any(calls.glob("*.truth.json"))
    if "n" not in manifest:  # sample_audio/ and other non-benchmark sets
        return True
    same = (manifest.get("n"), manifest.get("seed"), manifest.get("generator"),
            manifest.get("scripts")) == (n, seed, GENERATOR_VERSION,
                                         script_hash(bench_scripts(n, seed)))
    files = all((calls / f"{i}.wav").exists() and (calls / f"{i}.truth.json").exists()
                for i in manifest.get("ids", []))
    return same and files


def ensure_calls(calls: Path, n: int, seed: int) -> None:
    """Generate the calls unless a matching (or foreign) set is already there."""
    if calls_ready(calls, n, seed):
        count = len(list(calls.glob("*.truth.json")))
        print(f"bench: using the {count} calls in {calls}", file=sys.stderr)
        return
    old = calls / "manifest.json"
    if old.exists():  # remove only what an earlier generation wrote
        for call_id in json.loads(old.read_text()).get("ids", []):
            for suffix in (".wav", ".truth.json"):
                (calls / f"{call_id}{suffix}").unlink(missing_ok=True)
    print(f"bench: generating {n} calls into {calls} (seed {seed})", file=sys.stderr)
    problems = generate(bench_scripts(n, seed), calls, (30.0, 90.0), {"n": n, "seed": seed})
    for line in problems:
        print(f"bench: generator problem: {line}", file=sys.stderr)


def run_piip(calls: Path, out: Path, config: Path | None) -> int:
    """Run the pipeline CLI on ``calls``; return its exit status."""
    piip = Path(sys.executable).parent / "piip"
    cmd = [str(piip), "run", str(calls), "--out", str(out), "--force", "--no-progress"]
    if config:
        cmd += ["--config", str(config)]
    print(f"bench: {' '.join(cmd)}", file=sys.stderr)
    return subprocess.run(cmd, check=False).returncode


def redact(redactor: str, calls: Path, out: Path, config: Path | None) -> dict[str, Any]:
    """Clear stale outputs, run one redactor, and return how it went."""
    out.mkdir(parents=True, exist_ok=True)
    for truth in calls.glob("*.truth.json"):
        (out / truth.name.replace(".truth.json", ".wav")).unlink(missing_ok=True)
    t0 = time.monotonic()
    status = 0
    if redactor == "piip":
        status = run_piip(calls, out, config)
    elif redactor == "truth":
        redactors.truth(calls, out)
    else:
        redactors.identity(calls, out)
    return {"redactor": redactor, "exit_status": status,
            "wall_seconds": round(time.monotonic() - t0, 1)}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--calls", type=Path, default=HERE / "calls")
    p.add_argument("--out", type=Path, help="redacted outputs (default bench/out/REDACTOR)")
    p.add_argument("--n", type=int, default=16)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--redactor", choices=("piip", "truth", "identity"), default="piip")
    p.add_argument("--json", type=Path, help="results file")
    p.add_argument("--config", type=Path, help="piip YAML configuration (piip only)")
    args = p.parse_args(argv)
    out = args.out or HERE / "out" / args.redactor
    ensure_calls(args.calls, args.n, args.seed)
    run = redact(args.redactor, args.calls, out, args.config)
    summary = score_dir(args.calls, out)
    audio = sum(json.loads(t.read_text("utf-8"))["duration"]
                for t in args.calls.glob("*.truth.json"))
    result = {**run, "calls_dir": str(args.calls), "n": args.n, "seed": args.seed,
              "audio_seconds": round(audio, 1),
              "date": dt.date.today().isoformat(), **summary}
    print(markdown(summary))
    print(f"\n{args.redactor}: {run['wall_seconds']} s for {audio:.0f} s of audio, "
          f"exit status {run['exit_status']}")
    path = args.json or (HERE / "results.json" if args.redactor == "piip"
                         else out / "results.json")
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"results: {path}", file=sys.stderr)
    return 0 if run["exit_status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
