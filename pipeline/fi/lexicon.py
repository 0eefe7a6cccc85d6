"""Piip's one Finnish lexicon: word lists kept as data files in ``pipeline/fi/data/``.

Each list is a UTF-8 text file; ``#`` starts a comment. Modules read a list through
:func:`words` (every whitespace-separated entry, lower case) or :func:`lines` (the lines in
file order, for lists whose lines carry structure) instead of keeping their own copy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Return the non-empty, non-comment lines of ``data/<name>.txt``, stripped, in order."""
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(s for s in (line.split("#", 1)[0].strip() for line in text.splitlines()) if s)


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """Return the whitespace-separated entries of ``data/<name>.txt``, lower case."""
    return frozenset(w.lower() for line in lines(name) for w in line.split())
