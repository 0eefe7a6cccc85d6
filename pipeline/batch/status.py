"""``piip status``: what the last runs did, what is failing now, how long the review queue is.

Read-only: the catalog is opened with SQLite's ``mode=ro`` and reports are only read. The output
goes to operators' terminals and logs, so a file is never shown by name or path (names often
hold the caller's number or name) but by its **file id**: the first 12 hex digits of the
sha256 of its path relative to the input folder (:func:`file_id`). The analyst's pages show
names; ``python -c "from pipeline.batch.status import file_id; print(file_id('day1/a.wav'))"``
maps a known path to its id.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.errors import PiipError

CATALOG_NAME = ".piip-catalog.sqlite"
FILE_ID_CHARS = 12


def file_id(rel_path: str) -> str:
    """Return the short id of a source: sha256 of its relative POSIX path, 12 hex digits."""
    return hashlib.sha256(rel_path.encode("utf-8")).hexdigest()[:FILE_ID_CHARS]


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise PiipError(f"no catalog at {path} (has `piip run` written to this folder?)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        raise PiipError(f"catalog {path}: cannot open read-only ({exc})") from exc
    db.row_factory = sqlite3.Row
    with closing(db):
        yield db


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 1)


def _run(row: sqlite3.Row) -> dict[str, Any]:
    counts = json.loads(row["counts"] or "{}")
    by_status = counts.get("by_status", {})
    return {"id": row["id"], "started_at": row["started_at"], "finished_at": row["finished_at"],
            "duration_seconds": _seconds(row["started_at"], row["finished_at"]),
            "files": counts.get("files"), "skipped": counts.get("skipped"),
            "by_decision": counts.get("by_decision", {}), "by_status": by_status,
            "failed": by_status.get("failed", 0),
            "audio_minutes": counts.get("audio_minutes"),
            "realtime_factor": counts.get("realtime_factor")}


def _problem(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": file_id(row["path"]), "sha256": row["sha256"][:FILE_ID_CHARS],
            "attempts": row["attempts"], "error": row["error"].split(":", 1)[0],
            "since": row["finished_at"]}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _review_queue(db: sqlite3.Connection, out_dir: Path) -> int:
    """Count the processed files whose decision is ``review``."""
    if "decision" in _columns(db, "sources"):
        return db.execute("SELECT COUNT(*) FROM sources WHERE decision = 'review'").fetchone()[0]
    queue = 0
    for row in db.execute("SELECT outputs FROM sources WHERE status IN ('ok', 'review')"):
        report = json.loads(row["outputs"] or "{}").get("report")
        try:
            data = json.loads((out_dir / report).read_text(encoding="utf-8")) if report else {}
        except (OSError, ValueError):
            continue
        queue += data.get("decision") == "review"
    return queue


def read_status(out_dir: Path, catalog: Path | None = None, runs: int = 5,
                max_attempts: int = 3) -> dict[str, Any]:
    """Return the last ``runs`` runs, the failing and quarantined files, and the review queue.

    A failed file is *quarantined* once it has failed ``max_attempts`` times (``run.max_attempts``;
    0: never): runs skip it until it changes or ``--retry-failed`` is given.

    Raises:
        PiipError: when there is no readable catalog.

    """
    path = catalog or out_dir / CATALOG_NAME

    def given_up(row: sqlite3.Row) -> bool:
        return 0 < max_attempts <= row["attempts"]

    try:
        with _read_only(path) as db:
            last = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (runs,)).fetchall()
            problems = db.execute("SELECT * FROM sources WHERE status = 'failed' "
                                  "ORDER BY finished_at DESC, path").fetchall()
            by_status = dict(db.execute("SELECT status, COUNT(*) FROM sources GROUP BY status")
                             .fetchall())
            queue = _review_queue(db, out_dir)
    except sqlite3.Error as exc:
        raise PiipError(f"catalog {path}: not a readable catalog ({exc})") from exc
    return {"catalog": str(path), "sources": by_status, "runs": [_run(r) for r in last],
            "failing": [_problem(r) for r in problems if not given_up(r)],
            "quarantined": [_problem(r) for r in problems if given_up(r)],
            "review_queue": queue}


def _fmt(value: Any, suffix: str = "") -> str:
    return "-" if value is None else f"{value}{suffix}"


def format_status(status: dict[str, Any]) -> str:
    """Return ``status`` as text for a terminal: runs newest first, then problem files."""
    lines = ["last runs (newest first):",
             f"  {'run':>4}  {'started (UTC)':<23}  {'took':>8}  {'files':>5}  {'skip':>5}  "
             f"{'failed':>6}  {'RTF':>6}  decisions"]
    for r in status["runs"]:
        decisions = ", ".join(f"{k} {v}" for k, v in sorted(r["by_decision"].items())) or "-"
        took = _fmt(r["duration_seconds"], " s") if r["finished_at"] else "unfinished"
        lines.append(f"  {r['id']:>4}  {r['started_at'][:23]:<23}  {took:>8}  "
                     f"{_fmt(r['files']):>5}  {_fmt(r['skipped']):>5}  {r['failed']:>6}  "
                     f"{_fmt(r['realtime_factor']):>6}  {decisions}")
    if not status["runs"]:
        lines.append("  (no runs yet)")
    for key in ("failing", "quarantined"):
        lines.append(f"{key} now: {len(status[key])}")
        lines.extend(f"  {p['id']}  attempts {p['attempts']}  {p['error'] or '-'}  "
                     f"since {_fmt(p['since'])}" for p in status[key])
    lines.append(f"review queue: {status['review_queue']} call(s) waiting for a person")
    lines.append("files are shown by file id: sha256 of the input-relative path, 12 hex digits")
    return "\n".join(lines)
