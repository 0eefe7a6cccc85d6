"""`piip run` from the command line: preflight before Prefect, one file as input, --quiet.

Runs that process files use the fake models in this process (``flows.cli.main``); the checks
that end a run before Prefect starts run the real command (``python -m flows run``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

import flows.anonymise as fa
from flows.cli import main
from pipeline import preflight
from pipeline.batch.catalog import Catalog
from pipeline.errors import ConfigError
from pipeline.files import sha256_file
from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from, write_audio

ROOT = Path(__file__).resolve().parents[1]
WORDS = words_from([("Nimeni", 0.2, 0.5), ("on", 0.6, 0.7), ("Reijo", 0.8, 1.2)])


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    (src / "day1").mkdir(parents=True)
    write_audio(src / "day1" / "a.wav", seconds=2.0)
    write_audio(src / "day1" / "b.wav", seconds=2.0)
    return src, tmp_path / "out"


def _outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.suffix in {".wav", ".json"} and p.is_file())


def _piip(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout)


# --- preflight: a bad config ends the run before Prefect and before any file --------------

@pytest.mark.parametrize(("yaml", "key"), [
    ("asr:\n  model: /nonexistent/whisper\n", "asr.model: /nonexistent/whisper does not exist"),
    ("asr:\n  model: {bad}\ndetect:\n  use_spacy: false\n",
     "asr.model: cannot load Whisper model"),  # loaded: a local run
    ("detect:\n  use_spacy: false\n  entities: [PERSON, PERSN]\n",
     "detect.entities: unknown entity type 'PERSN'"),
])
def test_bad_config_exits_2_naming_the_key_before_any_file(tmp_path, yaml, key):
    src, out = _tree(tmp_path)
    bad = tmp_path / "bad-model"
    bad.mkdir()
    (bad / "model.bin").write_bytes(b"not a CTranslate2 model" * 10)
    conf = tmp_path / "piip.yaml"
    conf.write_text(yaml.format(bad=bad))
    before = {p: sha256_file(p) for p in src.rglob("*.wav")}
    proc = _piip("run", str(src), "--out", str(out), "--config", str(conf))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"piip: error: {key}"), lines
    assert _outputs(out) == []  # no report, no audio
    assert {p: sha256_file(p) for p in src.rglob("*.wav")} == before


@pytest.mark.parametrize(("extra", "local"), [
    ([], True), (["--workers", "1"], True), (["--workers", "2"], False),
    (["--dask-address", "tcp://127.0.0.1:1"], False),
])
def test_models_are_loaded_by_the_preflight_only_for_a_local_run(tmp_path, monkeypatch, capsys,
                                                                 extra, local):
    src, out = _tree(tmp_path)
    seen = []

    def refuse(cfg, load_models=True):
        seen.append(load_models)
        raise ConfigError("asr.model: refused by the test")

    monkeypatch.setattr(preflight, "check", refuse)
    assert main(["run", str(src), "--out", str(out), *extra]) == 2
    assert seen == [local]
    assert capsys.readouterr().err.strip() == "piip: error: asr.model: refused by the test"
    assert _outputs(out) == []


# --- one file as input ---------------------------------------------------------------------

@pytest.mark.parametrize(("case", "message"), [
    ("out_in_folder", "must not be inside input"),
    ("file_in_out", "must not be inside output"),
    ("file_beside_outputs", "must not be inside input"),  # out/x.wav: out is its folder
    ("catalog_in_folder", "catalog"),
    ("not_audio", "is not an audio file"),
])
def test_a_single_file_gets_the_folder_protections(tmp_path, capsys, monkeypatch, case,
                                                   message):
    monkeypatch.setattr(preflight, "check", lambda cfg, load_models=True: None)
    src, out = _tree(tmp_path)
    one = src / "day1" / "a.wav"
    args = ["run", str(one), "--out", str(out)]
    if case == "out_in_folder":
        args[3] = str(src / "day1" / "anon")
    elif case in {"file_in_out", "file_beside_outputs"}:
        (out / "sub").mkdir(parents=True)
        one = write_audio(out / ("sub/x.wav" if case == "file_in_out" else "x.wav"), seconds=1.0)
        args[1] = str(one)
    elif case == "catalog_in_folder":
        args += ["--catalog", str(src / "day1" / "cat.sqlite")]
    else:
        (src / "day1" / "notes.txt").write_text("not audio")
        args[1] = str(src / "day1" / "notes.txt")
    before = {p: sha256_file(p) for p in tmp_path.rglob("*") if p.is_file()}
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert {p: sha256_file(p) for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.fixture()
def fakes(monkeypatch):
    monkeypatch.setattr(fa, "_models", lambda cfg: (FakeTranscriber(WORDS), FakeAnalyzer("Reijo")))
    monkeypatch.setattr(preflight, "check", lambda cfg, load_models=True: None)
    monkeypatch.delenv("PREFECT_LOGGING_LEVEL", raising=False)  # --quiet sets it
    with prefect_test_harness(server_startup_timeout=60):
        yield


def test_single_file_is_processed_alone_named_as_in_its_folder(tmp_path, fakes, capsys):
    src, out = _tree(tmp_path)
    one = src / "day1" / "a.wav"
    assert main(["run", str(one), "--out", str(out), "--no-progress"]) == 0
    assert _outputs(out) == ["a.json", "a.wav"]  # the folder day1 is the input
    report = json.loads((out / "a.json").read_text())
    assert report["status"] == "ok" and Path(report["source"]) == one.resolve()
    with Catalog.open(out / fa.CATALOG_NAME) as cat:
        assert [e.path for e in cat.entries()] == ["a.wav"]
    # the folder as input afterwards: a.wav is the same call (unchanged), b.wav is new
    capsys.readouterr()
    assert main(["run", str(src / "day1"), "--out", str(out), "--no-progress"]) == 0
    assert "1 processed (" in capsys.readouterr().err
    assert _outputs(out) == ["a.json", "a.wav", "b.json", "b.wav"]


def test_quiet_silences_the_progress_lines(tmp_path, fakes, capsys):
    src, out = _tree(tmp_path)
    assert main(["run", str(src), "--out", str(out), "--no-progress"]) == 0
    loud = capsys.readouterr().err
    assert "piip: 2 recordings" in loud and "2 processed (" in loud  # the test can fail
    assert main(["run", str(src), "--out", str(out), "--force", "--quiet"]) == 0
    assert "piip:" not in capsys.readouterr().err
    assert main(["--quiet", "run", str(src), "--out", str(out), "--force"]) == 0
    assert "piip:" not in capsys.readouterr().err


@pytest.mark.slow
def test_single_file_real_run_quiet_prints_nothing(tmp_path):
    src, out = _tree(tmp_path)
    proc = _piip("--quiet", "run", str(src / "day1" / "b.wav"), "--out", str(out), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == "" and proc.stdout == ""
    assert _outputs(out) == ["b.json", "b.wav"]
