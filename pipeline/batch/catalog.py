"""Catalog of sources: what is done, under which model and config, and which runs ran.

It makes nightly runs incremental (finished, unchanged files are skipped) and crash-safe (a
file a crash left ``running`` is redone; half-written outputs are swept away). Storage is one
SQLite file in WAL mode with two plain tables, ``sources`` and ``runs``, in types and
statements PostgreSQL also accepts (TEXT, BIGINT, DOUBLE PRECISION, ``ON CONFLICT``).

A run holds an exclusive ``fcntl.flock`` on ``<catalog>.lock`` (:meth:`Catalog.lock_run`).
flock is per host: it does not protect runs on several hosts sharing a catalog over a network
file system; there, PostgreSQL row locks (``FOR UPDATE SKIP LOCKED``) or an advisory lock
would replace it. Only paths, hashes, sizes, times, statuses and error kinds are stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.batch.catalog_schema import UPSERT_RUNNING, migrate
from pipeline.errors import PiipError
from pipeline.sqlite import SqliteStore, connect

CATALOG_NAME = ".piip-catalog.sqlite"  # default place: OUT_DIR/CATALOG_NAME
DONE_STATUSES = ("ok", "review", "failed")
REDO_STATUSES = ("pending", "running", "failed")
ERROR_MAX_CHARS = 200

class CatalogError(PiipError):
    """The catalog file cannot be used, or was asked something it cannot answer."""


class CatalogLockedError(CatalogError):
    """Another run holds the catalog's lock."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Entry:
    """One source as the catalog knows it; ``path`` is relative to the input directory."""

    path: str
    sha256: str
    size: int
    mtime: float
    status: str
    outputs: dict[str, str]
    error: str
    model: str
    config_fingerprint: str
    started_at: str | None
    finished_at: str | None
    attempts: int
    decision: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Entry:
        """Build from a ``sources`` row."""
        data = dict(row)
        data["outputs"] = json.loads(data["outputs"] or "{}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Reconciled:
    """What :meth:`Catalog.reconcile` changed."""

    reset: int
    removed_audio: int


class Catalog(SqliteStore):
    """A catalog file; open it with :meth:`open`, use it as a context manager.

    One connection per process and thread: update it from the flow, not from worker tasks.
    """

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db

    @classmethod
    def open(cls, path: str | Path) -> Catalog:
        """Open (creating if needed) the catalog at ``path`` in WAL mode.

        Raises:
            CatalogError: naming the file when it is not a usable catalog.

        """
        p = Path(path)
        db = connect(p, CatalogError, shared=False)
        try:
            migrate(p, db, CatalogError)
        except BaseException:
            db.close()
            raise
        return cls(p, db)

    @contextmanager
    def lock_run(self, wait: bool = False) -> Iterator[None]:
        """Hold the run lock (``<catalog>.lock``, flock, this host only) for the block.

        Raises:
            CatalogLockedError: when another run holds it and ``wait`` is False.

        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
                raise CatalogLockedError(
                    f"catalog {self.path} is in use by another run ({holder}); "
                    "wait for it to finish or run with --wait") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {_now()}\n"
                      .encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)  # the file stays: unlinking a flock file races
        finally:
            os.close(fd)  # closing releases the lock

    def get(self, rel: str) -> Entry | None:
        """Return the entry for ``rel``, or None when the catalog has never seen it."""
        row = self._db.execute("SELECT * FROM sources WHERE path = ?", (rel,)).fetchone()
        return Entry.from_row(row) if row else None

    def entries(self) -> list[Entry]:
        """Return every entry, sorted by path."""
        rows = self._db.execute("SELECT * FROM sources ORDER BY path").fetchall()
        return [Entry.from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Return how many sources have each status."""
        rows = self._db.execute("SELECT status, COUNT(*) FROM sources GROUP BY status")
        return {status: n for status, n in rows}

    def plan_reasons(self, sources: list[tuple[str, int, float]],
                     sha256_of: Callable[[str], str], model: str, fingerprint: str,
                     force: bool = False, max_attempts: int = 0) -> dict[str, str]:
        """Return ``{rel: reason}`` for the sources that need processing, in input order.

        Reasons: ``forced``, ``new``, ``pending``, ``running`` (left by a crash), ``failed``,
        ``model``, ``config``, ``changed``, and ``quarantined``: a file that has failed
        ``max_attempts`` times in a row without changing (size and mtime) is not to be retried
        (0: no limit). ``sha256_of(rel)`` is called only for finished files whose size or
        mtime changed; when the content is the same after all, the new size and mtime are
        recorded so the next plan does not hash the file again.
        """
        known = {} if force else {e.path: e for e in self.entries()}
        reasons: dict[str, str] = {}
        for rel, size, mtime in sources:
            entry = known.get(rel)
            reason = "forced" if force else _reason(entry, model, fingerprint)
            if (reason == "failed" and max_attempts and entry is not None
                    and entry.attempts >= max_attempts
                    and (entry.size, entry.mtime) == (size, mtime)):
                reason = "quarantined"
            if reason is None and entry is not None and (entry.size, entry.mtime) != (size, mtime):
                if sha256_of(rel) != entry.sha256:
                    reason = "changed"
                else:
                    with self._db:
                        self._db.execute("UPDATE sources SET size = ?, mtime = ? WHERE path = ?",
                                         (size, mtime, rel))
            if reason is not None:
                reasons[rel] = reason
        return reasons

    def plan(self, sources: list[tuple[str, int, float]], sha256_of: Callable[[str], str],
             model: str, fingerprint: str, force: bool = False) -> list[str]:
        """Return the relative paths that need processing; see :meth:`plan_reasons`."""
        reasons = self.plan_reasons(sources, sha256_of, model, fingerprint, force)
        return [rel for rel, why in reasons.items() if why != "quarantined"]

    def mark_running(self, rel: str, sha256: str, size: int, mtime: float, model: str,
                     fingerprint: str, outputs: dict[str, str] | None = None) -> None:
        """Record that ``rel`` is being processed now (one more attempt).

        ``outputs`` (``{"audio": ..., "report": ...}``, relative to the output directory) lets
        :meth:`reconcile` remove an audio file a crash left without its report; by default the
        entry's previous outputs are kept.
        """
        if outputs is None:
            previous = self.get(rel)
            outputs = previous.outputs if previous else {}
        with self._db:
            self._db.execute(UPSERT_RUNNING, (rel, sha256, size, mtime, json.dumps(outputs),
                                               model, fingerprint, _now()))

    def mark_done(self, rel: str, status: str, outputs: dict[str, str], error: str = "",
                  decision: str = "") -> None:
        """Record how ``rel`` ended: ``ok``, ``review`` or ``failed``, and its ``decision``.

        ``error`` must be a short kind (an exception class name), never transcript text; it
        is flattened to one line and cut to ``ERROR_MAX_CHARS``.

        Raises:
            CatalogError: for another status, or a path never marked running.

        """
        if status not in DONE_STATUSES:
            raise CatalogError(f"catalog status {status!r} is not one of {DONE_STATUSES}")
        short = " ".join(error.split())[:ERROR_MAX_CHARS]
        with self._db:
            cur = self._db.execute(
                "UPDATE sources SET status = ?, outputs = ?, error = ?, finished_at = ?, "
                "decision = ?, attempts = CASE WHEN ? = 'failed' THEN attempts ELSE 0 END "
                "WHERE path = ?",
                (status, json.dumps(outputs), short, _now(), decision or status, status, rel))
        if cur.rowcount == 0:
            raise CatalogError(f"catalog {self.path}: {rel!r} was never marked running")

    def forget(self, rels: Iterable[str]) -> int:
        """Drop entries (sources deleted by retention); return how many existed."""
        with self._db:
            return sum(self._db.execute("DELETE FROM sources WHERE path = ?", (r,)).rowcount
                       for r in rels)

    def start_run(self) -> int:
        """Record the start of a run on this host and process; return its id."""
        with self._db:
            row = self._db.execute(
                "INSERT INTO runs (started_at, host, pid) VALUES (?, ?, ?) RETURNING id",
                (_now(), socket.gethostname(), os.getpid())).fetchone()
        return int(row[0])

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        """Record the end of run ``run_id`` with its counts (numbers and types only).

        Raises:
            CatalogError: for an unknown run id.

        """
        with self._db:
            cur = self._db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE id = ?",
                                   (_now(), json.dumps(counts, sort_keys=True), run_id))
        if cur.rowcount == 0:
            raise CatalogError(f"catalog {self.path}: no run with id {run_id}")

    def reconcile(self, out_dir: str | Path) -> Reconciled:
        """Make the catalog agree with ``out_dir``; call it under :meth:`lock_run`.

        An audio output without its report is removed (fail closed), whatever the status. An
        ``ok``/``review`` entry whose audio or report is missing is set back to ``pending``.
        """
        root = Path(out_dir).resolve()
        reset = removed = 0
        for entry in self.entries():
            audio = _output_path(root, entry.outputs.get("audio"))
            report = _output_path(root, entry.outputs.get("report"))
            has_report = report is not None and report.is_file()
            if audio is not None and audio.is_file() and not has_report:
                audio.unlink()
                removed += 1
            complete = audio is not None and audio.is_file() and has_report
            if entry.status in ("ok", "review") and not complete:
                with self._db:
                    self._db.execute("UPDATE sources SET status = 'pending' WHERE path = ?",
                                     (entry.path,))
                reset += 1
        return Reconciled(reset=reset, removed_audio=removed)


def _reason(entry: Entry | None, model: str, fingerprint: str) -> str | None:
    """Why ``entry`` needs processing regardless of its content, or None."""
    if entry is None:
        return "new"
    if entry.status in REDO_STATUSES:
        return entry.status
    if entry.model != model:
        return "model"
    if entry.config_fingerprint != fingerprint:
        return "config"
    return None


def _output_path(root: Path, stored: str | None) -> Path | None:
    """Resolve a stored output path under ``root``; None if absent or outside it."""
    if not stored:
        return None
    path = (root / stored).resolve()
    return path if root in path.parents else None
