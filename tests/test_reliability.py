"""Issue 10: sources are never touched, one bad entry never stops a batch, a second run is
refused at once, and a reader never sees audio without its report. Every test checks the
sources' hashes before and after."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile as sf

import flows.anonymise as fa
from flows.cli import main
from pipeline.batch.catalog import Catalog
from pipeline.batch.outputs import Outputs
from pipeline.errors import InputError
from pipeline.files import sha256_file
from tests.conftest import write_audio

ROOT = Path(__file__).resolve().parent.parent


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256_file(p)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_input_inside_output_is_refused_and_sources_survive(tmp_path, capsys):
    # the exact layout of issue 10 item 1
    out = tmp_path / "OUT"
    (out / "sub" / "sub").mkdir(parents=True)
    for rel in ("sub/x.wav", "sub/sub/x.wav", "sub/bad.wav"):
        write_audio(out / rel, seconds=1.0)
    (out / "sub" / "sub" / "bad.wav").write_bytes(b"not audio at all" * 50)
    before = _hashes(out)
    assert main(["run", str(out / "sub"), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "must not be inside output" in err[0]
    assert _hashes(out) == before
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        sorted(before)


def test_output_inside_input_and_catalog_inside_input_are_refused(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    write_audio(src / "a.wav", seconds=1.0)
    before = _hashes(src)
    assert main(["run", str(src), "--out", str(src / "out"), "--no-progress"]) == 2
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--catalog",
                 str(src / "cat.sqlite"), "--no-progress"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert "must not be inside input" in lines[0] and "catalog" in lines[1]
    assert _hashes(src) == before and sorted(os.listdir(src)) == ["a.wav"]


def test_output_guard_refuses_sources_and_the_input_tree(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    a = write_audio(src / "a.wav", seconds=1.0)
    with pytest.raises(InputError):
        Outputs.for_source(a, src, src)  # outputs would be the sources themselves
    with pytest.raises(InputError):
        Outputs.for_source(a, src, src / "nested")
    out = Outputs.for_source(a, src, tmp_path / "out")
    (tmp_path / "out").mkdir()
    os.symlink(a, out.audio)  # an output path that is a link to the source
    with pytest.raises(InputError):
        out.guard(out.audio)


def test_bad_entries_fail_alone_with_report_catalog_row_and_index(tmp_path, flow_fakes):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_audio(src / "good.wav", seconds=1.0)
    os.symlink(src / "gone.wav", src / "dangling.wav")
    os.symlink(src / "loop2.wav", src / "loop1.wav")
    os.symlink(src / "loop1.wav", src / "loop2.wav")
    out.mkdir()
    write_audio(out / "elsewhere.wav", seconds=1.0)
    os.symlink(out / "elsewhere.wav", src / "into_output.wav")  # resolves into the output
    before, out_before = _hashes(src), sha256_file(out / "elsewhere.wav")
    state = fa.anonymise(str(src), str(out), return_state=True)
    assert state.is_failed() and state.message.startswith("4 of 5 files failed; ")
    assert sf.info(str(out / "good.wav")).frames > 0
    with Catalog.open(out / fa.CATALOG_NAME) as cat:
        rows = {e.path: e for e in cat.entries()}
    index = (out / "index.html").read_text()
    for name in ("dangling", "loop1", "loop2", "into_output"):
        report = json.loads((out / f"{name}.json").read_text())
        assert report["status"] == "failed" and report["decision"] == "failed"
        assert rows[f"{name}.wav"].status == "failed"
        assert f"{name}.wav" in index
    assert not (out / "into_output.wav").exists() or \
        sha256_file(out / "elsewhere.wav") == out_before
    assert sha256_file(out / "elsewhere.wav") == out_before
    assert _hashes(src) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_gets_a_report(tmp_path, flow_fakes):  # pragma: no cover - non-root
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_audio(src / "good.wav", seconds=1.0)
    write_audio(src / "locked.wav", seconds=1.0).chmod(0)
    state = fa.anonymise(str(src), str(out), return_state=True)
    assert state.message.startswith("1 of 2 files failed; ")
    assert json.loads((out / "locked.json").read_text())["status"] == "failed"


def test_vanished_file_gets_a_report_and_the_batch_goes_on(tmp_path, flow_fakes, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_audio(src / "good.wav", seconds=1.0)
    write_audio(src / "vanishing.wav", seconds=1.0)
    real = fa.batch.fingerprint_of

    def vanish(path):
        if path.name == "vanishing.wav":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(fa.batch, "fingerprint_of", vanish)
    state = fa.anonymise(str(src), str(out), return_state=True)
    assert state.message.startswith("1 of 2 files failed; ")
    report = json.loads((out / "vanishing.json").read_text())
    assert report["status"] == "failed" and "PermissionError" in report["error"]
    assert "vanishing.wav" in (out / "index.html").read_text()
    with Catalog.open(out / fa.CATALOG_NAME) as cat:
        assert cat.get("vanishing.wav").status == "failed"


def test_second_concurrent_run_is_refused_within_a_second(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_audio(src / "a.wav", seconds=1.0)
    out.mkdir()
    with Catalog.open(out / fa.CATALOG_NAME) as cat, cat.lock_run():
        began = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "flows", "run", str(src), "--out",
                               str(out)], capture_output=True, text=True, cwd=ROOT, timeout=60)
        took = time.monotonic() - began
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by another run" in lines[0], lines
    assert took < 1.5, took  # interpreter start included; the lock is taken before Prefect


KILLER = r"""
import os, signal, sys
from pathlib import Path
from pipeline.config import PiipConfig
from pipeline.process import Outputs, process_file
from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from
step = int(sys.argv[3])
calls = {"n": 0}
real_replace, real_fsync = os.replace, os.fsync
def counted(real):
    def wrapper(*a, **k):
        calls["n"] += 1
        if calls["n"] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*a, **k)
    return wrapper
