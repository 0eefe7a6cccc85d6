"""What the batch pages read from the catalog: the runs, and the files each run finished.

The catalog (:mod:`pipeline.batch.catalog`) already records every run's start and end and,
per source, when it was last started and finished, its status, decision and outputs. A run's
files are the sources started while it ran; the catalog keeps only each source's latest
attempt, so a run's page is written when the run ends and kept from then on. The catalog is
opened through :func:`pipeline.sqlite.connect` and only read.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import PiipError
from pipeline.sqlite import connect

RUNS_DIR = "runs"  # OUT/runs/<run start>.html
FINISHED = ("ok", "review", "failed")


@dataclass(frozen=True)
class Run:
    """One row of the catalog's ``runs`` table; times are UTC ISO strings."""

    id: int
    started_at: str
    finished_at: str | None
    counts: dict[str, Any]

    @property
    def page_name(self) -> str:
        """Return the run page's file name: its UTC start, ISO-like and safe in file names.

        ``2026-12-06T20:29:40.123+00:00`` gives ``2026-12-06T20-29-40.123Z.html``.
        """
        return f"{utc(self.started_at).strftime('%Y-%m-%dT%H-%M-%S.%f')[:-3]}Z.html"

    def holds(self, started_at: str | None) -> bool:
        """Tell whether a source started at ``started_at`` was started by this run."""
        return bool(started_at) and self.started_at <= started_at and (
            self.finished_at is None or started_at <= self.finished_at)


@dataclass(frozen=True)
class Done:
    """A source the catalog lists as finished, with its report's place under OUT."""

    path: str
    status: str
    decision: str
    report: str
    started_at: str | None
    finished_at: str | None

    @property
    def name(self) -> str:
        """Return the source's file name; its folders are never shown."""
        return PurePosixPath(self.path).name


def utc(stamp: str) -> datetime:
    """Parse a catalog time (ISO 8601 with offset) as an aware UTC datetime."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def shown(stamp: str | None) -> str:
    """Return a catalog time as ``YYYY-MM-DD HH:MM`` UTC for a page, or an empty string."""
    return utc(stamp).strftime("%Y-%m-%d %H:%M") if stamp else ""


def report_of(rel: str, outputs: dict[str, str]) -> str:
    """Return the report's path under OUT: as stored, else mirrored from the source's path.

    A file that failed inside its task is stored without outputs; its failed report lies
    where :class:`pipeline.batch.outputs.Outputs` puts every report.
    """
    if outputs.get("report"):
        return outputs["report"]
    base = PurePosixPath(rel).with_suffix("")
    return base.with_name(base.name + ".json").as_posix()


def read_catalog(path: Path) -> tuple[list[Run], list[Done]]:
    """Return the catalog's runs (oldest first) and its finished sources (by path).

    Raises:
        PiipError: when ``path`` is not a readable catalog.

    """
    if not Path(path).is_file():
        raise PiipError(f"no catalog at {path}")
    try:
        with closing(connect(path, PiipError)) as db:
            runs = [Run(r["id"], r["started_at"], r["finished_at"], json.loads(r["counts"] or "{}"))
                    for r in db.execute("SELECT * FROM runs ORDER BY started_at, id")]
            rows = db.execute("SELECT * FROM sources WHERE status IN (?, ?, ?) ORDER BY path",
                              FINISHED).fetchall()
    except (sqlite3.Error, ValueError) as exc:
        raise PiipError(f"catalog {path}: not a readable catalog ({exc})") from exc
    done = [Done(r["path"], r["status"], (r["decision"] if "decision" in r.keys() else "")
                 or r["status"], report_of(r["path"], json.loads(r["outputs"] or "{}")),
                 r["started_at"], r["finished_at"]) for r in rows]
    return runs, done


def run_index(runs: list[Run], starts: list[str], started_at: str | None) -> int:
    """Return the index in ``runs`` of the run that started a source at ``started_at``, or -1.

    ``runs`` are oldest first and ``starts`` holds their ``started_at``, in the same order.
    """
    if not started_at:
        return -1
    i = bisect.bisect_right(starts, started_at) - 1
    return i if i >= 0 and runs[i].holds(started_at) else -1
