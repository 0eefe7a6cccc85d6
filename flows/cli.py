"""Command line: ``piip run``, ``piip detect``, ``piip purge`` and ``piip serve``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from pipeline.batch.discover import Input
from pipeline.config import PiipConfig, load_config
from pipeline.errors import PiipError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="piip", description="Anonymise Finnish call recordings.")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="only warnings and errors on stderr (no progress bar)")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="anonymise every new or changed recording under INPUT_DIR "
                         "(or one audio file)")
    _batch_args(run)
    run.add_argument("--force", action="store_true", help="redo every file")
    run.add_argument("--wait", action="store_true", help="wait for a concurrent run to end")
    run.add_argument("--retry-failed", action="store_true",
                     help="retry files quarantined after run.max_attempts failures")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    _quiet_arg(run)
    det = sub.add_parser("detect", help="print personal data found in Finnish text as JSON")
    det.add_argument("file", nargs="?", type=Path, help="text file (default: stdin)")
    det.add_argument("--config", type=Path, help="YAML configuration file")
    pur = sub.add_parser("purge", help="delete source recordings past the retention period")
    pur.add_argument("input_dir", type=Path)
    pur.add_argument("--config", type=Path, help="YAML configuration file (retention: ...)")
    pur.add_argument("--out", type=Path, help="output directory (with delete_outputs)")
    pur.add_argument("--catalog", type=Path, help="catalog to update")
    pur.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    _quiet_arg(pur)
    srv = sub.add_parser("serve", help="run the nightly deployment on this machine")
    _batch_args(srv)
    srv.add_argument("--cron", default="0 2 * * *", help="schedule (default 02:00)")
    srv.add_argument("--timezone", default="Europe/Helsinki")
    sta = sub.add_parser("status", help="last runs, failing files and the review queue")
    sta.add_argument("out_dir", type=Path)
    sta.add_argument("--catalog", type=Path, help="catalog (default: OUT/.piip-catalog.sqlite)")
    sta.add_argument("--config", type=Path, help="YAML configuration file (run.max_attempts)")
    sta.add_argument("--runs", type=int, default=5, help="how many runs to show (default 5)")
    sta.add_argument("--json", action="store_true", help="print JSON")
    con = sub.add_parser("config", help="print the documented configuration, or check one")
    con.add_argument("--defaults", action="store_true", help="print the defaults as YAML")
    con.add_argument("--config", type=Path, help="YAML file to validate and print in full")
    con.add_argument("--check", action="store_true", help="also load the models (preflight)")
    _export_parser(sub)
    _review_parser(sub)
    return p


def _review_parser(sub: argparse._SubParsersAction) -> None:
    rev = sub.add_parser("review", help="serve the local review app over OUT_DIR")
    rev.add_argument("out_dir", type=Path, help="Piip's output directory (OUT_DIR of run)")
    rev.add_argument("--catalog", type=Path, help="catalog (default: OUT/.piip-catalog.sqlite)")
    rev.add_argument("--config", type=Path, help="the run's YAML configuration (bleep, review)")
    rev.add_argument("--host", default="127.0.0.1", help="address (default loopback)")
    rev.add_argument("--port", type=int, default=8765)
    rev.add_argument("--reviewer", help="your name in the review log (default: login name)")
    rev.add_argument("--token", help="required off loopback: every request must carry it")
    rev.add_argument("--allow-original", action="store_true",
                     help="let the reviewer hear the original under one bleep (logged)")


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
    _quiet_arg(exp)


def _quiet_arg(p: argparse.ArgumentParser) -> None:
    """Accept ``--quiet`` after the command too (``piip run ... --quiet``)."""
    p.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS,
                   help="as piip --quiet")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("piip")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _batch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("input_dir", type=Path)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--config", type=Path, help="YAML configuration file")
    p.add_argument("--catalog", type=Path,
                   help="catalog file (default: OUT/.piip-catalog.sqlite)")
    p.add_argument("--workers", type=int, help="worker processes on this machine")
    p.add_argument("--dask-address", help="existing Dask scheduler, e.g. tcp://host:8786")


def _prepare(args: argparse.Namespace) -> tuple[PiipConfig, int, Input]:
    """Validate the locations a batch needs before Prefect starts; return config, workers, input.

    ``args.input_dir`` may be a folder or one audio file (its folder is then the input).
    """
    from pipeline.batch.discover import check_outside_input, resolve_input

    cfg = load_config(args.config)
    workers = args.workers or cfg.run.workers
    if workers < 1:
        raise PiipError(f"--workers must be at least 1, got {workers}")
    found = resolve_input(args.input_dir, args.out, cfg.run.extensions)
    if cfg.retention.enabled:
        check_outside_input(cfg.retention.audit_log, found.root, "retention.audit_log")
    return cfg, workers, found


def _held_lock(args: argparse.Namespace, input_root: Path) -> ExitStack:
    """Take the catalog's run lock before Prefect starts: a second run is refused at once."""
    from pipeline.batch.catalog import CATALOG_NAME, Catalog
    from pipeline.batch.discover import check_outside_input

    catalog = args.catalog or args.out / CATALOG_NAME
    check_outside_input(catalog, input_root, "catalog")
    args.out.mkdir(parents=True, exist_ok=True)
    stack = ExitStack()
    cat = stack.enter_context(Catalog.open(catalog))
    stack.enter_context(cat.lock_run(wait=args.wait))
    return stack


