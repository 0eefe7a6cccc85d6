"""The nightly deployment against a real Prefect server: `piip serve` registers it, a run is
triggered through the REST API, and it completes with the outputs on disk."""

from __future__ import annotations

import time

import httpx
import pytest
import soundfile as sf

from tests.servers import (
    BIN,
    FAST_CONFIG,
    free_port,
    prefect_env,
    short_clips,
    start,
    stop,
    tail,
    wait_for,
)

pytestmark = pytest.mark.slow
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free port, with its own PREFECT_HOME."""
    home = tmp_path_factory.mktemp("prefect-home")
    api, log = f"http://127.0.0.1:{free_port()}/api", home / "server.log"
    port = api.split(":")[-1].split("/")[0]
    proc = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", port],
                 prefect_env(home), log)
    try:
        wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 150,
                 "prefect server", proc, log)
        yield api, home
    finally:
        stop(proc)


def _deployment(api: str) -> dict | None:
    r = httpx.get(f"{api}/deployments/name/piip-nightly/piip-nightly", timeout=5)
    return r.json() if r.status_code == 200 else None


def _final_state(api: str, run_id: str, serve, log, timeout: float = 180.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serve.poll() is None, f"piip serve exited {serve.returncode}\n{tail(log)}"
        state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]["type"]
        if state in TERMINAL:
            return state
        time.sleep(1.0)
    raise AssertionError(f"flow run {run_id} not finished after {timeout:.0f} s\n{tail(log)}")


def test_served_deployment_runs_when_triggered_through_the_api(prefect_server, tmp_path):
    api, home = prefect_server
    src, out, cfg, log = tmp_path / "in", tmp_path / "out", tmp_path / "piip.yaml", tmp_path / "s"
    clip = short_clips(src, count=1)[0]
    cfg.write_text(FAST_CONFIG)
    serve = start([str(BIN / "piip"), "serve", str(src), "--out", str(out), "--config", str(cfg),
                   "--cron", "0 3 * * *"], prefect_env(home, api), log)
    try:
        wait_for(lambda: _deployment(api) is not None, 120, "deployment", serve, log)
        dep = _deployment(api)
        run = httpx.post(f"{api}/deployments/{dep['id']}/create_flow_run", json={}, timeout=10)
        run.raise_for_status()
        state = _final_state(api, run.json()["id"], serve, log)
    finally:
        stop(serve)
    assert state == "COMPLETED", tail(log)
    assert dep["parameters"]["input_dir"] == str(src.resolve())
    assert dep["parameters"]["workers"] == 1
    assert [s["schedule"]["cron"] for s in dep["schedules"]] == ["0 3 * * *"]
    redacted = sf.info(str(out / "call_01.wav"))
    assert redacted.frames == sf.info(str(clip)).frames > 0
    assert (out / "call_01.json").is_file()


def test_serve_refuses_when_the_server_does_not_answer(tmp_path):
    """PREFECT_API_URL set, but nothing listens there: exit 2 with one line, no idling."""
    import subprocess

    src = tmp_path / "in"
    short_clips(src, seconds=1.0, count=1)
    env = prefect_env(tmp_path / "home", f"http://127.0.0.1:{free_port()}/api")
    done = subprocess.run([str(BIN / "piip"), "serve", str(src), "--out", str(tmp_path / "o")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("piip: error: PREFECT_API_URL: no ")
