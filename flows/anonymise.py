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
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Completed, Failed, State
from tqdm import tqdm

from flows.artifacts import outcome_line, publish_run_artifacts
from pipeline.asr.whisper import whisper_transcriber
from pipeline.batch import selection as batch
from pipeline.batch.catalog import CATALOG_NAME, Catalog
from pipeline.batch.discover import check_outside_input, resolve_input
from pipeline.batch.purging import purge_locked
from pipeline.config import AsrConfig, DetectConfig, PiipConfig, load_config
from pipeline.detect.analyzer import build_analyzer
from pipeline.files import sweep_partials
from pipeline.process import Outputs, process_file
from pipeline.report.batch_page import render_batch
from pipeline.report.summary import summary
from pipeline.review.rerun import states_for_run

TRANSIENT_ERRNOS = {errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.ETIMEDOUT}


def _models(cfg: PiipConfig) -> tuple[Any, Any]:
    """Load Whisper and the analyzer once per worker process."""
    return _load_models(cfg.asr, cfg.detect)


@lru_cache(maxsize=1)
def _load_models(asr: AsrConfig, detect: DetectConfig) -> tuple[Any, Any]:
    return whisper_transcriber(asr), build_analyzer(detect)


def _transient(task: Any, task_run: Any, state: State) -> bool:
    """Retry only errors that may pass: busy or interrupted I/O."""
    try:
        state.result()
    except OSError as exc:
        return exc.errno in TRANSIENT_ERRNOS
    except Exception:  # noqa: BLE001
        return False
    return False


@task(name="anonymise-file", task_run_name="anonymise-{file_id}", persist_result=False,
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2, retry_condition_fn=_transient)
def anonymise_file(file_id: str, source: str, input_dir: str, out_dir: str, config: dict,
                   human: dict | None = None) -> dict:
    """Anonymise one file; return a summary with no personal data.

    ``human``: reviewers' edits and decision on this call (times, channels, types, hashes).
    """
    cfg = PiipConfig.model_validate(config)
    transcriber, analyzer = _models(cfg)
    src = Path(source)
    outputs = Outputs.for_source(src, Path(input_dir), Path(out_dir))
    return summary(process_file(src, outputs, cfg, transcriber, analyzer, human))


def _run_files(cat: Catalog, todo: list[Path], bad: list[batch.BadEntry], src: Path,
               dst: Path, cfg: PiipConfig, progress: bool) -> list[dict]:
    """Submit one task per file, keep the catalog current, return the summaries.

    Entries that failed before processing, files that vanish or cannot be read now, and
    tasks that crash all get a ``failed`` report and a catalog row; the rest go on.
    """
    config = cfg.model_dump(mode="json")
    pending: dict[Any, tuple[Path, dict[str, str]]] = {}
    results = [batch.fail_entry(cat, b.path, src, dst, cfg, b.error) for b in bad]
    human = states_for_run(cat.path, (batch.rel_outputs(p, src, dst)["report"] for p in todo))
    for path in todo:
        rel, outputs = path.relative_to(src).as_posix(), batch.rel_outputs(path, src, dst)
        try:
            cat.mark_running(rel, *batch.fingerprint_of(path), cfg.asr.name, cfg.fingerprint(),
                             outputs=outputs)
        except OSError as exc:  # vanished or unreadable since discovery
            results.append(batch.fail_entry(cat, path, src, dst, cfg, exc))
            continue
        fut = anonymise_file.submit(batch.file_id(rel), str(path), str(src), str(dst), config,
                                    human.get(outputs["report"]))
        pending[fut] = path, outputs
    with tqdm(total=len(todo) + len(bad), unit="file", file=sys.stderr,
              disable=not progress) as bar:
        bar.update(len(results))
        for fut in as_completed(list(pending)):
            path, outputs = pending[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a crashed task is a failed file
                results.append(batch.fail_entry(cat, path, src, dst, cfg, exc))
                bar.update(1)
                continue
            cat.mark_done(path.relative_to(src).as_posix(), result["status"],
                          outputs if result["status"] != "failed" else {},
                          result["error_kind"], result.get("decision", ""))
            results.append(result)
            bar.update(1)
    return results


@flow(name="piip-anonymise", persist_result=False, log_prints=False)
def anonymise(input_dir: str, out_dir: str, config_path: str | None = None,
              catalog: str | None = None, force: bool = False, wait: bool = False,
              workers: int = 1, progress: bool = False, locked: bool = False,
              retry_failed: bool = False) -> State:
    """Anonymise every new or changed recording under ``input_dir`` into ``out_dir``.

    ``input_dir`` may also be one audio file: its folder is then the input, for naming and
    for the location checks, and that file is the only source.

    ``locked``: the caller (``piip run``) already holds the catalog's run lock.
    """
    logger = get_run_logger()
    began = time.monotonic()
    cfg = batch.for_workers(load_config(config_path), workers)
    found = resolve_input(Path(input_dir), Path(out_dir), cfg.run.extensions)
    src, dst, sources = found.root, found.out, list(found.sources)
    dst.mkdir(parents=True, exist_ok=True)
    cat_path = check_outside_input(Path(catalog) if catalog else dst / CATALOG_NAME, src,
                                   "catalog")
    with Catalog.open(cat_path) as cat, (nullcontext() if locked else cat.lock_run(wait=wait)):
        swept, fixed = sweep_partials(dst), cat.reconcile(dst)
        todo = batch.plan(cat, sources, src, dst, cfg, force, retry_failed)
        skipped = len(sources) - len(todo.todo) - len(todo.bad)
        logger.info("piip: %d recordings, %d to process, %d skipped (%d quarantined after "
                    "repeated failures), %d partial files swept, %d outputs reconciled",
                    len(sources), len(todo.todo), skipped, len(todo.quarantined), swept,
                    fixed.reset + fixed.removed_audio)
        run_id = cat.start_run()
        results = _run_files(cat, list(todo.todo), list(todo.bad), src, dst, cfg, progress)
        totals = batch.totals(results, time.monotonic() - began, skipped=skipped)
        totals["quarantined_files"] = [batch.file_id(p.relative_to(src).as_posix())
                                       for p in todo.quarantined]
        if cfg.retention.enabled and cfg.retention.after_run:
            totals["purge"] = purge_locked(cat, src, cfg, dst, dry_run=False).summary()
        cat.finish_run(run_id, totals)
    index = render_batch(dst, title=f"Piip: {dst.name}", catalog=cat_path, run_id=run_id)
    logger.info("piip run: %s", totals)
    publish_run_artifacts(totals, index)
    failed = totals["by_status"].get("failed", 0)
    if failed:  # new failures only: quarantined files were skipped
        return Failed(message=f"{failed} of {len(results)} files failed; "
                      f"{outcome_line(totals)}", data=totals)
    return Completed(message=outcome_line(totals), data=totals)
