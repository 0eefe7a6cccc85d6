"""Scale-out on a real Dask cluster: a scheduler and two single-threaded workers on localhost
run a batch through `piip run --dask-address`; the outputs equal a single-process run's."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.servers import (
    BIN,
    FAST_CONFIG,
    ROOT,
    free_port,
    prefect_env,
    short_clips,
    start,
    stop,
    wait_for,
)

pytestmark = pytest.mark.slow
CONFIG = FAST_CONFIG + "asr:\n  cpu_threads: 1\n"  # same threads in both runs


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """`dask scheduler` and two `dask worker --nthreads 1` processes; all killed afterwards."""
    from distributed import Client

    logs, port = tmp_path_factory.mktemp("dask"), free_port()
    address, env = f"tcp://127.0.0.1:{port}", prefect_env(logs / "prefect-home")
    env["PYTHONPATH"] = str(ROOT)  # this module, for client.run(_models_loaded)
    procs = [start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                    "--no-dashboard"], env, logs / "scheduler.log")]
    try:
        wait_for(lambda: _listening(port), 60, "dask scheduler", procs[0], logs / "scheduler.log")
        for i in range(2):
            procs.append(start([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                "--nworkers", "1", "--no-dashboard", "--memory-limit", "0",
                                "--name", f"piip-{i}"], env, logs / f"worker{i}.log"))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            yield address, client
    finally:
        for proc in reversed(procs):
            stop(proc)


def _piip_run(src, out, cfg, env, *extra) -> subprocess.CompletedProcess:
    cmd = [str(BIN / "piip"), "run", str(src), "--out", str(out), "--config", str(cfg),
           "--no-progress", *extra]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def _report(path, out) -> dict:
    data = json.loads(path.read_text())
    data["stats"].pop("wall_seconds", None)
    data["output"] = data["output"].replace(str(out), "OUT")
    return data


def _models_loaded() -> int:
    """On a worker: how many Whisper models this process has loaded."""
    module = sys.modules.get("pipeline.asr.whisper")
    return module.load_model.cache_info().currsize if module else 0


def test_dask_cluster_run_equals_single_process_run(dask_cluster, tmp_path):
    address, client = dask_cluster
    src, cfg = tmp_path / "in", tmp_path / "piip.yaml"
    clips = short_clips(src, seconds=3.0)
    cfg.write_text(CONFIG)
    env = prefect_env(tmp_path / "prefect-home")
    single = _piip_run(src, tmp_path / "single", cfg, env, "--workers", "1")
    assert single.returncode == 0, single.stderr[-3000:]
    spread = _piip_run(src, tmp_path / "dask", cfg, env, "--dask-address", address)
    assert spread.returncode == 0, spread.stderr[-3000:]
    assert sum(client.run(_models_loaded).values()) >= 1  # the files ran on the workers
    for clip in clips:
        a, b = tmp_path / "single" / clip.name, tmp_path / "dask" / clip.name
        assert a.read_bytes() == b.read_bytes(), clip.name
        ra, rb = (_report(x.with_suffix(".json"), x.parent) for x in (a, b))
        assert ra["status"] == "ok" and ra == rb, clip.name
