"""Piip's one Finnish lexicon: word lists kept as data files in ``pipeline/fi/data/``.

Each list is a UTF-8 text file; ``#`` starts a comment. Modules read a list through
:func:`words` (every whitespace-separated entry, lower case), :func:`entries` (the same in
file order), :func:`lines` (the lines in file order, for lists whose lines carry structure) or
:func:`table` (two-column lines: key -> value) instead of keeping their own copy.

A line ``[name]`` starts a section. Where two readers need slightly different lists, the file
keeps the shared words in one section and each reader's extra words in its own, so a word is
written once and the difference stays explicit; the readers name the sections they take.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Return the non-empty, non-comment lines of ``data/<name>.txt``, stripped, in order."""
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(s for s in (line.split("#", 1)[0].strip() for line in text.splitlines()) if s)


@lru_cache(maxsize=None)
def sections(name: str) -> Mapping[str, tuple[str, ...]]:
    """Return the lines of ``data/<name>.txt`` under each ``[section]`` header, in order.

    Lines before the first header fall in the section ``""``.
    """
    out: dict[str, list[str]] = {}
    section = ""
    for line in lines(name):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            out.setdefault(section, [])
        else:
            out.setdefault(section, []).append(line)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _chosen(name: str, chosen: tuple[str, ...]) -> tuple[str, ...]:
    """Return the lines of the ``chosen`` sections (all sections when none are named)."""
    parts = sections(name)
    missing = [s for s in chosen if s not in parts]
    if missing:
        raise KeyError(f"data/{name}.txt has no section {missing[0]!r}; it has {sorted(parts)}")
    return tuple(line for s in (chosen or tuple(parts)) for line in parts[s])


@lru_cache(maxsize=None)
def entries(name: str, *chosen: str) -> tuple[str, ...]:
    """Return the entries of ``data/<name>.txt`` (of the ``chosen`` sections), lower case.

    Entries keep file order and appear once each (the first time they occur).
    """
    seen: dict[str, None] = {}
    for line in _chosen(name, chosen):
        for word in line.split():
            seen.setdefault(word.lower(), None)
    return tuple(seen)


@lru_cache(maxsize=None)
def words(name: str, *chosen: str) -> frozenset[str]:
    """Return the entries of ``data/<name>.txt`` (of the ``chosen`` sections), lower case."""
    return frozenset(entries(name, *chosen))


@lru_cache(maxsize=None)
def table(name: str, *chosen: str) -> Mapping[str, str]:
    """Return ``key value`` lines of ``data/<name>.txt`` as {key (lower case): value}.

    A key written twice is an error, so the table cannot silently disagree with itself.
    """
    out: dict[str, str] = {}
    for line in _chosen(name, chosen):
        key, value = line.split()
        if key.lower() in out:
            raise ValueError(f"data/{name}.txt lists {key!r} twice")
        out[key.lower()] = value
    return MappingProxyType(out)
