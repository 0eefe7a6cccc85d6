"""Retention: delete source recordings older than the period the privacy notices promise.

Purging is opt-in (``RetentionPolicy.enabled``), skips whatever the legal-hold file lists, and
writes every deletion to an append-only JSON-lines audit log (time, relative path, sha256,
size, reason), never the content. Only regular files are purged: a symlinked recording lives
elsewhere, under that store's own retention.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import ConfigError, InputError
from pipeline.files import sha256_file

DAY_SECONDS = 86400

RETENTION_31_DAYS = 31
"""Palkeet (State payroll centre): "Rekisterin tietoja säilytetään 31 vuorokautta"."""
RETENTION_61_DAYS = 61
"""2M-IT (IT support desk): "Puhelutallenteita säilytetään 61 vrk" ("2kk")."""
RETENTION_6_MONTHS = 183
"""PHM Group (property services): "poistetaan automaattisesti 6 kuukauden jälkeen"."""
RETENTION_18_MONTHS = 548
"""Kaleva365 (newspaper publisher): "henkilötiedot poistetaan mainitun 18 kk kuluttua"."""
RETENTION_PERIODS_DAYS = (RETENTION_31_DAYS, RETENTION_61_DAYS, RETENTION_6_MONTHS,
                          RETENTION_18_MONTHS)

AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".m4a")  # as config.RunConfig.extensions


@dataclass(frozen=True)
class RetentionPolicy:
    """How long source recordings are kept, and what a purge may touch."""

    enabled: bool
    max_age_days: int
    legal_hold_file: Path | None
    audit_log: Path
    delete_outputs: bool = False
    extensions: tuple[str, ...] = AUDIO_EXTENSIONS

    def __post_init__(self) -> None:
        """Refuse an age that would purge everything or nothing sensible."""
        if isinstance(self.max_age_days, bool) or not isinstance(self.max_age_days, int) \
                or self.max_age_days < 1:
            raise ConfigError(f"retention.max_age_days must be a whole number of days >= 1, "
                              f"got {self.max_age_days!r} (the notices use "
                              f"{', '.join(map(str, RETENTION_PERIODS_DAYS))})")

    @property
    def reason(self) -> str:
        """The reason written to the audit log."""
        return f"retention: older than {self.max_age_days} days"


@dataclass(frozen=True)
class PurgeResult:
    """What a purge did (or, on a dry run, would do). Paths are absolute."""

    enabled: bool
    dry_run: bool
    planned: tuple[Path, ...] = ()
    deleted: tuple[Path, ...] = ()
    outputs_deleted: tuple[Path, ...] = ()
    failed: tuple[Path, ...] = ()
    message: str = ""

    def summary(self) -> dict[str, Any]:
        """Return counts only: safe for logs, Prefect results and artifacts."""
        return {"enabled": self.enabled, "dry_run": self.dry_run, "planned": len(self.planned),
                "deleted": len(self.deleted), "outputs_deleted": len(self.outputs_deleted),
                "failed": len(self.failed)}


def read_legal_holds(path: Path | None) -> tuple[str, ...]:
    """Return the hold patterns: one relative path or glob per line, ``#`` starts a comment.

    Raises:
        ConfigError: when the file is configured but unreadable (fail closed: purge nothing).

    """
    if path is None:
        return ()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"legal hold file {path}: cannot read ({type(exc).__name__}); "
                          "refusing to purge") from exc
    lines = (line.strip() for line in text.splitlines())
    return tuple(line.removeprefix("./").rstrip("/") for line in lines
                 if line and not line.startswith("#"))


def on_hold(rel: str, holds: tuple[str, ...]) -> bool:
    """Whether ``rel`` (POSIX, relative) or a folder above it matches a hold pattern.

    ``fnmatch`` globs: ``*`` also crosses ``/``, so a hold errs towards keeping more.
    """
    candidates = [rel, *(p.as_posix() for p in PurePosixPath(rel).parents)]
    return any(fnmatchcase(c, h) for h in holds for c in candidates)


def _recordings(root: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    """Yield regular, non-hidden audio files under ``root`` (as discover.find_audio sees)."""
    exts = {e.lower() for e in extensions}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in exts \
                    and not path.is_symlink() and path.is_file():
                yield path


def plan_purge(input_dir: Path, policy: RetentionPolicy, now: datetime) -> list[Path]:
    """Return source recordings whose mtime is more than ``max_age_days`` before ``now``.

    Files on legal hold are left out; a disabled policy plans nothing.

    Raises:
        InputError: when ``input_dir`` is not a directory.
        ConfigError: when the legal-hold file cannot be read.

    """
    if not policy.enabled:
        return []
    root = Path(input_dir)
    if not root.is_dir():
        raise InputError(f"input directory {input_dir} does not exist or is not a directory")
    holds = read_legal_holds(policy.legal_hold_file)
    cutoff = now.timestamp() - policy.max_age_days * DAY_SECONDS
    return [p for p in _recordings(root, policy.extensions)
            if p.lstat().st_mtime < cutoff
            and not on_hold(p.relative_to(root).as_posix(), holds)]


def output_paths(rel: str, out_dir: Path) -> tuple[Path, Path]:
    """Return the audio and report outputs of source ``rel`` (as process.Outputs.for_source)."""
    base = out_dir / PurePosixPath(rel).with_suffix("")
    return base.with_name(base.name + ".wav"), base.with_name(base.name + ".json")


class _AuditLog:
    """Append-only JSON lines, each fsynced: what was deleted, never its content."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def deleted(self, kind: str, rel: str, digest: str, stat: os.stat_result, reason: str) -> None:
        record = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "kind": kind, "path": rel, "sha256": digest, "size": stat.st_size,
                  "mtime": datetime.fromtimestamp(stat.st_mtime, timezone.utc).isoformat(),
                  "reason": reason}
        os.write(self._fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


def _delete(path: Path, kind: str, rel: str, reason: str, log: _AuditLog) -> None:
    """Hash, delete and log one file."""
    stat = path.lstat()
    digest = sha256_file(path)
    path.unlink()
    log.deleted(kind, rel, digest, stat, reason)


def _purge_outputs(rel: str, out_dir: Path, reason: str, log: _AuditLog,
                   done: list[Path], failed: list[Path]) -> None:
    """Delete the outputs of source ``rel``, sorting them into ``done`` and ``failed``."""
    for out in output_paths(rel, out_dir):
        if out.is_file() and not out.is_symlink():
            try:
                _delete(out, "output", out.relative_to(out_dir).as_posix(), reason, log)
                done.append(out)
            except OSError:
                failed.append(out)


def purge(input_dir: Path, policy: RetentionPolicy, now: datetime, dry_run: bool = False,
          out_dir: Path | None = None) -> PurgeResult:
    """Delete what :func:`plan_purge` plans, logging each deletion; a dry run only plans.

    A file that cannot be deleted is listed in ``failed`` and the purge goes on.

    Raises:
        ConfigError: when ``delete_outputs`` is on without ``out_dir``, or holds are unreadable.
        InputError: when ``input_dir`` is not a directory.

    """
    if not policy.enabled:
        return PurgeResult(enabled=False, dry_run=dry_run, message="retention is disabled "
                           "(retention.enabled is false): nothing deleted")
    if policy.delete_outputs and out_dir is None:
        raise ConfigError("retention.delete_outputs is on but no output directory was given")
    plan = plan_purge(input_dir, policy, now)
    if dry_run or not plan:
        verb = "would be" if dry_run else "were"
        return PurgeResult(enabled=True, dry_run=dry_run, planned=tuple(plan),
                           message=f"{len(plan)} recordings {verb} deleted ({policy.reason})")
    root, cutoff = Path(input_dir), now.timestamp() - policy.max_age_days * DAY_SECONDS
    deleted: list[Path] = []
    outputs: list[Path] = []
    failed: list[Path] = []
    log = _AuditLog(policy.audit_log)
    try:
        for path in plan:
            rel = path.relative_to(root).as_posix()
            try:
                if path.lstat().st_mtime >= cutoff:  # replaced since planned: not old any more
                    continue
                _delete(path, "source", rel, policy.reason, log)
            except FileNotFoundError:
                continue  # gone already, not by us
            except OSError:
                failed.append(path)
                continue
            deleted.append(path)
            if policy.delete_outputs and out_dir is not None:
                _purge_outputs(rel, out_dir, policy.reason, log, outputs, failed)
    finally:
        log.close()
    return PurgeResult(enabled=True, dry_run=False, planned=tuple(plan), deleted=tuple(deleted),
                       outputs_deleted=tuple(outputs), failed=tuple(failed),
                       message=f"{len(deleted)} recordings deleted, {len(failed)} failed "
                               f"({policy.reason}); audit log {policy.audit_log}")
