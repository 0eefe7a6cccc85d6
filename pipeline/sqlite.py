"""The one way Piip opens its SQLite catalog file, shared by the catalog, review and export.

All three keep their tables in the same file (``OUT_DIR/.piip-catalog.sqlite`` by default):
the catalog's ``sources`` and ``runs``, the review log and the export tables. Each opens it
through :func:`connect` (folder created, 30 s busy timeout, rows by column name, WAL journal,
its own tables created); the catalog and the export close it through :class:`SqliteStore`.
The run pages read it through :func:`connect` too. Only ``piip status`` opens it another
way: read-only by URI, so that looking never creates a catalog.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.errors import PiipError

BUSY_TIMEOUT_SECONDS = 30.0


def connect(path: str | Path, error: type[PiipError], schema: str = "", *,
            shared: bool = False) -> sqlite3.Connection:
    """Open the catalog file at ``path`` in WAL mode and run ``schema`` on it.

    ``schema`` holds ``CREATE ... IF NOT EXISTS`` statements. ``shared`` allows use from
    several threads (the caller then serialises access itself).

    Raises:
        error: naming the file, never its contents, when it cannot be opened or set up.

    """
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(p, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=not shared)
    except (sqlite3.Error, OSError) as exc:
        raise error(f"catalog {p}: cannot open ({type(exc).__name__}: {exc})") from exc
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        if schema:
            with db:
                db.executescript(schema)
    except sqlite3.Error as exc:
        db.close()
        raise error(f"catalog {p}: not a usable catalog ({type(exc).__name__}: {exc})") from exc
    except BaseException:
        db.close()
        raise
    return db


class SqliteStore:
    """A store over one connection (``self._db``), closed by :meth:`close` or on ``with`` exit."""

    _db: sqlite3.Connection

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
