"""Choose where the per-file tasks run: threads in this process, or Dask worker processes."""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ThreadPoolTaskRunner


def task_runner(workers: int, dask_address: str | None = None) -> Any:
    """Return a task runner for ``workers`` local processes or an existing Dask scheduler.

    One worker runs in this process (models load once). More than one starts a local Dask
    cluster of single-threaded worker processes, each loading the models once; a
    ``dask_address`` (``tcp://host:8786``) sends the tasks to an existing cluster instead.
    """
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})