os.replace, os.fsync = counted(real_replace), counted(real_fsync)
src, out = Path(sys.argv[1]), Path(sys.argv[2])
words = words_from([("Nimeni", 0.2, 0.5), ("on", 0.6, 0.7), ("Reijo", 0.8, 1.2)])
process_file(src / "a.wav", Outputs.for_source(src / "a.wav", src, out), PiipConfig(),
             FakeTranscriber(words), FakeAnalyzer("Reijo"))
print("finished", calls["n"])
"""


def test_kill_at_every_write_step_never_leaves_audio_without_its_report(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write_audio(src / "a.wav", seconds=2.0)
    before = _hashes(src)
    steps, step = 0, 1
    while True:
        out = tmp_path / f"out{step}"
        proc = subprocess.run([sys.executable, "-c", KILLER, str(src), str(out), str(step)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        audio, report = out / "a.wav", out / "a.json"
        if audio.exists():
            assert report.exists(), f"audio without report after a kill at step {step}"
        if proc.returncode == 0:
            steps = int(proc.stdout.split()[-1])
            assert audio.exists() and report.exists()
            break
        assert proc.returncode == -9, proc.stderr
        step += 1
    assert steps >= 4 and step == steps + 1  # every fsync and rename was a kill point
    assert _hashes(src) == before


def test_a_file_failing_max_attempts_times_is_quarantined_until_it_changes(tmp_path,
                                                                           flow_fakes):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_audio(src / "good.wav", seconds=1.0)
    (src / "broken.wav").write_bytes(b"not audio" * 100)
    os.symlink(src / "gone.wav", src / "dangling.wav")
    before = _hashes(src)
    for _ in range(3):  # run.max_attempts defaults to 3
        assert fa.anonymise(str(src), str(out), return_state=True).is_failed()
    state = fa.anonymise(str(src), str(out), return_state=True)
    assert state.is_completed(), state.message  # no new failure
    assert state.message.endswith("3 unchanged, 2 skipped after repeated failures")
    retry = fa.anonymise(str(src), str(out), retry_failed=True, return_state=True)
    assert retry.is_failed() and retry.message.startswith("2 of 2 files failed")
    write_audio(src / "broken.wav", seconds=1.0)  # fixed: it changes, so it is redone
    state = fa.anonymise(str(src), str(out), return_state=True)
    assert state.message.startswith("0 processed") is False
    assert sf.info(str(out / "broken.wav")).frames > 0
    assert {k: v for k, v in _hashes(src).items() if k != "broken.wav"} == \
        {k: v for k, v in before.items() if k != "broken.wav"}
