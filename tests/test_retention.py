"""Retention: age cut-off, legal holds, dry runs, the audit log, opt-in."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.batch.retention import (
    AUDIO_EXTENSIONS,
    RETENTION_PERIODS_DAYS,
    RetentionPolicy,
    on_hold,
    output_paths,
    plan_purge,
    purge,
    read_legal_holds,
)
from pipeline.config import RunConfig
from pipeline.errors import ConfigError, InputError

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
SECRET = b"RIFF henkilotunnus 131052-308T"


def _recording(root: Path, rel: str, age_days: float, content: bytes = SECRET) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content + rel.encode())
    stamp = (NOW - timedelta(days=age_days)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def _policy(tmp_path: Path, **kw) -> RetentionPolicy:
    args = {"enabled": True, "max_age_days": 31, "legal_hold_file": None,
            "audit_log": tmp_path / "audit" / "purge.jsonl"} | kw
    return RetentionPolicy(**args)


@pytest.fixture
def calls(tmp_path: Path) -> Path:
    root = tmp_path / "calls"
    _recording(root, "2025/01/old.wav", 40)
    _recording(root, "2025/01/old.mp3", 200)
    _recording(root, "2025/05/new.wav", 30.9)
    _recording(root, "2025/05/notes.txt", 400)  # not audio
    _recording(root, ".hidden/old.wav", 400)  # as discover.find_audio: hidden is not a source
    return root


def _rels(paths: list[Path], root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in paths)


def test_periods_from_the_notices() -> None:
    assert RETENTION_PERIODS_DAYS == (31, 61, 183, 548)
    assert AUDIO_EXTENSIONS == RunConfig().extensions


def test_plan_takes_only_old_audio(calls: Path, tmp_path: Path) -> None:
    plan = plan_purge(calls, _policy(tmp_path), NOW)
    assert _rels(plan, calls) == ["2025/01/old.mp3", "2025/01/old.wav"]
    plan = plan_purge(calls, _policy(tmp_path, max_age_days=183), NOW)
    assert _rels(plan, calls) == ["2025/01/old.mp3"]


def test_symlinks_are_not_purged(calls: Path, tmp_path: Path) -> None:
    link = calls / "link.wav"
    link.symlink_to(calls / "2025/01/old.wav")
    stamp = (NOW - timedelta(days=400)).timestamp()
    os.utime(link, (stamp, stamp), follow_symlinks=False)
    assert "link.wav" not in _rels(plan_purge(calls, _policy(tmp_path), NOW), calls)


def test_legal_hold_exact_glob_and_folder(calls: Path, tmp_path: Path) -> None:
    _recording(calls, "complaints/2024/x.wav", 400)
    _recording(calls, "2024/12/kept-1.flac", 400)
    _recording(calls, "2024/12/gone.ogg", 400)
    holds = tmp_path / "holds.txt"
    holds.write_text("# criminal investigation 2025-17\n./2025/01/old.wav\n\n"
                     "  2024/*/kept-*.flac  \ncomplaints/\n", encoding="utf-8")
    plan = plan_purge(calls, _policy(tmp_path, legal_hold_file=holds), NOW)
    assert _rels(plan, calls) == ["2024/12/gone.ogg", "2025/01/old.mp3"]


@pytest.mark.parametrize(("rel", "holds", "held"), [
    ("a/b.wav", ("a/b.wav",), True),
    ("a/b.wav", ("a",), True),
    ("a/b.wav", ("a/*.wav",), True),
    ("a/b.wav", ("*.mp3",), False),
    ("a/b.wav", ("b.wav",), False),  # relative to the input root, not a basename
    ("a/b.wav", ("A/B.WAV",), False),
    ("ab.wav", ("a",), False),
])
def test_on_hold(rel: str, holds: tuple[str, ...], held: bool) -> None:
    assert on_hold(rel, holds) is held


def test_unreadable_hold_file_fails_closed(calls: Path, tmp_path: Path) -> None:
    policy = _policy(tmp_path, legal_hold_file=tmp_path / "missing.txt")
    with pytest.raises(ConfigError, match="missing.txt"):
        purge(calls, policy, NOW)
    assert (calls / "2025/01/old.wav").exists()
    assert read_legal_holds(None) == ()


def test_dry_run_deletes_and_writes_nothing(calls: Path, tmp_path: Path) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    policy = _policy(tmp_path, delete_outputs=True)
    result = purge(calls, policy, NOW, dry_run=True, out_dir=tmp_path / "out")
    assert result.dry_run and _rels(list(result.planned), calls) == [
        "2025/01/old.mp3", "2025/01/old.wav"]
    assert result.deleted == () and "would be deleted" in result.message
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not policy.audit_log.exists()


def test_purge_deletes_and_audits_without_content(calls: Path, tmp_path: Path) -> None:
    old = calls / "2025/01/old.wav"
    digest, size = hashlib.sha256(old.read_bytes()).hexdigest(), old.stat().st_size
    policy = _policy(tmp_path)
    policy.audit_log.parent.mkdir()
    policy.audit_log.write_text('{"earlier": "line"}\n')
    result = purge(calls, policy, NOW)
    assert _rels(list(result.deleted), calls) == ["2025/01/old.mp3", "2025/01/old.wav"]
    assert not old.exists() and (calls / "2025/05/new.wav").exists()
    assert result.summary() == {"enabled": True, "dry_run": False, "planned": 2, "deleted": 2,
                                "outputs_deleted": 0, "failed": 0}
    raw = policy.audit_log.read_bytes()
    assert b"131052" not in raw and b"RIFF" not in raw
    lines = [json.loads(line) for line in raw.decode().splitlines()]
    assert lines[0] == {"earlier": "line"}  # appended, not rewritten
    entry = next(e for e in lines[1:] if e["path"] == "2025/01/old.wav")
    assert (entry["sha256"], entry["size"], entry["kind"]) == (digest, size, "source")
    assert entry["reason"] == "retention: older than 31 days" and entry["time"]
    # A second purge finds nothing and adds no line.
    assert purge(calls, policy, NOW).deleted == ()
    assert len(policy.audit_log.read_text().splitlines()) == 3


def test_file_replaced_since_planning_is_kept(calls: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    young = calls / "2025/05/new.wav"
    monkeypatch.setattr("pipeline.batch.retention.plan_purge", lambda *a: [young])
    assert purge(calls, _policy(tmp_path), NOW).deleted == ()
    assert young.exists()


def test_each_audit_line_is_fsynced(calls: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    purge(calls, _policy(tmp_path), NOW)
    assert len(synced) == 2


def test_outputs_deleted_only_when_asked(calls: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    audio, report = output_paths("2025/01/old.wav", out)
    for p in (audio, report, *output_paths("2025/05/new.wav", out)):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"anonymised")
    purge(calls, _policy(tmp_path), NOW, out_dir=out)
    assert audio.exists() and report.exists()
    _recording(calls, "2025/01/old.wav", 40)
    policy = _policy(tmp_path, delete_outputs=True)
    result = purge(calls, policy, NOW, out_dir=out)
    assert set(result.outputs_deleted) == {audio, report}
    assert not audio.exists() and not report.exists()
    assert all(p.exists() for p in output_paths("2025/05/new.wav", out))
    assert policy.audit_log.stat().st_mode & 0o777 == 0o600  # created by purge: owner only
    kinds = [json.loads(x)["kind"] for x in policy.audit_log.read_text().splitlines()]
    assert kinds.count("output") == 2
    with pytest.raises(ConfigError, match="output directory"):
        purge(calls, policy, NOW)


def test_output_paths_match_process_outputs(tmp_path: Path) -> None:
    from pipeline.process import Outputs

    src, out = tmp_path / "in", tmp_path / "out"
    expected = Outputs.for_source(src / "2025" / "a.b.mp3", src, out)
    assert output_paths("2025/a.b.mp3", out) == (expected.audio, expected.report)


def test_disabled_policy_does_nothing(calls: Path, tmp_path: Path) -> None:
    policy = _policy(tmp_path, enabled=False, delete_outputs=True)
    before = sorted(p for p in tmp_path.rglob("*"))
    result = purge(calls, policy, NOW)
    assert not result.enabled and result.planned == () and result.deleted == ()
    assert "disabled" in result.message
    assert plan_purge(calls, policy, NOW) == []
    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("days", [0, -5, 1.5, True, "31"])
def test_bad_max_age_is_a_config_error(tmp_path: Path, days: object) -> None:
    with pytest.raises(ConfigError, match="max_age_days"):
        _policy(tmp_path, max_age_days=days)


def test_missing_input_dir(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere"):
        plan_purge(tmp_path / "nowhere", _policy(tmp_path), NOW)


@pytest.mark.parametrize("quiet", [False, True])
def test_purge_summary_line_is_left_out_with_quiet(calls: Path, tmp_path: Path, capsys,
                                                    quiet: bool) -> None:
    from pipeline.batch.purging import run_purge
    from pipeline.config import PiipConfig

    cfg = PiipConfig.model_validate({"retention": {
        "enabled": True, "audit_log": str(tmp_path / "audit.jsonl")}})
    assert run_purge(calls, cfg, None, None, dry_run=True, quiet=quiet) == 0
    err = capsys.readouterr().err
    assert (err == "") is quiet, err
