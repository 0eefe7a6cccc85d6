"""The Prefect flow with fake models: isolation of bad files, incremental runs, crash recovery,
concurrent runs and a full disk. Every check looks at the files on disk."""

import errno
import json

import pytest
import soundfile as sf

import flows.anonymise as fa
from pipeline.batch.catalog import Catalog
from tests.conftest import write_audio

pytestmark = pytest.mark.usefixtures("flow_fakes")


def _tree(tmp_path):
    src = tmp_path / "in"
    (src / "day1").mkdir(parents=True)
    write_audio(src / "day1" / "a.wav", seconds=2.0)
    write_audio(src / "b.flac", seconds=2.0, rate=8000, channels=2)
    return src, tmp_path / "out"


def _says(message, processed, unchanged):
    """The run's outcome line: files processed (per decision), files unchanged."""
    return (message.startswith(f"{processed} processed (")
            and message.endswith(f", {unchanged} unchanged"))


def _run(src, out, **kw):
    return fa.anonymise(str(src), str(out), return_state=True, **kw)


def test_bad_files_are_isolated_and_publish_no_audio(tmp_path):
    src, out = _tree(tmp_path)
    (src / "empty.wav").write_bytes(b"")
    (src / "text.mp3").write_bytes(b"this is not audio" * 20)
    good = (src / "b.flac").read_bytes()
    (src / "cut.flac").write_bytes(good[:40])
    state = _run(src, out)
    assert state.is_failed() and state.message.startswith("3 of 5 files failed; ")
    for name in ("empty", "text", "cut"):
        assert not (out / f"{name}.wav").exists()
        assert json.loads((out / f"{name}.json").read_text())["status"] == "failed"
    for wav in (out / "day1" / "a.wav", out / "b.wav"):
        assert sf.info(str(wav)).frames > 0
    assert (src / "b.flac").read_bytes() == good  # sources untouched
    assert not list(out.rglob(".*.partial"))


def test_rerun_skips_done_redoes_changed_and_force_redoes_all(tmp_path):
    src, out = _tree(tmp_path)
    assert _run(src, out).is_completed()
    first = (out / "b.json").stat().st_mtime_ns
    state = _run(src, out)
    assert _says(state.message, 0, 2)
    assert (out / "b.json").stat().st_mtime_ns == first
    write_audio(src / "b.flac", seconds=3.0, rate=8000, channels=2)  # content changed
    assert _says(_run(src, out).message, 1, 1)
    assert json.loads((out / "b.json").read_text())["duration"] == 3.0
    assert _says(_run(src, out, force=True).message, 2, 0)


def test_crash_mid_run_is_finished_by_the_next_run(tmp_path):
    src, out = _tree(tmp_path)
    assert _run(src, out).is_completed()
    # simulate kill -9 while b.flac was being written: left running, a partial file, no report
    with Catalog.open(out / fa.CATALOG_NAME) as cat:
        entry = cat.get("b.flac")
        cat.mark_running("b.flac", entry.sha256, entry.size, entry.mtime, entry.model,
                         entry.config_fingerprint)
    (out / "b.json").unlink()
    (out / ".b.wav.partial").write_bytes(b"half-written unredacted audio")
    state = _run(src, out)
    assert _says(state.message, 1, 1)
    assert not (out / ".b.wav.partial").exists()
    assert json.loads((out / "b.json").read_text())["status"] == "ok"


def test_concurrent_run_is_refused_without_touching_anything(tmp_path):
    src, out = _tree(tmp_path)
    out.mkdir()
    with Catalog.open(out / fa.CATALOG_NAME) as cat, cat.lock_run():
        state = _run(src, out)
    assert state.is_failed()
    assert "in use by another run" in str(state.result(raise_on_failure=False))
    assert not list(out.glob("*.wav"))


def test_full_disk_fails_the_file_and_leaves_no_audio(tmp_path, monkeypatch):
    src, out = _tree(tmp_path)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sf, "write", full)
    state = _run(src, out)
    assert state.is_failed() and state.message.startswith("2 of 2 files failed; ")
    assert not list(out.rglob("*.wav")) and not list(out.rglob(".*.partial"))
    with Catalog.open(out / fa.CATALOG_NAME) as cat:
        assert cat.counts() == {"failed": 2}


def test_file_vanishing_mid_run(tmp_path, monkeypatch):
    src, out = _tree(tmp_path)
    real = fa.process_file

    def vanish_then_process(source, *a, **k):
        if source.name == "a.wav":
            source.unlink()
        return real(source, *a, **k)

    monkeypatch.setattr(fa, "process_file", vanish_then_process)
    state = _run(src, out)
    assert state.message.startswith("1 of 2 files failed; ")
    assert not (out / "day1" / "a.wav").exists() and (out / "b.wav").exists()


def test_runs_on_an_existing_dask_cluster(tmp_path):
    from distributed import LocalCluster

    from flows.runners import task_runner

    src, out = _tree(tmp_path)
    # in-process workers so the fake models apply; the flow connects by scheduler address
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        flow = fa.anonymise.with_options(task_runner=task_runner(2, cluster.scheduler_address))
        state = flow(str(src), str(out), workers=2, return_state=True)
    assert state.is_completed(), state.message
    assert sf.info(str(out / "b.wav")).channels == 2
    assert json.loads((out / "day1" / "a.json").read_text())["status"] == "ok"


def test_run_writes_report_pages_and_index(tmp_path):
    src, out = _tree(tmp_path)
    (src / "bad.wav").write_bytes(b"nope" * 30)
    _run(src, out)
    index = (out / "index.html").read_text()
    assert "day1/a.html" in index and "bad.html" in index
    page = (out / "b.html").read_text()
    assert 'src="b.wav"' in page and "PERSON" in page
    assert "<audio" not in (out / "bad.html").read_text()
