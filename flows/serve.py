"""The nightly deployment: a flow that honours ``workers``, served to a Prefect server.

``nightly`` runs :func:`flows.anonymise.anonymise` as a subflow with a bounded task runner
(:func:`flows.runners.task_runner`): one file at a time in-process for one worker, a local Dask
cluster of ``workers`` single-threaded processes, or an existing Dask scheduler. It is the
entrypoint of ``prefect.yaml`` and what ``piip serve`` serves, so both run the same way.

``piip serve`` needs a Prefect server (``prefect server start``, then ``PREFECT_API_URL``);
without one it refuses at once instead of idling.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from prefect import flow
from prefect.schedules import Cron
from prefect.states import State

from pipeline.config import load_config
from pipeline.errors import ConfigError

DEPLOYMENT = "piip-nightly"
FLOW_NAME = "piip-nightly"
HEALTH_TIMEOUT_S = 5.0


@flow(name=FLOW_NAME, persist_result=False, log_prints=False)
def nightly(input_dir: str, out_dir: str, config_path: str | None = None,
            catalog: str | None = None, workers: int = 1,
            dask_address: str | None = None) -> State:
    """Anonymise ``input_dir`` into ``out_dir`` with at most ``workers`` files at a time.

    The configuration is checked first (:func:`pipeline.preflight.check`; the models are
    loaded here only when they will be used here, with one worker), so a bad config fails
    the run at once with one line naming the key.
    """
    from flows.anonymise import anonymise  # imported here: `piip serve` refuses fast
    from flows.runners import task_runner
    from pipeline import preflight

    in_process = workers <= 1 and not dask_address
    preflight.check(load_config(config_path), load_models=in_process)
    run = anonymise.with_options(task_runner=task_runner(workers, dask_address))
    return run(input_dir, out_dir, config_path=config_path, catalog=catalog, workers=workers,
               return_state=True)


def require_server() -> str:
    """Return the configured Prefect API URL, after checking that a server answers there.

    Raises:
        ConfigError: when ``PREFECT_API_URL`` is not set (env or Prefect profile) or no
            server answers at it.

    """
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise ConfigError("PREFECT_API_URL is not set: start a server (`prefect server start`) "
                          "and export PREFECT_API_URL=http://127.0.0.1:4200/api")
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=HEALTH_TIMEOUT_S).raise_for_status()
    except httpx.HTTPError as exc:
        raise ConfigError(f"PREFECT_API_URL: no Prefect server answers at {url} "
                          f"({type(exc).__name__})") from exc
    return url


def parameters(input_dir: Path, out_dir: Path, config: Path | None, catalog: Path | None,
               workers: int, dask_address: str | None) -> dict:
    """Return the deployment's parameters, with absolute paths."""
    return {"input_dir": str(input_dir.resolve()), "out_dir": str(out_dir.resolve()),
            "config_path": str(config.resolve()) if config else None,
            "catalog": str(catalog.resolve()) if catalog else None, "workers": workers,
            "dask_address": dask_address}


def serve(input_dir: Path, out_dir: Path, config: Path | None, catalog: Path | None,
          workers: int, dask_address: str | None, cron: str, timezone: str) -> None:
    """Serve the nightly flow on ``cron`` (in ``timezone``) with these parameters.

    Raises:
        ConfigError: when no Prefect server is configured or reachable.

    """
    from pipeline import preflight

    require_server()
    preflight.check(load_config(config), load_models=False)
    params = parameters(input_dir, out_dir, config, catalog, workers, dask_address)
    nightly.serve(name=DEPLOYMENT, schedules=[Cron(cron, timezone=timezone)], parameters=params,
                  description="Nightly anonymisation of the day's call recordings")
