"""The catalog's tables (``sources``, ``runs``), its schema version and its migrations.

Types and statements are ones PostgreSQL also accepts (TEXT, BIGINT, DOUBLE PRECISION,
``ON CONFLICT``). Version 2 added the call's release decision.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.errors import PiipError

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size BIGINT NOT NULL,
    mtime DOUBLE PRECISION NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'ok', 'review', 'failed')),
    outputs TEXT NOT NULL DEFAULT '{}', error TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '', config_fingerprint TEXT NOT NULL DEFAULT '',
    started_at TEXT, finished_at TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    decision TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,  -- PostgreSQL: BIGINT GENERATED ALWAYS AS IDENTITY
    started_at TEXT NOT NULL, finished_at TEXT, counts TEXT NOT NULL DEFAULT '{}',
    host TEXT NOT NULL, pid INTEGER NOT NULL
);
"""

UPSERT_RUNNING = """
INSERT INTO sources (path, sha256, size, mtime, status, outputs, error, model,
                     config_fingerprint, started_at, finished_at, attempts)
VALUES (?, ?, ?, ?, 'running', ?, '', ?, ?, ?, NULL, 1)
ON CONFLICT (path) DO UPDATE SET
    sha256 = excluded.sha256, size = excluded.size, mtime = excluded.mtime,
    status = 'running', outputs = excluded.outputs, error = '', model = excluded.model,
    config_fingerprint = excluded.config_fingerprint, started_at = excluded.started_at,
    finished_at = NULL,
    attempts = CASE WHEN sources.sha256 = excluded.sha256 THEN sources.attempts + 1 ELSE 1 END
"""


def migrate(path: Path, db: sqlite3.Connection, error: type[PiipError]) -> None:
    """Create the catalog's tables, or bring an older catalog up to :data:`SCHEMA_VERSION`.

    Raises:
        error: the file holds a newer schema, or is not a usable catalog.

    """
    try:
        db.execute("PRAGMA synchronous=FULL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise error(f"catalog {path}: schema version {version} is newer than this "
                               f"Piip understands ({SCHEMA_VERSION})")
        db.executescript(SCHEMA)
        if version == 1:  # version 2 added the call's release decision
            db.execute("ALTER TABLE sources ADD COLUMN decision TEXT NOT NULL DEFAULT ''")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        raise error(f"catalog {path}: not a usable catalog "
                           f"({type(exc).__name__}: {exc})") from exc
