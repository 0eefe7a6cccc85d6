"""Fuzz the decoder: mutate real recordings of every format and check no damage passes as fine.

Usage::

    .venv/bin/python -m bench.fuzz_decode [--cases 1000] [--workers 2] [--seed 1] [--json F]

Sources are made here (espeak-ng speech, else a tone; ffmpeg for the compressed formats):
wav, flac, mp3, ogg and m4a (mp4 with its index at the end and at the front), 16 kHz mono
and 8 kHz stereo. Each case truncates, flips bits in, overwrites a burst of, or rewrites a
length field of one source, and decodes it with :func:`pipeline.audio.io.decode` in a worker
process with a timeout (a worker that hangs or dies is replaced and the case counted).

Outcomes: ``error`` (AudioDecodeError), ``damaged`` (decoded with a damage note),
``clean_same`` (no note, samples equal to the source's), ``clean_changed`` (no note, the same
length, samples differ: bits flipped inside sample data, which no length or checksum check can
see), ``clean_length`` (no note but a length off the source's: damage that passed as fine),
``crash`` (any other exception) and ``timeout``. The run fails on ``clean_length``, ``crash``
or ``timeout``. Every ``--process-every``-th case also runs ``process_file`` with a fake
transcriber: it must return a report, ``failed`` exactly when decoding raised.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import selectors
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

FORMATS = ("wav", "flac", "mp3", "ogg", "m4a")
KINDS = ("truncate", "bitflip", "header_flip", "burst", "length_lie")
FAIL_OUTCOMES = ("clean_length", "crash", "timeout")
TEXT = ("Hei, soitan vakuutusyhtiöstä. Henkilötunnukseni on yksi kaksi kolme neljä viisi. "
        "Puhelinnumero on nolla neljä viisi, kuusi seitsemän kahdeksan.")


def make_sources(folder: Path) -> list[Path]:
    """Write the real recordings to mutate: each format at 16 kHz mono and 8 kHz stereo."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "base.wav"
    if shutil.which("espeak-ng"):
        subprocess.run(["espeak-ng", "-v", "fi", "-w", str(base), TEXT], check=True,
                       capture_output=True)
    else:
        subprocess.run(["sox", "-n", "-r", "16000", str(base), "synth", "6", "sine", "440"],
                       check=True)
    out = []
    for rate, ch in ((16000, 1), (8000, 2)):
        for fmt in (*FORMATS, "fs.m4a"):
            dest = folder / f"src{rate}x{ch}.{fmt}"
            extra = ["-movflags", "+faststart"] if fmt == "fs.m4a" else []
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(base), "-ar",
                            str(rate), "-ac", str(ch), *extra, str(dest)], check=True)
            out.append(dest)
    return out


def _ogg_crc(page: bytes) -> int:
    crc = 0
    for byte in page:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _length_fields(data: bytes, fmt: str) -> list[tuple[int, int, str]]:
    """Return (offset, width, byte order) of the fields that declare a length."""
    found = []
    if fmt == "wav":
        found.append((4, 4, "<"))
        at = data.find(b"data", 12)
        if at > 0:
            found.append((at + 4, 4, "<"))
    elif fmt == "flac":
        found.append((18, 8, "flac"))  # STREAMINFO: 36-bit total samples in these 8 bytes
    elif fmt == "mp3":
        at = max(data.find(b"Xing"), data.find(b"Info"))
        if at > 0:
            found.append((at + 8, 4, ">"))
    elif fmt == "m4a":
        for box in (b"mvhd", b"mdhd"):
            at = data.find(box)
            if at > 0:
                found.append((at + 20, 4, ">"))
    elif fmt == "ogg":
        at = data.rfind(b"OggS")
        if at > 0:
            found.append((at + 6, 8, "ogg"))
    return found


