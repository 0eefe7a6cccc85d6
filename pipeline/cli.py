"""Command line: ``piip run``, ``piip detect``, ``piip purge`` and ``piip serve``."""

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
    run = sub.add_parser("run", help="anonymise every new or changed recording under INPUT_DIR")
    _batch_args(run)
    run.add_argument("--force", action="store_true", help="redo every file")
    run.add_argument("--wait", action="store_true", help="wait for a concurrent run to end")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    det = sub.add_parser("detect", help="print personal data found in Finnish text as JSON")
    det.add_argument("file", nargs="?", type=Path, help="text file (default: stdin)")
    det.add_argument("--config", type=Path, help="YAML configuration file")
    pur = sub.add_parser("purge", help="delete source recordings past the retention period")
    pur.add_argument("input_dir", type=Path)
    pur.add_argument("--config", type=Path, help="YAML configuration file (retention: ...)")
    pur.add_argument("--out", type=Path, help="output directory (with delete_outputs)")
    pur.add_argument("--catalog", type=Path, help="catalog to update")
    pur.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    srv = sub.add_parser("serve", help="run the nightly deployment on this machine")
    _batch_args(srv)
    srv.add_argument("--cron", default="0 2 * * *", help="schedule (default 02:00)")
    srv.add_argument("--timezone", default="Europe/Helsinki")
    _export_parser(sub)
    return p


def _export_parser(sub: argparse._SubParsersAction) -> None:
    from datetime import date

    exp = sub.add_parser("export", help="copy released calls into a training folder")
    exp.add_argument("out_dir", type=Path, help="Piip's output directory (OUT_DIR of run)")
    exp.add_argument("--to", type=Path, required=True, help="export folder")
    exp.add_argument("--format", choices=("wav", "flac", "mp3", "opus"),
                     help="audio format (default: export.format in the config, wav)")
    exp.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="add only calls decided on or after this date")
    exp.add_argument("--catalog", type=Path, help="catalog (default: OUT/.piip-catalog.sqlite)")
    exp.add_argument("--config", type=Path, help="YAML configuration file (export: ...)")
    exp.add_argument("--wait", action="store_true", help="wait for a running batch to end")


def _batch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("input_dir", type=Path)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--config", type=Path, help="YAML configuration file")
    p.add_argument("--catalog", type=Path,
                   help="catalog file (default: OUT/.piip-catalog.sqlite)")
    p.add_argument("--workers", type=int, help="worker processes on this machine")
    p.add_argument("--dask-address", help="existing Dask scheduler, e.g. tcp://host:8786")


def _prepare(args: argparse.Namespace) -> tuple[int, list[Path]]:
    """Validate everything a batch needs before Prefect starts; return workers and sources."""
    from pipeline.discover import check_locations, find_audio

    cfg = load_config(args.config)
    workers = args.workers or cfg.run.workers
    if workers < 1:
        raise PiipError(f"--workers must be at least 1, got {workers}")
    src, _ = check_locations(args.input_dir, args.out)
    return workers, find_audio(src, cfg.run.extensions)


def _run(args: argparse.Namespace) -> int:
    from flows.anonymise import anonymise
    from flows.runners import task_runner

    workers, sources = _prepare(args)
    print(f"piip: {len(sources)} recordings under {args.input_dir} -> {args.out}",
          file=sys.stderr)
    flow = anonymise.with_options(task_runner=task_runner(workers, args.dask_address))
    state = flow(str(args.input_dir), str(args.out),
                 str(args.config) if args.config else None,
                 str(args.catalog) if args.catalog else None, args.force, args.wait, workers,
                 not args.no_progress, return_state=True)
    error = state.result(raise_on_failure=False) if state.is_failed() else None
    if isinstance(error, PiipError):
        raise error
    print(f"piip: {state.message or state.name}; results in {args.out} "
          f"(review page: {args.out / 'index.html'})", file=sys.stderr)
    return 0 if state.is_completed() else 1


def _detect(args: argparse.Namespace) -> int:
    from pipeline.detect import analyze_long_text, read_text

    cfg = load_config(args.config)
    raw = args.file.read_bytes() if args.file else sys.stdin.buffer.read()
    text = read_text(raw, str(args.file) if args.file else "standard input")
    spans = analyze_long_text(text, cfg.detect)
    keys = ("start", "end", "entity_type", "score", "recognizer")
    print(json.dumps([{k: s.to_dict()[k] for k in keys} for s in spans], ensure_ascii=False))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from pipeline.purging import run_purge

    return run_purge(args.input_dir, load_config(args.config), args.out, args.catalog,
                     args.dry_run)


def _serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    workers, _ = _prepare(args)
    serve(args.input_dir, args.out, args.config, args.catalog, workers, args.dask_address,
          args.cron, args.timezone)
    return 0


def _export(args: argparse.Namespace) -> int:
    from pipeline.export import run_export, summary_lines

    cfg = load_config(args.config)
    result = run_export(args.out_dir, args.to, args.format or cfg.export.format,
                        cfg.export.roles, args.catalog, args.since, args.wait)
    for line in summary_lines(result):
        print(f"piip export: {line}", file=sys.stderr)
    return 1 if result.refused else 0


def _quiet_prefect() -> None:
    """Keep Prefect's ephemeral server local and silent: no telemetry, no network."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


COMMANDS = {"run": _run, "detect": _detect, "purge": _purge, "serve": _serve,
            "export": _export}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``piip`` command."""
    args = _parser().parse_args(argv)
    _quiet_prefect()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    try:
        return COMMANDS[args.command](args)
    except PiipError as exc:
        print(f"piip: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"piip: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
