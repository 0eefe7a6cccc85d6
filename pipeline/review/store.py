"""Reviewers' work in the catalog's SQLite file: edits, decisions and the append-only log.

Three tables beside the catalog's own (created with ``CREATE TABLE IF NOT EXISTS``, so any
catalog gains them): ``review_edits`` (the human spans and removals in force),
``review_decisions`` (one per call, bound to the output's sha256) and ``review_log`` (every
action: reviewer, time, action, times, channel, entity type, reason code, output hash; never
a personal value). Triggers refuse any UPDATE or DELETE of the log. Calls are keyed by the
report's path relative to the output directory, as the catalog's ``outputs["report"]``
holds it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.errors import PiipError
from pipeline.review.human import HumanDecision, HumanEdit, HumanState, decide
from pipeline.sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, reviewer TEXT NOT NULL, action TEXT NOT NULL,
    call TEXT NOT NULL, start_s DOUBLE PRECISION, end_s DOUBLE PRECISION, channel INTEGER,
    entity_type TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    output_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS review_log_no_update BEFORE UPDATE ON review_log
BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_log_no_delete BEFORE DELETE ON review_log
BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
CREATE TABLE IF NOT EXISTS review_edits (
    id INTEGER PRIMARY KEY, call TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('add', 'remove')),
    start_s DOUBLE PRECISION NOT NULL, end_s DOUBLE PRECISION NOT NULL,
    channel INTEGER NOT NULL, entity_type TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS review_edits_call ON review_edits (call, active);
CREATE TABLE IF NOT EXISTS review_decisions (
    call TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ('release', 'quarantine')),
    decided_by TEXT NOT NULL, output_sha256 TEXT NOT NULL, confirmed INTEGER NOT NULL,
    decided_at TEXT NOT NULL
);
"""


class ReviewError(PiipError):
    """A review action cannot be done (stale page, source gone, rule broken)."""


def now() -> str:
    """Return the current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ReviewStore:
    """The review tables of one catalog file; safe to share between threads."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        self.lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path) -> ReviewStore:
        """Open the catalog file at ``path`` (creating it) and make sure the tables exist.

        Raises:
            ReviewError: naming the file when it cannot be used.

        """
        p = Path(path)
        return cls(p, connect(p, ReviewError, _SCHEMA, shared=True))  # shared: self.lock serialises

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def state(self, call: str) -> HumanState:
        """Return the edits in force and the decision on ``call``."""
        with self.lock:
            rows = self.db.execute(
                "SELECT id, kind, start_s, end_s, channel, entity_type, reason, reviewer "
                "FROM review_edits WHERE call = ? AND active = 1 ORDER BY id", (call,)).fetchall()
            dec = self.db.execute("SELECT decision, decided_by, output_sha256, confirmed FROM "
                                  "review_decisions WHERE call = ?", (call,)).fetchone()
        edits = tuple(HumanEdit(r["id"], r["kind"], r["start_s"], r["end_s"], r["channel"],
                                r["entity_type"], r["reason"], r["reviewer"]) for r in rows)
        decision = HumanDecision(dec["decision"], dec["decided_by"], dec["output_sha256"],
                                 bool(dec["confirmed"])) if dec else None
        return HumanState(edits, decision)

    def log(self, reviewer: str, action: str, call: str, *, start: float | None = None,
            end: float | None = None, channel: int | None = None, entity_type: str = "",
            reason: str = "", output_sha256: str = "") -> None:
        """Append one action to the review log."""
        with self.lock, self.db:
            self.db.execute(
                "INSERT INTO review_log (at, reviewer, action, call, start_s, end_s, channel, "
                "entity_type, reason, output_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now(), reviewer, action, call, start, end, channel, entity_type, reason,
                 output_sha256))

    def entries(self, call: str | None = None) -> list[dict[str, Any]]:
        """Return the log (of one call, or all), oldest first."""
        sql = "SELECT * FROM review_log" + (" WHERE call = ?" if call else "") + " ORDER BY id"
        with self.lock:
            return [dict(r) for r in self.db.execute(sql, (call,) if call else ())]

    def save_edits(self, call: str, new: Sequence[HumanEdit], retire: Sequence[int] = ()
                   ) -> None:
        """Put ``new`` edits in force and take the ``retire`` ids out, in one transaction.

        Retired edits stay in the table (inactive) and in the log.

        Raises:
            ReviewError: when ``call`` has no edit in force with one of the ``retire`` ids.

        """
        with self.lock, self.db:
            for edit_id in retire:
                cur = self.db.execute("UPDATE review_edits SET active = 0 WHERE id = ? AND "
                                      "call = ? AND active = 1", (edit_id, call))
                if cur.rowcount == 0:
                    raise ReviewError(f"no reviewer span {edit_id} in force on this call")
            self.db.executemany(
                "INSERT INTO review_edits (call, kind, start_s, end_s, channel, entity_type, "
                "reason, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(call, e.kind, e.start, e.end, e.channel, e.entity_type, e.reason, e.reviewer,
                  now()) for e in new])

    def set_decision(self, call: str, decision: HumanDecision) -> None:
        """Record ``decision`` as the one in force on ``call``."""
        with self.lock, self.db:
            self.db.execute(
                "INSERT INTO review_decisions (call, decision, decided_by, output_sha256, "
                "confirmed, decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call) DO UPDATE "
                "SET decision = excluded.decision, decided_by = excluded.decided_by, "
                "output_sha256 = excluded.output_sha256, confirmed = excluded.confirmed, "
                "decided_at = excluded.decided_at",
                (call, decision.decision, decision.decided_by, decision.output_sha256,
                 int(decision.confirmed), now()))

    def clear_decision(self, call: str) -> None:
        """Drop the decision on ``call`` (its output changed)."""
        with self.lock, self.db:
            self.db.execute("DELETE FROM review_decisions WHERE call = ?", (call,))


def human_decision(store: ReviewStore, call: str, output_sha256: str) -> tuple[str, str] | None:
    """Return ``(decision, decided_by)`` a person made on this exact output of ``call``.

    ``call`` is the report's path relative to the output directory (the catalog's
    ``outputs["report"]``). An approval counts only while ``output_sha256`` is the sha256 of
    the redacted wav that was approved; a rejection (``quarantine``) always counts.
    """
    return decide(store.state(call), output_sha256)