def _lie(data: bytearray, fmt: str, rng: random.Random) -> str:
    fields = _length_fields(bytes(data), fmt)
    if not fields:
        return "length_lie(no field)"
    off, width, order = rng.choice(fields)
    factor = rng.choice([0, 0.5, 0.8, 0.95, 1.05, 1.5, 2, 100, -1])
    if order == "flac":
        word = int.from_bytes(data[off:off + 8], "big")
        total = word & ((1 << 36) - 1)
        new = (1 << 36) - 1 if factor == -1 else int(total * factor)
        data[off:off + 8] = ((word & ~((1 << 36) - 1)) | new).to_bytes(8, "big")
    else:
        fmt_code = {4: "I", 8: "Q"}[width]
        end = "<" if order in ("<", "ogg") else ">"
        old = struct.unpack(end + fmt_code, data[off:off + width])[0]
        new = (1 << (8 * width)) - 1 if factor == -1 else int(old * factor)
        data[off:off + width] = struct.pack(end + fmt_code, new % (1 << (8 * width)))
        if order == "ogg":  # keep the page checksum right: a lie, not a corruption
            page = off - 6
            n = data[page + 26]
            size = 27 + n + sum(data[page + 27:page + 27 + n])
            data[page + 22:page + 26] = b"\0\0\0\0"
            data[page + 22:page + 26] = struct.pack("<I", _ogg_crc(bytes(data[page:page + size])))
    return f"length_lie(x{factor})"


