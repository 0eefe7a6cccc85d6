"""The Prefect flow that anonymises a folder of recordings. It only wires pipeline functions.

Each file is one task; a failed file is isolated (its report says why, it publishes no audio)
and the flow's final state says how many failed. Tasks return counts and hashes only, never
transcript text, and nothing is persisted or cached by Prefect.
"""

from __future__ import annotations

import errno
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Completed, Failed, State
from tqdm import tqdm

from pipeline.config import PiipConfig
from pipeline.detect import build_analyzer
from pipeline.process import Outputs, process_file
from pipeline.report import summary
from pipeline.transcribe import whisper_transcriber

TRANSIENT_ERRNOS = {errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.ETIMEDOUT}


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
    report = process_file(src, outputs, cfg, transcriber, analyzer)
    return summary(report)


def _totals(results: list[dict], wall: float) -> dict[str, Any]:
    by_status = Counter(r["status"] for r in results)
    by_type: Counter = Counter()
    for r in results:
        by_type.update(r["by_type"])
    audio = sum(r["duration"] for r in results)
    return {"files": len(results), "by_status": dict(by_status), "by_type": dict(by_type),
            "audio_minutes": round(audio / 60, 2), "wall_seconds": round(wall, 1),
            "realtime_factor": round(wall / audio, 3) if audio else None}


def _artifact(totals: dict[str, Any]) -> None:
    rows = [{"metric": "files", "value": totals["files"]}]
    rows += [{"metric": f"status:{k}", "value": v} for k, v in sorted(totals["by_status"].items())]
    rows += [{"metric": f"entity:{k}", "value": v} for k, v in sorted(totals["by_type"].items())]
    rows += [{"metric": k, "value": totals[k]}
             for k in ("audio_minutes", "wall_seconds", "realtime_factor")]
    create_table_artifact(key="piip-run-summary", table=rows,
                          description="Piip run: counts per status and entity type")


@flow(name="piip-anonymise", persist_result=False, log_prints=False)
def anonymise_folder(input_dir: str, out_dir: str, sources: list[str], config: dict,
                     progress: bool = True) -> State:
    """Anonymise ``sources`` (files under ``input_dir``) into ``out_dir``."""
    logger = get_run_logger()
    began = time.monotonic()
    futures = [anonymise_file.submit(s, input_dir, out_dir, config) for s in sources]
    results: list[dict] = []
    with tqdm(total=len(futures), unit="file", file=sys.stderr, disable=not progress) as bar:
        for fut in as_completed(futures):
            results.append(fut.result())
            bar.update(1)
    totals = _totals(results, time.monotonic() - began)
    logger.info("piip run: %s", totals)
    _artifact(totals)
    failed = totals["by_status"].get("failed", 0)
    if failed:
        return Failed(message=f"{failed} of {len(results)} files failed", data=totals)
    return Completed(message=f"{len(results)} files anonymised", data=totals)
