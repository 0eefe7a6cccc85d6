"""The words next to a run or a match: cue words before it, a unit or a letter after it.

Also the Finnish business ID (Y-tunnus) check, and :func:`widened`, which takes a settled
match out over the garbled words at its edges.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

from stdnum.fi import ytunnus

from pipeline.detect.spoken.document import FILLERS, Document, Match
from pipeline.fi import morphology
from pipeline.fi.normalize import Token

MEASURES = ("euro", "sentt", "vuo", "viiko", "viikk", "päiv", "kerta", "kerra", "tunti", "tunni",
            "minuut", "sekunt", "kuukau", "kilo", "metri", "gramm", "litra", "prosent",
            "kappale", "kpl", "sivu", "astetta", "henkilö", "hengen", "neliö", "kruunu",
            "dollari", "tuhatta", "miljoona", "vuotias", "kuukaus")

UNIT_CLASSES = frozenset({"nimisana", "lukusana", "lyhenne", "nimisana_laatusana", "etunimi"})


def word_before(doc: Document, start: int, stems: tuple[str, ...], window: int = 8) -> bool:
    """Return True when a word among the ``window`` tokens before ``start`` starts with a stem."""
    k = bisect_right(doc.tokens, start, key=lambda t: t.end)
    before = doc.tokens[max(0, k - window):k]
    return any(t.kind == "word" and t.value.startswith(stems) for t in before)


def token_after(doc: Document, end: int) -> Token | None:
    """Return the first token starting at or after character ``end``, or None."""
    k = bisect_left(doc.tokens, end, key=lambda t: t.start)
    return doc.tokens[k] if k < len(doc.tokens) else None


def short_tail(doc: Document, end: int) -> int:
    """Return ``end`` moved past a short unknown word that follows at once: a misheard letter.

    A read-out code often ends in a letter ("... yhdeksän hoo"), which the recogniser may
    write as a short non-word ("oh"). Two or three letters, no sentence end before it, and
    no reading as a conjunction, pronoun, verb or adverb ("ja", "se", "on", "nyt").
    """
    tok = token_after(doc, end)
    if tok is None or tok.kind != "word" or not 2 <= len(tok.value) <= 3 \
            or tok.value in FILLERS or any(c in doc.text[end:tok.start] for c in ".?!\n"):
        return end
    classes = {a.wordclass for a in morphology.analyse(tok.value)}
    return tok.end if classes <= {"huudahdussana", "lyhenne"} else end


def measure_after(doc: Document, end: int) -> bool:
    """Return True when the word right after ``end`` is a unit ("euroa", "viikkoa", ...)."""
    nxt = token_after(doc, end)
    return nxt is not None and nxt.kind == "word" and unit_word(nxt.value)


@lru_cache(maxsize=4096)
def unit_word(word: str) -> bool:
    """Return True for a unit word: a measure prefix, and not only a verb or adverb.

    "päivää" is a unit, "päivitän" (I update) after a number is not.
    """
    if not word.startswith(MEASURES):
        return False
    classes = {a.wordclass for a in morphology.analyse(word)}
    return not classes or bool(classes & UNIT_CLASSES)


_BUSINESS_ID = re.compile(r"\d{7}-\d")


def is_business_id(chars: str) -> bool:
    """Return True for a valid Finnish business ID (Y-tunnus, ``1234567-8``): not a person's.

    The form (seven digits, a dash, a check digit) is Piip's; the check is ``stdnum.fi.ytunnus``.
    """
    return bool(_BUSINESS_ID.fullmatch(chars)) and ytunnus.is_valid(chars)


def widened(doc: Document, match: Match) -> Match:
    """Take in the garbles of a run whose first or last token ``match`` covers (fail closed)."""
    start, end = match.start, match.end
    if doc.text[start:end].replace(" ", "").isalnum() and any(
            c.isdigit() for c in doc.text[start:end]):
        return match  # written with numerals: the recogniser heard it clearly
    for run in doc.runs:
        if not run.garbles or run.tokens[-1].end <= start or run.tokens[0].start >= end:
            continue
        if start <= run.tokens[0].start:
            start = min([start, *(g.start for g in run.garbles)])
        if end >= run.tokens[-1].end:
            end = max([end, *(g.end for g in run.garbles)])
    end = short_tail(doc, end)
    return match if (start, end) == (match.start, match.end) else replace(match, start=start,
                                                                          end=end)