def mutate(src: bytes, fmt: str, kind: str, rng: random.Random) -> tuple[bytes, str]:
    """Return the mutated bytes and a short description of the mutation."""
    data = bytearray(src)
    n = len(data)
    if kind == "truncate":
        cut = int(n * rng.choice([rng.uniform(0.0, 0.05), rng.uniform(0.05, 0.95),
                                  rng.uniform(0.95, 0.9999)]))
        return bytes(data[:max(cut, 1)]), f"truncate({cut}/{n})"
    if kind == "bitflip":
        flips = rng.choice([1, 2, 8, 64])
        for _ in range(flips):
            i = rng.randrange(n // 10, n)
            data[i] ^= 1 << rng.randrange(8)
        return bytes(data), f"bitflip({flips})"
    if kind == "header_flip":
        i = rng.randrange(min(n, 128))
        data[i] ^= 1 << rng.randrange(8)
        return bytes(data), f"header_flip(@{i})"
    if kind == "burst":
        size = rng.choice([16, 256, 2048])
        at = rng.randrange(0, max(1, n - size))
        data[at:at + size] = bytes(rng.randrange(256) for _ in range(size))
        return bytes(data), f"burst({size}@{at})"
    what = _lie(data, fmt, rng)
    return bytes(data), what


# ---- worker: decode one path per stdin line, answer one JSON line --------------------------

def _worker() -> None:
    import numpy as np

    from pipeline.audio.io import LOSSY_TOLERANCE_SECONDS, decode
    from pipeline.errors import AudioDecodeError

    originals: dict[str, object] = {}
    for line in sys.stdin:
        job = json.loads(line)
        if job["source"] not in originals:
            originals[job["source"]] = decode(job["source"])
        ref = originals[job["source"]]
        tolerance = 0 if job["format"] in ("wav", "flac") else LOSSY_TOLERANCE_SECONDS
        try:
            audio = decode(job["path"])
        except AudioDecodeError:
            answer = {"outcome": "error"}
        except Exception as exc:  # noqa: BLE001 - a crash is what the fuzz looks for
            answer = {"outcome": "crash", "error": type(exc).__name__}
        else:
            answer = {"seconds": round(audio.duration, 3)}
            if audio.damage is not None:
                answer["outcome"] = "damaged"
            elif (audio.sample_rate != ref.sample_rate or audio.channels != ref.channels
                  or abs(audio.frames - ref.frames) > tolerance * ref.sample_rate):
                answer["outcome"] = "clean_length"
            elif audio.frames == ref.frames and np.array_equal(audio.samples, ref.samples):
                answer["outcome"] = "clean_same"
            else:
                answer["outcome"] = "clean_changed"
        if job.get("process"):
            answer["process"] = _process(Path(job["path"]), answer["outcome"] == "error")
        print(json.dumps(answer), flush=True)


def _process(path: Path, decode_failed: bool) -> str:
    """Run process_file with fakes; say whether its report agrees with decode."""
    from pipeline.config import PiipConfig
    from pipeline.process import Outputs, process_file
    from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from

    out = Path(tempfile.mkdtemp(prefix="fuzz-out-"))
    try:
        words = words_from([("soitan", 0.2, 0.5), ("Matti", 0.6, 0.9)])
        report = process_file(path, Outputs.for_source(path, path.parent, out), PiipConfig(),
                              FakeTranscriber(words), FakeAnalyzer("Matti"))
        failed = report.status == "failed"
        has_audio = (out / (path.stem + ".wav")).exists()
        ok = failed == decode_failed and has_audio != failed
        return "ok" if ok else f"mismatch(status={report.status})"
    except Exception as exc:  # noqa: BLE001 - process_file must never raise for bad input
        return f"raised({type(exc).__name__})"
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---- parent: build cases, hand them to workers with a timeout ------------------------------

class Worker:
    """One decoding subprocess; replaced when it hangs or dies."""

    def __init__(self) -> None:
        """Start the subprocess."""
        root = Path(__file__).resolve().parents[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.fuzz_decode", "--worker"],
                                     cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)

    def ask(self, job: dict, timeout: float) -> dict:
        """Send one case; return its answer, or a timeout/crash outcome."""
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return self._restart("crash")
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        if not ready:
            return self._restart("timeout")
        line = self.proc.stdout.readline()
        return json.loads(line) if line else self._restart("crash")

    def _restart(self, outcome: str) -> dict:
        self.close()
        self.__init__()
        return {"outcome": outcome, "error": "worker died" if outcome == "crash" else ""}

    def close(self) -> None:
        """Stop the subprocess."""
        self.proc.kill()
        self.proc.wait()


def build_cases(sources: list[Path], folder: Path, count: int, seed: int) -> list[dict]:
    """Write ``count`` mutated files (round robin over sources and kinds); return the jobs."""
    rng = random.Random(seed)
    jobs = []
    for i in range(count):
        src = sources[i % len(sources)]
        kind = KINDS[(i // len(sources)) % len(KINDS)]
        fmt = src.suffix.lstrip(".")
        data, what = mutate(src.read_bytes(), fmt, kind, rng)
        path = folder / f"case{i:05d}{src.suffix}"
        path.write_bytes(data)
        jobs.append({"path": str(path), "source": str(src), "format": fmt, "kind": kind,
                     "mutation": what})
    return jobs


def run(count: int, workers: int, seed: int, timeout: float, process_every: int,
        folder: Path) -> dict:
    """Run the fuzz in ``folder``; return figures per format and outcome."""
    import concurrent.futures as cf
    import hashlib

    sources = make_sources(folder / "sources")
    digests = {s: hashlib.sha256(s.read_bytes()).hexdigest() for s in sources}
    cases = folder / "cases"
    cases.mkdir(exist_ok=True)
    jobs = build_cases(sources, cases, count, seed)
    for i, job in enumerate(jobs):
        job["process"] = bool(process_every) and i % process_every == 0
    began = time.monotonic()
    pool = [Worker() for _ in range(workers)]

    def lane(k: int) -> list[dict]:
        return [{**job, **pool[k].ask(job, timeout)} for job in jobs[k::workers]]

    with cf.ThreadPoolExecutor(workers) as ex:
        results = [r for part in ex.map(lane, range(workers)) for r in part]
    for w in pool:
        w.close()
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
    table = Counter((r["format"], r["outcome"]) for r in results)
    kinds = Counter((r["kind"], r["outcome"]) for r in results)
    processed = Counter(r["process"] for r in results if isinstance(r.get("process"), str))
    bad = [{k: r[k] for k in ("path", "format", "mutation", "outcome")}
           for r in results if r["outcome"] in FAIL_OUTCOMES]
    return {
        "cases": len(results), "seed": seed, "workers": workers,
        "wall_seconds": round(time.monotonic() - began, 1),
        "by_format": {f"{f}/{o}": n for (f, o), n in sorted(table.items())},
        "by_kind": {f"{k}/{o}": n for (k, o), n in sorted(kinds.items())},
        "process_file": dict(processed),
        "failures": bad,
        "sources_unchanged": all(hashlib.sha256(s.read_bytes()).hexdigest() == d
                                 for s, d in digests.items()),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz and print its figures as JSON; exit 1 when damage passed as fine."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    ap.add_argument("--process-every", type=int, default=20, help="0: never run process_file")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker()
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="piip-fuzz-"))
    try:
        figures = run(args.cases, args.workers, args.seed, args.timeout, args.process_every,
                      folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    figures["command"] = " ".join(["python -m bench.fuzz_decode", *(argv or sys.argv[1:])])
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    ok = not figures["failures"] and figures["sources_unchanged"]
    ok = ok and all(k == "ok" for k in figures["process_file"])
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    raise SystemExit(main())
