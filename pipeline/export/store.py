"""The export's own tables in the catalog file: opaque clip ids and what each folder holds.

``export_ids`` maps a call (its report's path relative to the output directory, and its
source's sha256) to a random id (``secrets.token_hex``), so an exported clip's name says
nothing about the call's file name or folder. The id stays the same across exports while the
catalog is kept; a changed source gets a new id. ``export_clips`` records, per export folder,
the fingerprint of each clip written there, so unchanged clips are not encoded again.
The catalog's own tables are untouched; types and statements are ones PostgreSQL accepts.
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

from pipeline.batch.catalog import CatalogError
from pipeline.sqlite import SqliteStore, connect

ID_BYTES = 16

_SCHEMA = """
CREATE TABLE IF NOT EXISTS export_ids (
    report TEXT NOT NULL, source_sha256 TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
    PRIMARY KEY (report, source_sha256)
);
CREATE TABLE IF NOT EXISTS export_clips (
    dest TEXT NOT NULL, id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    PRIMARY KEY (dest, id)
);
"""


class ExportStore(SqliteStore):
    """Export tables in one catalog file; open with :meth:`open`, use as a context manager."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, path: str | Path) -> ExportStore:
        """Open the catalog file at ``path`` and create the export tables if needed.

        Raises:
            CatalogError: naming the file when it cannot be used.

        """
        return cls(connect(path, CatalogError, _SCHEMA))

    def id_for(self, report: str, source_sha256: str) -> str:
        """Return the opaque id of a call, drawing a new random one the first time."""
        row = self._db.execute("SELECT id FROM export_ids WHERE report = ? AND source_sha256 = ?",
                               (report, source_sha256)).fetchone()
        if row:
            return str(row[0])
        while True:
            new = secrets.token_hex(ID_BYTES)
            try:
                with self._db:
                    self._db.execute("INSERT INTO export_ids (report, source_sha256, id) "
                                     "VALUES (?, ?, ?)", (report, source_sha256, new))
                return new
            except sqlite3.IntegrityError:  # a clash of random ids: draw again
                continue

    def fingerprint(self, dest: str, clip_id: str) -> str | None:
        """Return the fingerprint of ``clip_id`` as last written to ``dest``, or None."""
        row = self._db.execute("SELECT fingerprint FROM export_clips WHERE dest = ? AND id = ?",
                               (dest, clip_id)).fetchone()
        return str(row[0]) if row else None

    def clip_ids(self, dest: str) -> set[str]:
        """Return the ids of every clip recorded as written to ``dest``."""
        rows = self._db.execute("SELECT id FROM export_clips WHERE dest = ?", (dest,))
        return {str(r[0]) for r in rows}

    def record(self, dest: str, clip_id: str, fingerprint: str) -> None:
        """Record that ``clip_id`` was written to ``dest`` with ``fingerprint``."""
        with self._db:
            self._db.execute(
                "INSERT INTO export_clips (dest, id, fingerprint) VALUES (?, ?, ?) "
                "ON CONFLICT (dest, id) DO UPDATE SET fingerprint = excluded.fingerprint",
                (dest, clip_id, fingerprint))

    def forget(self, dest: str, clip_id: str) -> None:
        """Record that ``clip_id`` is no longer in ``dest``."""
        with self._db:
            self._db.execute("DELETE FROM export_clips WHERE dest = ? AND id = ?",
                             (dest, clip_id))
