"""Peak memory of a nightly run against the number of files, with a fake transcriber.

    python -m bench.memory_scaling --files 100 500 2000

Each size runs in a fresh process: N one-second tone files, the ``piip-nightly`` flow with one
worker (the bounded in-process runner), Whisper and Presidio replaced by fakes that return
three canned words, so what is measured is the flow's own bookkeeping (futures, catalog,
reports, batch page). Peak RSS is ``getrusage`` of the flow process (the temporary Prefect
server runs in another process and is reported separately, as the children's peak).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf


def _fakes() -> None:
    """Replace the model loader of the flow with fakes (three words, one of them a name)."""
    from presidio_analyzer import RecognizerResult

    import flows.anonymise as fa
    from pipeline.schema import Transcript, Word

    words = (Word("Nimeni", 0.1, 0.3, 0.9, 0), Word("on", 0.35, 0.45, 0.9, 0),
             Word("Reijo", 0.5, 0.8, 0.9, 0))

    def transcribe(audio):
        return Transcript(words, audio.duration, audio.channels, "fi", audio.duration, ())

    class Analyzer:
        def analyze(self, text, **_):
            at = text.find("Reijo")
            return [] if at < 0 else [RecognizerResult(
                "PERSON", at, at + 5, 0.9, recognition_metadata={"recognizer_name": "Fake"})]

    fa._models = lambda cfg: (transcribe, Analyzer())


def one(files: int) -> dict:
    """Run the nightly flow over ``files`` tiny files in this process; return the figures."""
    from prefect.testing.utilities import prefect_test_harness

    _fakes()
    from flows.serve import nightly
    from pipeline import preflight

    preflight.check = lambda cfg, load_models=True: None  # fakes: no models to check
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "in"), Path(tmp, "out")
        src.mkdir()
        tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(8000) / 8000)).astype(np.float32)
        for i in range(files):
            sf.write(str(src / f"c{i:05d}.wav"), tone, 8000)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with prefect_test_harness(server_startup_timeout=180):
            began = time.monotonic()
            state = nightly(str(src), str(out), workers=1, return_state=True)
            wall = time.monotonic() - began
        reports = len(list(out.rglob("c*.json")))
    return {"files": files, "completed": state.is_completed(), "reports": reports,
            "wall_seconds": round(wall, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_run_mb": round(base / 1024, 1),
            "server_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.files[0])))
        return
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    for n in args.files:
        done = subprocess.run([sys.executable, "-m", "bench.memory_scaling", "--one", "--files",
                               str(n)], capture_output=True, text=True, env=env, check=False)
        lines = done.stdout.strip().splitlines()
        print(lines[-1] if done.returncode == 0 and lines else
              json.dumps({"files": n, "error": done.stderr[-2000:]}), flush=True)


if __name__ == "__main__":
    main()
