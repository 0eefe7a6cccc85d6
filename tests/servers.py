"""Real servers for the deployment and scale-out tests: start, wait until ready, tear down.

Every process is started in its own process group and killed with it, so nothing outlives
the test that started it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUIET_PREFECT = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                 "PREFECT_SERVER_UI_ENABLED": "false",
                 # a temporary server can take more than the default 20 s on a busy machine
                 "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
FAST_CONFIG = "detect:\n  use_spacy: false\n"  # Voikko recognizers only: faster start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    """Start ``cmd`` in a new process group, stdout and stderr to ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop ``proc`` and its process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_for(check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen,
             log: Path) -> None:
    """Poll ``check`` until true; fail with the log's tail if ``proc`` dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what}: process exited {proc.returncode}\n{tail(log)}")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{what}: not ready after {timeout:.0f} s\n{tail(log)}")


def tail(log: Path, chars: int = 3000) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else "(no log)"


def short_clips(folder: Path, seconds: float = 4.0, offset: float = 1.0, count: int = 3
                ) -> list[Path]:
    """Cut ``seconds`` of speech from ``count`` sample calls (mono 16k, mono 8k, stereo 16k)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sorted((ROOT / "sample_audio").glob("call_0*.wav"))[:count]:
        data, rate = sf.read(str(src), always_2d=True)
        clip = data[int(offset * rate):int((offset + seconds) * rate)]
        out.append(folder / src.name)
        sf.write(str(out[-1]), clip, rate, subtype="PCM_16")
    return out


def prefect_env(home: Path, api_url: str | None = None) -> dict[str, str]:
    """Return an environment with its own PREFECT_HOME (and API URL, when given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(QUIET_PREFECT, PREFECT_HOME=str(home))
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env
