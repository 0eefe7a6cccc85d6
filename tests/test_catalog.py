"""Catalog: incremental planning, crash recovery, the run lock, partial sweeps, reconcile."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline.batch.catalog import (
    Catalog,
    CatalogError,
    CatalogLockedError,
)
from pipeline.errors import PiipError
from pipeline.files import sweep_partials

ROOT = Path(__file__).resolve().parent.parent
MODEL, FP = "whisper-base", "cfg0001"


class Hasher:
    """sha256 of canned contents, counting calls (hashing must stay rare)."""

    def __init__(self, contents: dict[str, bytes]) -> None:
        self.contents = contents
        self.calls: list[str] = []

    def __call__(self, rel: str) -> str:
        self.calls.append(rel)
        return hashlib.sha256(self.contents[rel]).hexdigest()


def _done(cat: Catalog, rel: str, content: bytes, size: int = 10, mtime: float = 100.0,
          model: str = MODEL, fp: str = FP, status: str = "ok") -> None:
    cat.mark_running(rel, hashlib.sha256(content).hexdigest(), size, mtime, model, fp)
    cat.mark_done(rel, status, {"audio": f"{rel}.wav", "report": f"{rel}.json"})


@pytest.fixture
def cat(tmp_path: Path):
    with Catalog.open(tmp_path / "state" / "catalog.sqlite") as c:
        yield c


def test_plan_new_unchanged_and_changed(cat: Catalog) -> None:
    _done(cat, "same.wav", b"a")
    _done(cat, "touched.wav", b"b")
    _done(cat, "edited.wav", b"c")
    hasher = Hasher({"touched.wav": b"b", "edited.wav": b"c-edited"})
    sources = [("new.wav", 5, 1.0), ("same.wav", 10, 100.0),
               ("touched.wav", 10, 200.0), ("edited.wav", 11, 200.0)]
    reasons = cat.plan_reasons(sources, hasher, MODEL, FP, force=False)
    assert reasons == {"new.wav": "new", "edited.wav": "changed"}
    assert sorted(hasher.calls) == ["edited.wav", "touched.wav"]  # never "same.wav"
    # The touched-but-identical file's new mtime was recorded: no hashing next time.
    hasher.calls.clear()
    assert cat.plan(sources[:3], hasher, MODEL, FP, force=False) == ["new.wav"]
    assert hasher.calls == []


def test_plan_redoes_other_model_config_failed_running_pending(cat: Catalog) -> None:
    _done(cat, "old-model.wav", b"a", model="tiny")
    _done(cat, "old-config.wav", b"b", fp="cfg0000")
    _done(cat, "failed.wav", b"c", status="failed")
    _done(cat, "review.wav", b"d", status="review")
    cat.mark_running("running.wav", "e" * 64, 10, 100.0, MODEL, FP)
    sources = [(r, 10, 100.0) for r in
               ("old-model.wav", "old-config.wav", "failed.wav", "review.wav", "running.wav")]
    reasons = cat.plan_reasons(sources, Hasher({}), MODEL, FP, force=False)
    assert reasons == {"old-model.wav": "model", "old-config.wav": "config",
                       "failed.wav": "failed", "running.wav": "running"}


def test_force_plans_everything_without_hashing(cat: Catalog) -> None:
    _done(cat, "a.wav", b"a")
    hasher = Hasher({})
    assert cat.plan([("a.wav", 10, 100.0), ("b.wav", 1, 1.0)], hasher, MODEL, FP,
                    force=True) == ["a.wav", "b.wav"]
    assert hasher.calls == []


def test_mark_running_counts_attempts_and_mark_done_keeps_error_short(cat: Catalog) -> None:
    _done(cat, "a.wav", b"a", status="failed")
    cat.mark_running("a.wav", hashlib.sha256(b"a").hexdigest(), 10, 100.0, MODEL, FP)
    cat.mark_done("a.wav", "failed", {}, error="AudioDecodeError\n" + "x" * 500)
    entry = cat.get("a.wav")
    assert entry is not None and entry.attempts == 2 and entry.status == "failed"
    cat.mark_running("a.wav", "f" * 64, 10, 100.0, MODEL, FP)  # changed content: count anew
    assert cat.get("a.wav").attempts == 1
    cat.mark_done("a.wav", "ok", {}, decision="release")  # a success ends the failure run
    assert cat.get("a.wav").attempts == 0 and cat.get("a.wav").decision == "release"
    assert "\n" not in entry.error and len(entry.error) <= 200
    assert entry.error.startswith("AudioDecodeError")
    assert entry.finished_at is not None and entry.started_at is not None


def test_mark_done_refuses_bad_status_and_unknown_path(cat: Catalog) -> None:
    with pytest.raises(CatalogError, match="'running'"):
        cat.mark_done("a.wav", "running", {})
    with pytest.raises(CatalogError, match="never marked running"):
        cat.mark_done("nowhere.wav", "ok", {})


def test_schema_and_entries_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with Catalog.open(path) as cat:
        _done(cat, "a.wav", b"a")
        run = cat.start_run()
        cat.finish_run(run, {"ok": 1})
    with Catalog.open(path) as cat:
        entry = cat.get("a.wav")
        assert entry is not None and entry.status == "ok"
        assert entry.outputs == {"audio": "a.wav.wav", "report": "a.wav.json"}
        assert cat.start_run() == run + 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    host, pid, counts, done = db.execute(
        "SELECT host, pid, counts, finished_at FROM runs WHERE id = ?", (run,)).fetchone()
    assert host and pid > 0 and counts == '{"ok": 1}' and done
    db.close()


def test_not_a_catalog_is_a_piip_error(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(PiipError, match="catalog.sqlite"):
        Catalog.open(bad)


def test_finish_unknown_run(cat: Catalog) -> None:
    with pytest.raises(CatalogError, match="no run with id 99"):
        cat.finish_run(99, {})


def test_crash_mid_run_is_replanned_and_lock_released(tmp_path: Path) -> None:
    """A process dies holding the lock with a file 'running': the next run redoes it."""
    path = tmp_path / "catalog.sqlite"
    code = textwrap.dedent(f"""
        import os
        from pipeline.batch.catalog import Catalog
        cat = Catalog.open({str(path)!r})
        with cat.lock_run():
            cat.start_run()
            cat.mark_running("a.wav", "0" * 64, 10, 100.0, {MODEL!r}, {FP!r})
            os._exit(9)
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60)
    assert proc.returncode == 9
    with Catalog.open(path) as cat, cat.lock_run():  # the dead process's lock is gone
        assert cat.plan_reasons([("a.wav", 10, 100.0)], Hasher({}), MODEL, FP) == {
            "a.wav": "running"}


