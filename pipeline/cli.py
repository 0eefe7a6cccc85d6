"""Command line: ``piip run`` anonymises a folder, ``piip detect`` analyses Finnish text."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from pipeline.config import load_config
from pipeline.errors import PiipError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="piip", description="Anonymise Finnish call recordings.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="anonymise every recording under INPUT_DIR")
    run.add_argument("input_dir", type=Path)
    run.add_argument("--out", type=Path, required=True, help="output directory")
    run.add_argument("--config", type=Path, help="YAML configuration file")
    run.add_argument("--workers", type=int, help="worker processes on this machine")
    run.add_argument("--dask-address", help="existing Dask scheduler, e.g. tcp://host:8786")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    det = sub.add_parser("detect", help="print personal data found in Finnish text as JSON")
    det.add_argument("file", nargs="?", type=Path, help="text file (default: stdin)")
    det.add_argument("--config", type=Path, help="YAML configuration file")
    return p


def _run(args: argparse.Namespace) -> int:
    from flows.anonymise import anonymise_folder
    from flows.runners import task_runner
    from pipeline.discover import check_locations, find_audio

    cfg = load_config(args.config)
    workers = args.workers or cfg.run.workers
    if workers < 1:
        raise PiipError(f"--workers must be at least 1, got {workers}")
    if workers > 1 and cfg.asr.cpu_threads == 0:
        threads = max(1, (os.cpu_count() or 1) // workers)
        cfg = cfg.model_copy(update={"asr": cfg.asr.model_copy(update={"cpu_threads": threads})})
    src, dst = check_locations(args.input_dir, args.out)
    sources = find_audio(src, cfg.run.extensions)
    print(f"piip: {len(sources)} recordings under {args.input_dir} -> {args.out}",
          file=sys.stderr)
    dst.mkdir(parents=True, exist_ok=True)
    flow = anonymise_folder.with_options(task_runner=task_runner(workers, args.dask_address))
    state = flow(str(src), str(dst), [str(s) for s in sources], cfg.model_dump(mode="json"),
                 progress=not args.no_progress, return_state=True)
    print(f"piip: {state.message or state.name}; results in {args.out}", file=sys.stderr)
    return 0 if state.is_completed() else 1


def _detect(args: argparse.Namespace) -> int:
    from pipeline.detect import analyze_text

    cfg = load_config(args.config)
    text = args.file.read_text(encoding="utf-8") if args.file else sys.stdin.read()
    spans = analyze_text(text, cfg.detect)
    keys = ("start", "end", "entity_type", "score", "recognizer")
    print(json.dumps([{k: s.to_dict()[k] for k in keys} for s in spans], ensure_ascii=False))
    return 0


def _quiet_prefect() -> None:
    """Keep Prefect's ephemeral server local and silent: no telemetry, no network."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``piip`` command."""
    args = _parser().parse_args(argv)
    _quiet_prefect()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    try:
        return _run(args) if args.command == "run" else _detect(args)
    except PiipError as exc:
        print(f"piip: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"piip: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
