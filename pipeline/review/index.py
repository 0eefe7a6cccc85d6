"""A compact index of the calls in an output directory, so the queue never reads every report.

The ``review_index`` table (in the catalog file) holds one row per report: its name, decision,
status, counts and the time of the run that wrote it. It is brought up to date from the
catalog's ``sources`` table, re-reading only the reports whose run time changed; when the
catalog lists no sources (an output directory made without one), from the ``*.json`` reports
under the output directory, re-reading only those whose modification time changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.review.store import ReviewStore

ORDER = ("review", "quarantine", "release", "failed")
PAGE = 200
_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_index (
    id INTEGER PRIMARY KEY, call TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    decision TEXT NOT NULL, decided_by TEXT NOT NULL, status TEXT NOT NULL,
    duration DOUBLE PRECISION NOT NULL, channels INTEGER NOT NULL, spans INTEGER NOT NULL,
    risks INTEGER NOT NULL, rank INTEGER NOT NULL, run_at TEXT NOT NULL, stamp TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_index_queue ON review_index (rank, run_at, call);
"""


def decision_of(report: dict[str, Any]) -> str:
    """Return the report's decision; an old report without one is ``review`` (fail closed)."""
    decision = report.get("decision") or ""
    if decision:
        return decision
    return "failed" if report.get("status") == "failed" else "review"


def _row(call: str, report: dict[str, Any], run_at: str, stamp: str) -> tuple:
    decision = decision_of(report)
    rank = ORDER.index(decision) if decision in ORDER else len(ORDER)
    name = Path(str(report.get("source") or call)).name
    return (call, name, decision, str(report.get("decided_by") or "auto"),
            str(report.get("status", "")), float(report.get("duration") or 0.0),
            int(report.get("channels") or 0), len(report.get("spans") or ()),
            len(report.get("risks") or ()), rank, run_at, stamp)


