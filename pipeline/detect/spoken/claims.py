"""Settle the finders' proposals: each stretch of words gets at most one identifier type.

Every finder (hetu, IBAN, card, phone, date, e-mail, address) proposes
:class:`~pipeline.detect.spoken.document.Match` objects on the shared document;
:func:`claims` keeps them best score first (then longest, then first), drops any that
overlaps one already kept, and widens the kept ones over the garbled words at their edges
(:func:`~pipeline.detect.spoken.nearby.widened`). The Presidio recognizers in
:mod:`pipeline.detect.spoken.recognizers` are views of these claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from pipeline.detect.spoken import address, card, date, email, hetu, iban, phone
from pipeline.detect.spoken.document import Document, Match, document
from pipeline.detect.spoken.nearby import widened

Finder = Callable[[Document], Iterable[Match]]

FINDERS: tuple[Finder, ...] = (hetu.find, iban.find, card.find, phone.find, date.find,
                               email.find, email.find_without_at, address.find)


@lru_cache(maxsize=16)
def claims(text: str) -> tuple[Match, ...]:
    """Return every finder's matches in ``text``, overlaps settled by score then length."""
    doc = document(text)
    proposed = [m for find in FINDERS for m in find(doc)]
    proposed.sort(key=lambda m: (-m.score, -(m.end - m.start), m.start))
    kept: list[Match] = []
    for match in proposed:
        if not any(match.overlaps(k) for k in kept):
            kept.append(match)
    return tuple(sorted((widened(doc, m) for m in kept), key=lambda m: (m.start, m.end)))