def test_second_run_gets_locked_error(cat: Catalog, tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys
        from pipeline.batch.catalog import Catalog, CatalogLockedError
        with Catalog.open({str(cat.path)!r}) as cat:
            try:
                with cat.lock_run():
                    sys.exit(0)
            except CatalogLockedError as exc:
                print(exc)
                sys.exit(3)
    """)
    with cat.lock_run():
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60,
                              capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    message = proc.stdout.strip()
    assert str(cat.path) in message and "\n" not in message
    assert "pid" in message  # names the holder
    # Released: another process can take it now.
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60)
    assert proc.returncode == 0


def test_lock_conflicts_between_threads_and_wait_mode(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    first, second = Catalog.open(path), Catalog.open(path)
    acquired, released = threading.Event(), threading.Event()

    def hold() -> None:
        with first.lock_run():
            acquired.set()
            time.sleep(0.3)
            released.set()

    try:
        with first.lock_run():
            with pytest.raises(CatalogLockedError, match="catalog.sqlite"):
                with second.lock_run():
                    pass
        holder = threading.Thread(target=hold)
        holder.start()
        assert acquired.wait(10)
        with second.lock_run(wait=True):
            assert released.is_set()  # got it only after the holder let go
        holder.join()
    finally:
        first.close()
        second.close()


def test_sweep_partials(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "2024" / "05").mkdir(parents=True)
    leftovers = [out / ".a.wav.partial", out / "2024" / "05" / ".b.json.partial"]
    keep = [out / "a.wav", out / "a.json", out / "notes.partial", out / "2024" / ".partial"]
    for p in leftovers + keep:
        p.write_bytes(b"x")
    assert sweep_partials(out) == 2
    assert not any(p.exists() for p in leftovers)
    assert all(p.exists() for p in keep)
    assert sweep_partials(out) == 0
    assert sweep_partials(tmp_path / "missing") == 0


def test_reconcile_resets_missing_outputs_and_removes_orphan_audio(cat: Catalog,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for rel in ("whole", "no-audio", "no-report", "crashed"):
        (out / f"{rel}.wav").write_bytes(b"RIFF")
        (out / f"{rel}.json").write_text("{}")
    (out / "no-audio.wav").unlink()
    (out / "no-report.json").unlink()
    (out / "crashed.json").unlink()
    for rel in ("whole", "no-audio", "no-report"):
        cat.mark_running(f"{rel}.mp3", "0" * 64, 1, 1.0, MODEL, FP)
        cat.mark_done(f"{rel}.mp3", "ok", {"audio": f"{rel}.wav", "report": f"{rel}.json"})
    cat.mark_running("crashed.mp3", "0" * 64, 1, 1.0, MODEL, FP,
                     outputs={"audio": "crashed.wav", "report": "crashed.json"})
    result = cat.reconcile(out)
    assert (result.reset, result.removed_audio) == (2, 2)
    status = {e.path: e.status for e in cat.entries()}
    assert status == {"whole.mp3": "ok", "no-audio.mp3": "pending",
                      "no-report.mp3": "pending", "crashed.mp3": "running"}
    assert (out / "whole.wav").exists()
    assert not (out / "no-report.wav").exists() and not (out / "crashed.wav").exists()
    assert cat.plan([("no-audio.mp3", 1, 1.0), ("whole.mp3", 1, 1.0)], Hasher({}), MODEL,
                    FP) == ["no-audio.mp3"]


def test_reconcile_never_deletes_outside_out_dir(cat: Catalog, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.wav"
    out.mkdir()
    elsewhere.write_bytes(b"RIFF")
    cat.mark_running("x.mp3", "0" * 64, 1, 1.0, MODEL, FP)
    cat.mark_done("x.mp3", "ok", {"audio": "../elsewhere.wav", "report": "x.json"})
    assert cat.reconcile(out).removed_audio == 0
    assert elsewhere.exists()
    entry = cat.get("x.mp3")
    assert entry is not None and entry.status == "pending"


def test_forget_and_counts(cat: Catalog) -> None:
    _done(cat, "a.wav", b"a")
    _done(cat, "b.wav", b"b", status="review")
    assert cat.counts() == {"ok": 1, "review": 1}
    assert cat.forget(["a.wav", "zzz.wav"]) == 1
    assert [e.path for e in cat.entries()] == ["b.wav"]