@dataclass
class CallIndex:
    """The queue's index over one output directory."""

    store: ReviewStore
    out_dir: Path
    _seen: tuple[Any, ...] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        with self.store.lock:
            self.store.db.executescript(_SCHEMA)

    def _signature(self) -> tuple[Any, ...] | None:
        """Return what changes whenever a run finishes or forgets a source, or None."""
        try:
            with self.store.lock:
                return tuple(self.store.db.execute(
                    "SELECT COUNT(*), MAX(finished_at) FROM sources WHERE status IN "
                    "('ok', 'review', 'failed')").fetchone())
        except sqlite3.Error:  # a file without the catalog's tables
            return None

    def _catalog_rows(self) -> list[tuple[str, str, str]]:
        """Return (report path, run time, status) of every finished catalog source."""
        try:
            rows = self.store.db.execute(
                "SELECT outputs, finished_at FROM sources WHERE status IN "
                "('ok', 'review', 'failed')").fetchall()
        except sqlite3.Error:  # a file without the catalog's tables
            return []
        out = []
        for outputs, finished in rows:
            report = json.loads(outputs or "{}").get("report")
            if report:
                out.append((report, finished or "", finished or ""))
        return out

    def _dir_rows(self) -> list[tuple[str, str, str]]:
        """Return (report path, modification time, stamp) of every report under the folder."""
        out = []
        for root, dirs, files in os.walk(self.out_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.endswith(".json") and not name.startswith("."):
                    path = Path(root, name)
                    st = path.stat()
                    rel = path.relative_to(self.out_dir).as_posix()
                    when = _iso(st.st_mtime)
                    out.append((rel, when, f"{st.st_mtime_ns}:{st.st_size}"))
        return out

    def sync(self) -> int:
        """Bring the index up to date; return how many reports were (re)read.

        With a catalog, nothing is read unless a run finished (or a source was forgotten)
        since the last sync.
        """
        signature = self._signature()
        if signature is not None and signature[0] and signature == self._seen:
            return 0
        found = self._catalog_rows() or self._dir_rows()
        self._seen = signature
        with self.store.lock:
            known = dict(self.store.db.execute("SELECT call, stamp FROM review_index"))
        fresh = []
        for call, run_at, stamp in found:
            if known.pop(call, None) == stamp:
                continue
            report = self.read_report(call)
            if report is not None:
                fresh.append(_row(call, report, run_at, stamp))
        with self.store.lock, self.store.db:
            self.store.db.executemany(
                "INSERT INTO review_index (call, name, decision, decided_by, status, duration, "
                "channels, spans, risks, rank, run_at, stamp) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call) DO UPDATE SET "
                "name = excluded.name, decision = excluded.decision, decided_by = "
                "excluded.decided_by, status = excluded.status, duration = excluded.duration, "
                "channels = excluded.channels, spans = excluded.spans, risks = excluded.risks, "
                "rank = excluded.rank, run_at = excluded.run_at, stamp = excluded.stamp", fresh)
            self.store.db.executemany("DELETE FROM review_index WHERE call = ?",
                                      [(c,) for c in known])
        return len(fresh)

    def read_report(self, call: str) -> dict[str, Any] | None:
        """Return the report of ``call``, or None when it is missing or not a report."""
        path = self.report_path(call)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and "source" in data else None

    def report_path(self, call: str) -> Path:
        """Return the report file of ``call``; refuses a path outside the output directory.

        Raises:
            ValueError: for a path that leaves the output directory.

        """
        root = self.out_dir.resolve()
        path = (root / call).resolve()
        if root not in path.parents or path.suffix != ".json":
            raise ValueError("call outside the output directory")
        return path

    def update(self, call: str, report: dict[str, Any]) -> None:
        """Refresh one call's row after the app rewrote its report."""
        with self.store.lock, self.store.db:
            row = self.store.db.execute("SELECT run_at, stamp FROM review_index WHERE call = ?",
                                        (call,)).fetchone()
            if row is None:
                return
            fresh = _row(call, report, "", "")
            self.store.db.execute(
                "UPDATE review_index SET decision = ?, decided_by = ?, spans = ?, rank = ? "
                "WHERE call = ?", (fresh[2], fresh[3], fresh[7], fresh[9], call))
            self._catalog_decision(call, fresh[2])
            if ":" in row["stamp"]:  # directory mode: the report's mtime changed
                st = self.report_path(call).stat()
                self.store.db.execute("UPDATE review_index SET stamp = ? WHERE call = ?",
                                      (f"{st.st_mtime_ns}:{st.st_size}", call))

    def _catalog_decision(self, call: str, decision: str) -> None:
        """Keep the catalog's ``sources.decision`` (where it has one) equal to the report's."""
        try:
            cols = {r[1] for r in self.store.db.execute("PRAGMA table_info(sources)")}
            if "decision" in cols:
                self.store.db.execute("UPDATE sources SET decision = ? WHERE "
                                      "json_extract(outputs, '$.report') = ?", (decision, call))
        except sqlite3.Error:  # a file without the catalog's tables
            return

    def call_of(self, call_id: int) -> str | None:
        """Return the call with index id ``call_id``."""
        with self.store.lock:
            row = self.store.db.execute("SELECT call FROM review_index WHERE id = ?",
                                        (call_id,)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        """Return how many calls have each decision."""
        with self.store.lock:
            rows = self.store.db.execute(
                "SELECT decision, COUNT(*) FROM review_index GROUP BY decision").fetchall()
        return {d: n for d, n in rows}

    def runs(self) -> list[str]:
        """Return the dates (YYYY-MM-DD) of the runs behind the indexed reports, newest first."""
        with self.store.lock:
            rows = self.store.db.execute("SELECT DISTINCT substr(run_at, 1, 10) AS d FROM "
                                         "review_index ORDER BY d DESC").fetchall()
        return [r[0] for r in rows if r[0]]

    def queue(self, decision: str = "", run: str = "", name: str = "", page: int = 0
              ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of the queue (review, quarantine, release, failed) and its total."""
        where, args = [], []
        if decision:
            where.append("decision = ?")
            args.append(decision)
        if run:
            where.append("substr(run_at, 1, 10) = ?")
            args.append(run)
        if name:
            where.append("instr(lower(name), ?) > 0")
            args.append(name.lower())
        sql_where = (" WHERE " + " AND ".join(where)) if where else ""
        with self.store.lock:
            total = self.store.db.execute(f"SELECT COUNT(*) FROM review_index{sql_where}",
                                          args).fetchone()[0]
            rows = self.store.db.execute(
                f"SELECT * FROM review_index{sql_where} ORDER BY rank, run_at DESC, call "
                "LIMIT ? OFFSET ?", [*args, PAGE, max(0, page) * PAGE]).fetchall()
        return [dict(r) for r in rows], int(total)


def _iso(mtime: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(mtime, timezone.utc).isoformat(timespec="seconds")
