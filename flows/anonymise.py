"""The Prefect flow that anonymises a folder of recordings. It only wires pipeline functions.

Each file is one task; a failed file is isolated (its report says why, it publishes no audio)
and the flow's final state says how many failed. A catalog makes runs incremental and
crash-safe. Tasks return counts and hashes only, never transcript text, and nothing is
persisted or cached by Prefect.
"""

from __future__ import annotations

import errno
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Completed, Failed, State
from tqdm import tqdm

from flows.artifacts import publish_run_artifacts
from pipeline import batch
from pipeline.catalog import Catalog, sweep_partials
from pipeline.config import PiipConfig, load_config
from pipeline.detect import build_analyzer
from pipeline.discover import check_locations, find_audio
from pipeline.html_batch import render_batch
from pipeline.process import Outputs, process_file
from pipeline.purging import purge_locked
from pipeline.report import summary
from pipeline.transcribe import whisper_transcriber

TRANSIENT_ERRNOS = {errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.ETIMEDOUT}
CATALOG_NAME = ".piip-catalog.sqlite"


@lru_cache(maxsize=1)
def _models(cfg: PiipConfig) -> tuple[Any, Any]:
    """Load Whisper and the analyzer once per worker process."""
    return whisper_transcriber(cfg.asr), build_analyzer(cfg.detect)


def _transient(task: Any, task_run: Any, state: State) -> bool:
    """Retry only errors that may pass: busy or interrupted I/O."""
    try:
        state.result()
    except OSError as exc:
        return exc.errno in TRANSIENT_ERRNOS
    except Exception:  # noqa: BLE001
        return False
    return False


@task(name="anonymise-file", persist_result=False, cache_policy=NO_CACHE, retries=2,
      retry_delay_seconds=2, retry_condition_fn=_transient)
def anonymise_file(source: str, input_dir: str, out_dir: str, config: dict) -> dict:
    """Anonymise one file; return a summary with no personal data."""
    cfg = PiipConfig.model_validate(config)
    transcriber, analyzer = _models(cfg)
    src = Path(source)
    outputs = Outputs.for_source(src, Path(input_dir), Path(out_dir))
    return summary(process_file(src, outputs, cfg, transcriber, analyzer))


def _run_files(cat: Catalog, todo: list[Path], src: Path, dst: Path, cfg: PiipConfig,
               progress: bool) -> list[dict]:
    """Submit one task per file, keep the catalog current, return the summaries."""
    config = cfg.model_dump(mode="json")
    pending: dict[Any, tuple[str, dict[str, str]]] = {}
    results: list[dict] = []
    for path in todo:
        rel, outputs = path.relative_to(src).as_posix(), batch.rel_outputs(path, src, dst)
        try:
            cat.mark_running(rel, *batch.fingerprint_of(path), cfg.asr.name, cfg.fingerprint(),
                             outputs=outputs)
        except OSError as exc:  # vanished or unreadable since discovery
            results.append(batch.failed_summary(type(exc).__name__))
            continue
        pending[anonymise_file.submit(str(path), str(src), str(dst), config)] = rel, outputs
    with tqdm(total=len(todo), unit="file", file=sys.stderr, disable=not progress) as bar:
        bar.update(len(results))
        for fut in as_completed(list(pending)):
            rel, outputs = pending[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a crashed task is a failed file
                result = batch.failed_summary(type(exc).__name__)
            cat.mark_done(rel, result["status"], outputs if result["status"] != "failed" else {},
                          result["error_kind"])
            results.append(result)
            bar.update(1)
    return results


@flow(name="piip-anonymise", persist_result=False, log_prints=False)
def anonymise(input_dir: str, out_dir: str, config_path: str | None = None,
              catalog: str | None = None, force: bool = False, wait: bool = False,
              workers: int = 1, progress: bool = False) -> State:
    """Anonymise every new or changed recording under ``input_dir`` into ``out_dir``."""
    logger = get_run_logger()
    began = time.monotonic()
    cfg = batch.for_workers(load_config(config_path), workers)
    src, dst = check_locations(Path(input_dir), Path(out_dir))
    sources = find_audio(src, cfg.run.extensions)
    dst.mkdir(parents=True, exist_ok=True)
    with Catalog.open(catalog or dst / CATALOG_NAME) as cat, cat.lock_run(wait=wait):
        swept, fixed = sweep_partials(dst), cat.reconcile(dst)
        todo = batch.plan(cat, sources, src, cfg, force)
        logger.info("piip: %d recordings, %d to process, %d skipped, %d partial files swept, "
                    "%d outputs reconciled", len(sources), len(todo), len(sources) - len(todo),
                    swept, fixed.reset + fixed.removed_audio)
        run_id = cat.start_run()
        results = _run_files(cat, todo, src, dst, cfg, progress)
        totals = batch.totals(results, time.monotonic() - began, skipped=len(sources) - len(todo))
        if cfg.retention.enabled and cfg.retention.after_run:
            totals["purge"] = purge_locked(cat, src, cfg, dst, dry_run=False).summary()
        cat.finish_run(run_id, totals)
    index = render_batch(dst, title=f"Piip run: {src.name}")
    logger.info("piip run: %s", totals)
    publish_run_artifacts(totals, index)
    failed = totals["by_status"].get("failed", 0)
    if failed:
        return Failed(message=f"{failed} of {len(results)} files failed", data=totals)
    return Completed(message=f"{len(results)} processed, {totals['skipped']} unchanged",
                     data=totals)
