"""Operations: config checks before a run, `piip config`, `piip status`, `--version`, and
`piip serve` without a server."""

from __future__ import annotations

import json
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from flows.cli import main
from pipeline import preflight
from pipeline.batch.catalog import Catalog
from pipeline.batch.status import file_id
from pipeline.config import PiipConfig, load_config
from pipeline.errors import ConfigError
from tests.servers import BIN, ROOT, prefect_env, short_clips


def _yaml(folder: Path, text: str, name: str = "c.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


@pytest.mark.parametrize(("text", "key"), [
    ("asr:\n  language: finnish\n", "asr.language"),
    ("asr:\n  compute_type: int9\n", "asr.compute_type"),
    ("detect:\n  entities: [person]\n", "detect.entities"),
])
def test_config_rejects_unknown_language_compute_type_and_entity_spelling(tmp_path, text, key):
    with pytest.raises(ConfigError, match=key):
        load_config(_yaml(tmp_path, text))


def test_relative_paths_in_a_config_file_resolve_against_its_folder(tmp_path, monkeypatch):
    conf = _yaml(tmp_path / "etc" / "piip", "asr:\n  model: models/w\nretention:\n"
                 "  legal_hold_file: holds.txt\n  audit_log: /var/log/purge.jsonl\n")
    monkeypatch.chdir(tmp_path)
    cfg = load_config(Path("etc/piip/c.yaml"))
    base = tmp_path / "etc" / "piip"
    assert cfg.asr.model == str(base / "models" / "w")
    assert cfg.retention.legal_hold_file == base / "holds.txt"
    assert cfg.retention.audit_log == Path("/var/log/purge.jsonl")  # absolute: kept
    assert load_config(conf).asr.model == cfg.asr.model


def test_defaults_yaml_saved_elsewhere_loads_back_as_the_defaults(tmp_path, capsys):
    assert main(["config", "--defaults"]) == 0
    text = capsys.readouterr().out
    saved = _yaml(tmp_path / "anywhere", text, "piip.yaml")
    cfg, defaults = load_config(saved), PiipConfig()
    assert cfg.model_dump(exclude={"retention"}) == defaults.model_dump(exclude={"retention"})
    assert cfg.retention.audit_log == saved.parent / defaults.retention.audit_log
    data = yaml.safe_load(text)
    for section, model in PiipConfig.model_fields.items():
        assert set(data[section]) == set(model.annotation.model_fields), section
    assert "# a language code Whisper knows" in text and "# one of cpu | cuda | auto" in text


def test_example_config_in_the_repository_is_valid_and_passes_preflight():
    cfg = load_config(ROOT / "config.example.yaml")
    assert Path(cfg.asr.model) == ROOT / "models" / "whisper-base"
    preflight.check(cfg, load_models=False)


@pytest.mark.parametrize(("change", "key"), [
    ({"asr": {"model": "/nonexistent/whisper"}}, "asr.model: /nonexistent/whisper does not"),
    ({"asr": {"compute_type": "bfloat16"}}, "asr.compute_type: 'bfloat16' is not supported"),
    ({"detect": {"entities": ["PERSON", "PERSN"]}}, "detect.entities: unknown entity type"),
])
def test_preflight_names_the_key(change, key):
    import ctranslate2

    cfg = PiipConfig.model_validate(change)
    if "bfloat16" in str(change) and "bfloat16" in ctranslate2.get_supported_compute_types("cpu"):
        pytest.skip("this CPU supports bfloat16")
    with pytest.raises(ConfigError, match=key):
        preflight.check(cfg, load_models=False)


def test_preflight_refuses_a_directory_without_a_model(tmp_path):
    cfg = PiipConfig.model_validate({"asr": {"model": str(tmp_path)}})
    with pytest.raises(ConfigError, match="asr.model: .* has no model.bin"):
        preflight.check_asr(cfg.asr)


def test_preflight_entity_names_are_those_the_analyzer_finds():
    known = preflight.known_entities(PiipConfig().detect, load_spacy=False)
    assert {"PERSON", "FI_PERSONAL_IDENTITY_CODE", "PHONE_NUMBER", "ADDRESS"} <= known
    preflight.check_entities(PiipConfig.model_validate(
        {"detect": {"entities": ["PERSON", "PHONE_NUMBER"], "use_spacy": False}}).detect,
        load_spacy=False)


@pytest.mark.slow
def test_preflight_loads_the_real_models():
    preflight.check(PiipConfig.model_validate({"detect": {"use_spacy": False}}))


def test_bad_config_exits_2_with_one_line_naming_the_key(tmp_path, capsys):
    conf = _yaml(tmp_path, "asr:\n  model: no-such-model\n")
    assert main(["config", "--config", str(conf), "--check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("piip: error: asr.model: ")
    assert str(tmp_path / "no-such-model") in err[0]


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"piip {version('piip')}"


PRIVATE = "0401234567 Matti Meikäläinen.wav"


def _catalog(out: Path) -> Path:
    """A catalog after two runs: one file failing twice, one ok (review), one released."""
    path = out / ".piip-catalog.sqlite"
    with Catalog.open(path) as cat:
        for n, decisions in enumerate(({"failed": 1, "review": 1}, {"failed": 1, "release": 1})):
            run = cat.start_run()
            cat.mark_running(f"day1/{PRIVATE}", "ab" * 32, 10, 1.0, "whisper-base", "fp")
            cat.mark_done(f"day1/{PRIVATE}", "failed", {}, "AudioDecodeError: day1/" + PRIVATE)
            rel = ("b.wav", "c.wav")[n]
            cat.mark_running(rel, "cd" * 32, 10, 1.0, "whisper-base", "fp")
            cat.mark_done(rel, "ok", {}, decision=("review", "release")[n])
            cat.finish_run(run, {"files": 2, "skipped": n, "by_status": {"ok": 1, "failed": 1},
                                 "by_decision": decisions, "realtime_factor": 0.25})
    return path


def test_status_shows_runs_failures_and_queue_by_id_only(tmp_path, capsys):
    out = tmp_path / "out"
    path = _catalog(out)
    before = path.read_bytes()
    assert main(["status", str(out), "--json"]) == 0
    as_json = capsys.readouterr().out
    assert main(["status", str(out)]) == 0
    as_text = capsys.readouterr().out
    status = json.loads(as_json)
    assert [r["id"] for r in status["runs"]] == [2, 1]
    assert status["runs"][0]["by_decision"] == {"failed": 1, "release": 1}
    assert status["runs"][0]["failed"] == 1 and status["runs"][0]["duration_seconds"] >= 0
    failing = status["failing"]
    assert [(f["id"], f["attempts"], f["error"]) for f in failing] == [
        (file_id(f"day1/{PRIVATE}"), 2, "AudioDecodeError")]
    assert status["review_queue"] == 1 and status["quarantined"] == []
    for shown in (as_json, as_text):
        assert "0401234567" not in shown and "Matti" not in shown and "day1" not in shown
    assert file_id(f"day1/{PRIVATE}") in as_text and "review queue: 1" in as_text
    wal = path.with_name(path.name + "-wal")
    assert path.read_bytes() == before and (not wal.exists() or wal.stat().st_size == 0)


def test_status_lists_a_file_failed_max_attempts_times_as_quarantined(tmp_path, capsys):
    out = tmp_path / "out"
    _catalog(out)
    conf = _yaml(tmp_path, "run:\n  max_attempts: 2\n")
    assert main(["status", str(out), "--json", "--config", str(conf)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["failing"] == [] and [q["id"] for q in status["quarantined"]] == [
        file_id(f"day1/{PRIVATE}")]


def test_status_without_a_catalog_exits_2(tmp_path, capsys):
    assert main(["status", str(tmp_path)]) == 2
    assert "no catalog at" in capsys.readouterr().err


def test_serve_without_a_prefect_server_refuses_at_once(tmp_path):
    src = tmp_path / "in"
    short_clips(src, seconds=1.0, count=1)
    done = subprocess.run([str(BIN / "piip"), "serve", str(src), "--out", str(tmp_path / "o")],
                          env=prefect_env(tmp_path / "home"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "piip: error: PREFECT_API_URL is not set: start a server (`prefect server start`) "
        "and export PREFECT_API_URL=http://127.0.0.1:4200/api"]
