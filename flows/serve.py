"""``piip serve``: the nightly deployment, served from this machine to a Prefect server.

Start a server first (``prefect server start``) and point ``PREFECT_API_URL`` at it; this
process then polls for scheduled runs and executes them until stopped. ``prefect.yaml``
declares the same deployment for a work pool.
"""

from __future__ import annotations

from pathlib import Path

from prefect.schedules import Cron

from flows.anonymise import anonymise
from flows.runners import task_runner

DEPLOYMENT = "piip-nightly"


def serve(input_dir: Path, out_dir: Path, config: Path | None, catalog: Path | None,
          workers: int, dask_address: str | None, cron: str, timezone: str) -> None:
    """Serve the anonymisation flow on ``cron`` (in ``timezone``) with these parameters."""
    params = {"input_dir": str(input_dir.resolve()), "out_dir": str(out_dir.resolve()),
              "config_path": str(config.resolve()) if config else None,
              "catalog": str(catalog.resolve()) if catalog else None, "workers": workers}
    flow = anonymise.with_options(task_runner=task_runner(workers, dask_address))
    flow.serve(name=DEPLOYMENT, schedules=[Cron(cron, timezone=timezone)], parameters=params,
               description="Nightly anonymisation of the day's call recordings")
