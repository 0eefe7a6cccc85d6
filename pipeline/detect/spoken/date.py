"""Dates of birth, written ("15.6.1980") or spoken ("viidestoista kesäkuuta kahdeksankymmentä").

A spoken date is a day (an ordinal word in any common case, "viidestoista", "viidentenä",
or digits), a month (a month name in any case, "kesäkuuta", or an ordinal in the partitive,
"kuudetta") and an optional year (two or four digits, from any spoken form). Ordinal words
are generated from their morphemes for 1–31 and matched exactly or, for long forms, within
one edit of their phonetically folded form.

Scores (DATE_OF_BIRTH): with a year up to 2010, 0.6; after a birth cue ("syntymäaika",
"synnyin", "syntynyt") within twelve tokens, 0.85 (0.6 without a year). A date with no year
and no cue, or a later year and no cue (an appointment, an invoice), is not reported.
The Presidio view of these claims is :class:`~pipeline.detect.spoken.number_run.
NumberSequenceRecognizer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.detect.spoken.document import Document, Match
from pipeline.detect.spoken.nearby import word_before
from pipeline.fi.folds import fold_number_word
from pipeline.fi.normalize import Token

ENTITY = "DATE_OF_BIRTH"
CUES = ("synty", "synny", "syntymä", "synt")
LAST_BIRTH_YEAR = 2010  # later years need a cue: they are more often invoices than births
_CASES = 4  # nominative, partitive, essive, genitive
_ORD: dict[int, tuple[str, ...]] = {
    1: ("ensimmäinen", "ensimmäistä", "ensimmäisenä", "ensimmäisen"),
    2: ("toinen", "toista", "toisena", "toisen"),
    3: ("kolmas", "kolmatta", "kolmantena", "kolmannen"),
    4: ("neljäs", "neljättä", "neljäntenä", "neljännen"),
    5: ("viides", "viidettä", "viidentenä", "viidennen"),
    6: ("kuudes", "kuudetta", "kuudentena", "kuudennen"),
    7: ("seitsemäs", "seitsemättä", "seitsemäntenä", "seitsemännen"),
    8: ("kahdeksas", "kahdeksatta", "kahdeksantena", "kahdeksannen"),
    9: ("yhdeksäs", "yhdeksättä", "yhdeksäntenä", "yhdeksännen"),
    10: ("kymmenes", "kymmenettä", "kymmenentenä", "kymmenennen"),
}
_COMPOUND = {1: ("yhdes", "yhdettä", "yhdentenä", "yhdennen"),
             2: ("kahdes", "kahdetta", "kahdentena", "kahdennen")}
_MONTH = re.compile(r"(tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)"
                    r"(?:kuu)")
_MONTHS = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys",
           "loka", "marras", "joulu")
_WRITTEN = re.compile(r"(?<![\d.])(\d{1,2})\. ?(\d{1,2})\. ?(\d{4}|\d{2})?(?![\d])")


def _stems(unit: int, case: int) -> list[str]:
    forms = [_ORD[unit][case]]
    if unit in _COMPOUND:
        forms.append(_COMPOUND[unit][case])
    return forms


@lru_cache(maxsize=1)
def ordinal_forms() -> dict[str, tuple[int, int]]:
    """Return every generated ordinal form 1–31 → (value, case index)."""
    forms: dict[str, tuple[int, int]] = {}
    for case in range(_CASES):
        for n in range(1, 11):
            forms[_ORD[n][case]] = (n, case)
        for u in range(1, 10):  # "viidestoista", "viidettätoista", "yhdestoista"
            forms[_stems(u, case)[-1] + "toista"] = (10 + u, case)
        for tens in (2, 3):
            head = _stems(tens, case)[-1] + _ORD[10][case]
            forms[head] = (tens * 10, case)
            for u in range(1, 10 if tens == 2 else 2):
                for stem in _stems(u, case):
                    forms[head + stem] = (tens * 10 + u, case)
    return forms


@lru_cache(maxsize=1)
def _folded() -> dict[str, tuple[int, int]]:
    return {fold_number_word(f): v for f, v in ordinal_forms().items()}


@lru_cache(maxsize=4096)
def ordinal(word: str) -> tuple[int, int] | None:
    """Return (value, case) of an ordinal word, allowing one edit in a long folded form."""
    exact = ordinal_forms().get(word)
    if exact is not None:
        return exact
    f = fold_number_word(word)
    if f in _folded():
        return _folded()[f]
    if len(f) < 8:
        return None
    best = process.extractOne(f, list(_folded()), scorer=Levenshtein.distance, score_cutoff=1)
    return _folded()[best[0]] if best else None


def month_of(word: str) -> int:
    """Return the month a month-name word names (any case), or 0."""
    m = _MONTH.match(word)
    return _MONTHS.index(m.group(1)) + 1 if m else 0


@dataclass(frozen=True)
class SpokenDate:
    """A spoken day and month (and year): token indices of its first and last token."""

    first: int
    last: int
    day: int
    month: int
    year: str  # two or four digits, or "" when no year was said


def _day_before(tokens: tuple[Token, ...], k: int) -> tuple[int, int] | None:
    """Return (index of the first day token, day) right before token ``k``, or None."""
    j = k - 1
    if j >= 0 and tokens[j].kind == "dot":
        j -= 1
    if j < 0:
        return None
    tok = tokens[j]
    if tok.kind == "word":
        hit = ordinal(tok.value)
        return (j, hit[0]) if hit and hit[0] <= 31 else None
    if tok.kind != "digit":
        return None
    first = j
    while first > 0 and tokens[first - 1].kind == "digit" and tokens[first - 1].start == tok.start:
        first -= 1
    day = int("".join(t.value for t in tokens[first:j + 1]))
    return (first, day) if j - first < 2 and 1 <= day <= 31 else None


def _year_after(tokens: tuple[Token, ...], k: int) -> tuple[str, int]:
    """Return (two or four year digits, index of the last token) after token ``k``."""
    j = k + 1
    if j < len(tokens) and tokens[j].kind == "dot":
        j += 1
    digits = ""
    while j < len(tokens) and tokens[j].kind == "digit" and len(digits) < 4:
        digits += tokens[j].value
        j += 1
    if len(digits) == 2 or (len(digits) == 4 and 1900 <= int(digits) <= 2030):
        return digits, j - 1
    return "", k


def _month(tok: Token) -> int:
    """Return the month a word names (a month name, or an ordinal in the partitive), or 0."""
    if tok.kind != "word":
        return 0
    named = month_of(tok.value)
    if named:
        return named
    hit = ordinal(tok.value)
    return hit[0] if hit and hit[1] == 1 and hit[0] <= 12 else 0


def spoken_dates(tokens: tuple[Token, ...]) -> Iterator[SpokenDate]:
    """Yield every spoken or half-written date ("15. kesäkuuta 1980") in the token stream."""
    for k in range(1, len(tokens)):
        month = _month(tokens[k])
        day = _day_before(tokens, k) if month else None
        if day is not None:
            year, last = _year_after(tokens, k)
            yield SpokenDate(day[0], last, day[1], month, year)


def full_year(year: str) -> int:
    """Return a four-digit year for two or four digits (two digits above 25: 1900s)."""
    if len(year) == 4:
        return int(year)
    return int(year) + (1900 if int(year) > 25 else 2000)


def _score(doc: Document, start: int, year: int | None) -> float:
    cue = word_before(doc, start, CUES, 12)
    if year is None:
        return 0.6 if cue else 0.0
    return 0.85 if cue else 0.6 if year <= LAST_BIRTH_YEAR else 0.0


def _spoken(doc: Document) -> Iterator[Match]:
    for d in spoken_dates(doc.tokens):
        start = doc.tokens[d.first].start
        value = _score(doc, start, full_year(d.year) if d.year else None)
        if value:
            yield Match(ENTITY, start, doc.tokens[d.last].end, value, "pattern")


def _written(doc: Document) -> Iterator[Match]:
    for m in _WRITTEN.finditer(doc.text):
        if not (1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12):
            continue
        value = _score(doc, m.start(), full_year(m[3]) if m[3] else None)
        if value:
            yield Match(ENTITY, m.start(), m.end(), value, "pattern")


def is_written_date(text: str) -> bool:
    """Return True when ``text`` is a written day.month.year date ("15.6.2024")."""
    m = _WRITTEN.fullmatch(text.strip())
    return bool(m and m[3] and 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12)


def find(doc: Document) -> Iterator[Match]:
    """Propose dates of birth in the document."""
    yield from _spoken(doc)
    yield from _written(doc)