def _say(args: argparse.Namespace, line: str) -> None:
    """Print a progress line on stderr unless ``--quiet``."""
    if not args.quiet:
        print(line, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from pipeline import preflight

    cfg, workers, found = _prepare(args)
    with _held_lock(args, found.root):
        # before Prefect starts and before any file: a bad config is one line, exit 2; the
        # models load here only when they will be used in this process (then they are reused)
        preflight.check(cfg, load_models=workers <= 1 and not args.dask_address)
        from flows.anonymise import anonymise
        from flows.runners import task_runner

        _say(args, f"piip: {len(found.sources)} recordings -> {args.out}")
        flow = anonymise.with_options(task_runner=task_runner(workers, args.dask_address))
        state = flow(str(args.input_dir), str(args.out),
                     str(args.config) if args.config else None,
                     str(args.catalog) if args.catalog else None, args.force, args.wait,
                     workers, not args.no_progress, locked=True,
                     retry_failed=args.retry_failed, return_state=True)
    error = state.result(raise_on_failure=False) if state.is_failed() else None
    if isinstance(error, PiipError):
        raise error
    line = (f"piip: {state.message or state.name}; results in {args.out} "
            f"(review page: {args.out / 'index.html'})")
    if state.is_completed():
        _say(args, line)
        return 0
    print(line, file=sys.stderr)  # failures are reported even with --quiet
    return 1


def _detect(args: argparse.Namespace) -> int:
    from pipeline.detect.analyzer import analyze_long_text, read_text

    cfg = load_config(args.config)
    raw = args.file.read_bytes() if args.file else sys.stdin.buffer.read()
    text = read_text(raw, str(args.file) if args.file else "standard input")
    spans = analyze_long_text(text, cfg.detect)
    keys = ("start", "end", "entity_type", "score", "recognizer")
    print(json.dumps([{k: s.to_dict()[k] for k in keys} for s in spans], ensure_ascii=False))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from pipeline.batch.purging import run_purge

    return run_purge(args.input_dir, load_config(args.config), args.out, args.catalog,
                     args.dry_run, quiet=getattr(args, "quiet", False))


def _serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    _, workers, _ = _prepare(args)
    serve(args.input_dir, args.out, args.config, args.catalog, workers, args.dask_address,
          args.cron, args.timezone)
    return 0


def _status(args: argparse.Namespace) -> int:
    from pipeline.batch.status import format_status, read_status

    status = read_status(args.out_dir, args.catalog, runs=args.runs,
                         max_attempts=load_config(args.config).run.max_attempts)
    print(json.dumps(status, indent=2) if args.json else format_status(status))
    return 0


def _config(args: argparse.Namespace) -> int:
    from pipeline.config_yaml import defaults_yaml

    cfg = load_config(None if args.defaults else args.config)
    if args.check:
        from pipeline.preflight import check

        check(cfg)
    print(defaults_yaml(cfg), end="")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pipeline.export.clips import run_export, summary_lines

    cfg = load_config(args.config)
    result = run_export(args.out_dir, args.to, args.format or cfg.export.format,
                        cfg.export.roles, args.catalog, args.since, args.wait)
    for line in summary_lines(result):
        if line.startswith("refused "):  # a warning: printed even with --quiet
            print(f"piip export: {line}", file=sys.stderr)
        else:
            _say(args, f"piip export: {line}")
    return 1 if result.refused else 0


def _review(args: argparse.Namespace) -> int:
    import getpass

    from pipeline.review.security import check_bind
    from pipeline.review.server import open_review, serve

    check_bind(args.host, args.token)  # before anything is opened
    review = open_review(args.out_dir, args.catalog, load_config(args.config),
                         args.reviewer or getpass.getuser(), args.allow_original)
    serve(review, args.host, args.port, args.token)
    return 0


def _quiet_prefect() -> None:
    """Keep Prefect's ephemeral server local and silent: no telemetry, no network."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # a loaded machine (a nightly batch beside other jobs) starts the local server slowly
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


COMMANDS = {"run": _run, "detect": _detect, "purge": _purge, "serve": _serve,
            "status": _status, "config": _config, "export": _export, "review": _review}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``piip`` command."""
    args = _parser().parse_args(argv)
    _quiet_prefect()
    if args.quiet:
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
        args.no_progress = True
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
