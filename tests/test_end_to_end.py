"""Real models on the committed sample calls, through the real CLI and Prefect's ephemeral mode.

Checks, from the output audio, that names the pipeline found are altered over their
true time span (from the truth file) and that speech far from any personal data is not;
and that no personal data reaches logs, Prefect's database, results or the report files.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from bench.score import altered_frames, span_frames, speech_frames

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_audio"
PIIP = Path(sys.executable).with_name("piip")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run ``piip run sample_audio`` once, with Prefect's home in a temporary folder."""
    home = tmp_path_factory.mktemp("prefect-home")
    out = tmp_path_factory.mktemp("out") / "out"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # ephemeral mode
    env.update(PREFECT_HOME=str(home), PREFECT_LOGGING_LEVEL="DEBUG")
    proc = subprocess.run([str(PIIP), "run", str(SAMPLES), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, home, proc.stdout + proc.stderr


def _truths():
    return {p.name.split(".")[0]: json.loads(p.read_text())
            for p in sorted(SAMPLES.glob("*.truth.json"))}


def _overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def test_every_sample_has_outputs_matching_the_source(run):
    out, _, _ = run
    for call in _truths():
        src = sf.info(str(SAMPLES / f"{call}.wav"))
        dst = sf.info(str(out / f"{call}.wav"))
        assert (dst.samplerate, dst.channels, dst.frames) == (src.samplerate, src.channels,
                                                            src.frames)
        assert dst.subtype == "PCM_16"
        report = json.loads((out / f"{call}.json").read_text())
        assert report["status"] == "ok" and report["spans"]
        assert report["decision"] in {"release", "review", "quarantine"}
        assert (out / f"{call}.html").is_file()
    assert (out / "index.html").is_file()


def test_found_personal_data_is_altered_at_its_true_time_and_far_speech_is_not(run):
    out, _, _ = run
    protected = 0
    far = far_altered = 0
    for call, truth in _truths().items():
        inp, rate = sf.read(str(SAMPLES / f"{call}.wav"), always_2d=True)
        res, _ = sf.read(str(out / f"{call}.wav"), always_2d=True)
        speech = speech_frames(inp, rate).any(axis=0)
        altered = altered_frames(inp, res, rate).all(axis=0)  # bleeped on every channel
        spans = json.loads((out / f"{call}.json").read_text())["spans"]
        for t in truth["spans"]:
            if t["type"] != "PERSON" or not any(
                    s["entity_type"] == "PERSON" and _overlaps(t["start"], t["end"], s["start"],
                                                               s["end"]) for s in spans):
                continue  # not found as a name: recall is the benchmark's business
            idx = span_frames(t["start"], t["end"], len(speech))
            idx = idx[speech[idx]]
            protected += int(altered[idx].mean() >= 0.95)
        near = np.zeros(len(speech), bool)
        for t in truth["spans"]:
            near[span_frames(t["start"] - 1.0, t["end"] + 1.0, len(speech))] = True
        for turn in truth["turns"]:
            idx = span_frames(turn["start"], turn["end"], len(speech))
            idx = idx[speech[idx] & ~near[idx]]
            far += len(idx)
            far_altered += int(altered[idx].sum())
    assert protected >= 2  # names found are bleeped over their true time
    assert far >= 250  # at least five seconds of speech far from personal data
    assert far_altered / far <= 0.2, f"{far_altered / far:.0%} of far speech altered"


def _pii_needles():
    """Truth values as they could leak: whole values, digit strings, and name words."""
    needles = set()
    for truth in _truths().values():
        for s in truth["spans"]:
            value = s["value"]
            needles.add(value.lower())
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 5:
                needles.add(digits)
            if s["type"] == "PERSON":
                needles.update(w.lower() for w in value.split() if len(w) >= 4)
    return needles


def _texts_under(root: Path):
    for path in root.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", "replace").lower()


def test_no_personal_data_in_logs_prefect_database_or_results(run):
    out, home, logs = run
    needles = _pii_needles()
    words = set()
    for call in _truths():
        text = json.loads((out / f"{call}.json").read_text())["redacted_transcript"]
        text = re.sub(r"<[A-Z_]+>", " ", text)  # entity tags are not transcript words
        words.update(w for w in re.findall(r"[a-zåäö]{7,}", text.lower()))
    assert words, "the transcripts should have ordinary words to look for"
    haystacks = [("stdout/stderr", logs.lower()), *[(str(p), t) for p, t in _texts_under(home)]]
    assert any("prefect.db" in name for name, _ in haystacks)
    for name, text in haystacks:
        leaked = [n for n in needles | words if n in text]
        assert not leaked, f"{name} contains transcript or personal data ({len(leaked)} items)"


def _without_transcript(path: Path, text: str) -> str:
    """Drop the redacted transcript: what detection missed there is the benchmark's recall."""
    if path.suffix == ".json":
        data = json.loads(text)
        data.pop("redacted_transcript", None)
        data.pop("utterances", None)  # the same redacted text, turn by turn
        return json.dumps(data, ensure_ascii=False).lower()
    return re.sub(r'<section id="transcript">.*?</section>', "", text, flags=re.S)


def test_no_call_with_audible_personal_data_is_released(run):
    """The release gate's promise, measured from the output audio of the real pipeline."""
    from bench.score import score_arrays

    out, _, _ = run
    for call, truth in _truths().items():
        inp, rate = sf.read(str(SAMPLES / f"{call}.wav"), always_2d=True)
        res, _ = sf.read(str(out / f"{call}.wav"), always_2d=True)
        scored = score_arrays(inp, res, rate, truth["spans"], call)
        audible = [t["type"] for t, r in zip(truth["spans"], scored.spans, strict=True)
                   if not r.protected]
        report = json.loads((out / f"{call}.json").read_text())
        if audible:
            assert report["decision"] != "release", (call, audible)
            assert report["risks"], (call, audible)


def test_no_truth_values_in_report_files_outside_the_redacted_transcript(run):
    out, _, _ = run
    needles = _pii_needles()
    pages = [(p, t) for p, t in _texts_under(out) if p.suffix in {".json", ".html"}]
    assert any('<section id="transcript">' in t for _, t in pages)
    for path, text in pages:
        leaked = [n for n in needles if n in _without_transcript(path, text)]
        assert not leaked, f"{path.name} shows personal data ({len(leaked)} items)"


def test_sample_calls_score_does_not_regress(run):
    """Guard the benchmark's scorer on the committed samples against regressions.

    Measured on 2026-11-23 (BENCHMARKS.md §4): recall 8/14 spans, over-redaction 12.7 %, the
    same in four runs; 9/14 and 12.7 % after the third session's name rules. The transcript
    differs between machines (CTranslate2's CPU kernels): at the same code (8e49e84) CI
    printed 16.1 % over-redaction where this machine gives 8.0 %. At the final code of
    2026-12-06 this machine gives 9/14 and 10.3 % (the release gate's fail-closed bleeps add
    about 2.3 points). The bounds leave one span of slack on recall and room for the
    machine-to-machine spread on over-redaction.
    """
    from bench.score import score_dir

    out, _, _ = run
    summary = score_dir(SAMPLES, out)
    assert summary["failed_calls"] == []
    assert summary["protected"] >= 8, summary["protected"]
    assert summary["over_redaction"] <= 0.22, summary["over_redaction"]


def _without_timing(report: dict) -> dict:
    """Return ``report`` without the wall-clock time and the output folder's own path."""
    return {**report, "output": Path(report["output"]).name,
            "stats": {k: v for k, v in report["stats"].items() if k != "wall_seconds"}}


def test_two_worker_processes_give_byte_identical_outputs(run, tmp_path):
    """Issue 10: the same input, config and model give the same audio and reports, whatever the
    number of workers (one in-process worker above; here two Dask worker processes, each with
    its own model and CTranslate2 threads, and Whisper's temperature-0 decoding)."""
    first, _, _ = run
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"))
    proc = subprocess.run([str(PIIP), "run", str(SAMPLES), "--out", str(out), "--workers", "2",
                           "--quiet"], capture_output=True, text=True, env=env, timeout=900,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for call in _truths():
        assert (out / f"{call}.wav").read_bytes() == (first / f"{call}.wav").read_bytes(), call
        again = json.loads((out / f"{call}.json").read_text())
        before = json.loads((first / f"{call}.json").read_text())
        assert _without_timing(again) == _without_timing(before), call
