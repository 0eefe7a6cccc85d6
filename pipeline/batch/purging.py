"""Apply the retention policy: from ``piip purge``, or at the end of a nightly run."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from pipeline.batch.catalog import Catalog
from pipeline.batch.retention import PurgeResult, RetentionPolicy, purge
from pipeline.config import PiipConfig


def policy_of(cfg: PiipConfig) -> RetentionPolicy:
    """Map the configuration onto the retention module's policy."""
    r = cfg.retention
    return RetentionPolicy(enabled=r.enabled, max_age_days=r.max_age_days,
                           legal_hold_file=r.legal_hold_file, audit_log=r.audit_log,
                           delete_outputs=r.delete_outputs, extensions=cfg.run.extensions)


def purge_locked(cat: Catalog | None, input_dir: Path, cfg: PiipConfig, out_dir: Path | None,
                 dry_run: bool) -> PurgeResult:
    """Purge with the catalog lock already held; forget deleted sources in the catalog."""
    result = purge(input_dir, policy_of(cfg), datetime.now(UTC), dry_run, out_dir)
    if cat is not None and not dry_run:
        cat.forget(p.relative_to(input_dir).as_posix() for p in result.deleted)
    return result


def run_purge(input_dir: Path, cfg: PiipConfig, out_dir: Path | None, catalog: Path | None,
              dry_run: bool, quiet: bool = False) -> int:
    """``piip purge``: purge old recordings under ``input_dir``; return the exit status.

    ``quiet`` leaves out the closing summary line unless something failed; a dry run still
    lists what it would delete (that list is its output).
    """
    src = input_dir.resolve()
    if catalog is None:
        result = purge_locked(None, src, cfg, out_dir, dry_run)
    else:
        with Catalog.open(catalog) as cat, cat.lock_run():
            result = purge_locked(cat, src, cfg, out_dir, dry_run)
    if dry_run:
        for path in result.planned:
            print(path)
    if result.failed or not quiet:
        print(f"piip: {result.message}", file=sys.stderr)
    return 1 if result.failed else 0
