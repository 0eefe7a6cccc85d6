"""Fail-closed fallback: long digit runs no other recognizer explained, and dates of birth.

Any stretch of five or more digits (spoken or written, across separators and hesitations;
a garbled word inside or beside it counts as a digit, given two heard ones) that no
identifier recognizer claimed is reported as NUMBER_SEQUENCE, 0.4 ``unvalidated``: an ASR
slip that broke a checksum must still be bleeped. So are three digits said one word each
("nolla neljä kuusi": someone reading a code out) and, in a run of seven digits or more, an
unclaimed part of three digits or more (the rest of a phone number cut off by a stray letter,
say). After a cue such as "asiakasnumero", "potilasnumero", "viitenumero" or "tilaus",
three digits or more are a CUSTOMER_NUMBER, 0.7. Not reported: a single spoken quantity
("satatuhatta"), a number of at most eight digits after a sum cue ("maksoin") or before a unit
noun ("euroa", "viikkoa"), a written date that is not a birth date, and a valid business ID
(Y-tunnus).

This recognizer also reports the DATE_OF_BIRTH claims of :mod:`pipeline.detect.spoken.date`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from pipeline.detect.spoken.claims import claims
from pipeline.detect.spoken.date import ENTITY as DATE_ENTITY
from pipeline.detect.spoken.date import is_written_date
from pipeline.detect.spoken.document import Document, Match, Run, document
from pipeline.detect.spoken.nearby import is_business_id, measure_after, short_tail, word_before
from pipeline.detect.spoken.recognizers import SpokenRecognizer
from pipeline.fi.normalize import Token
from pipeline.fi.numberwords import combine, parse_exact

ENTITY = "NUMBER_SEQUENCE"
CUSTOMER = "CUSTOMER_NUMBER"
MIN_DIGITS = 5
MIN_CUSTOMER_DIGITS = 3
MIN_GARBLED_DIGITS = 2  # with garbled words around them, two heard digits are enough
LONG_RUN = 7  # in a run this long, even a short unexplained part is bleeped
SPELLED = 3  # digits said one word each ("nolla neljä kuusi"): someone reading a code out
MAX_AMOUNT_DIGITS = 8  # more digits than this are never a sum or a quantity
AMOUNT_CUES = ("yhteensä", "hinta", "hintaa", "hintaan", "maksaa", "maksoi", "summa", "saldo",
               "velka", "velkaa", "alennus", "kustan")
CUES = ("asiakas", "asiakk", "potilas", "viite", "tilaus", "sopimus", "lasku", "jäsen",
        "vakuutus", "tapaus", "lähetys", "seuranta", "henkilöstö", "työntekijä", "palvelupyyn",
        "tiketti", "vahinko", "kanta-asiakas", "tunnusluku", "asiakasnro")


def _free_segments(run: Run, taken: tuple[Match, ...]) -> Iterator[tuple[int, int]]:
    """Yield (i, j) ranges of run tokens that no claim overlaps."""
    starts = [m.start for m in taken]
    i = None
    for k, tok in enumerate(run.tokens):
        p = bisect_right(starts, tok.start) - 1
        busy = any(m.start < tok.end and tok.start < m.end for m in taken[max(0, p - 1):p + 2])
        if busy:
            if i is not None:
                yield i, k
            i = None
        elif i is None:
            i = k
    if i is not None:
        yield i, len(run.tokens)


def _trim(run: Run, i: int, j: int) -> tuple[int, int]:
    """Drop separators from both ends of tokens ``i:j`` (letters stay: "äf ii", a check letter)."""
    while i < j and run.chars[i] in "-+":
        i += 1
    while j > i and run.chars[j - 1] in "-+":
        j -= 1
    return i, j


def _quantity(doc: Document, run: Run, i: int, j: int) -> bool:
    """Return True for one spoken quantity ("satatuhatta"), a date, or an amount of money.

    An amount is a number before a unit ("euroa", "viikkoa") or right after a word that
    announces a sum ("yhteensä 231.20", "hinta on"), and has at most ``MAX_AMOUNT_DIGITS``
    digits: "maksoin 5202345605141" is a card number read after the cue, not a sum.
    """
    if is_written_date(doc.text[run.tokens[i].start:run.tokens[j - 1].end]):
        return True
    if _whole_digits(doc, run.tokens[i:j]) > MAX_AMOUNT_DIGITS:
        return False
    start, end = run.span(i, j)
    return (one_number(doc.text[start:end]) or measure_after(doc, end)
            or word_before(doc, start, AMOUNT_CUES, 3))


def _whole_digits(doc: Document, tokens: tuple[Token, ...]) -> int:
    """Return how many digits come before the first decimal point or comma of ``tokens``."""
    count, prev = 0, None
    for tok in tokens:
        if tok.kind != "digit":
            continue
        if prev is not None and prev.end <= tok.start and (
                set(doc.text[prev.end:tok.start + 1]) & {".", ","}):
            break
        count, prev = count + 1, tok
    return count


def _spelled(run: Run, i: int, j: int) -> int:
    """Return how many of tokens ``i:j`` are digits said as a word of their own."""
    words = Counter((t.start, t.end) for t in run.tokens[i:j] if t.kind == "digit")
    return sum(n == 1 for n in words.values())


def one_number(text: str) -> bool:
    """Return True when ``text`` is one spoken number ("kaksisataaviisikymmentä tuhatta")."""
    atoms = []
    for k, word in enumerate(text.lower().split()):
        parsed = parse_exact(word.strip(",.!?"))
        if parsed is None:
            return False
        atoms.extend((a, k) for a in parsed)
    chunks, _, _ = combine(atoms)
    return len(chunks) == 1


def leftovers(text: str) -> tuple[Match, ...]:
    """Return the NUMBER_SEQUENCE and CUSTOMER_NUMBER matches of ``text``."""
    return _leftovers(text)


@lru_cache(maxsize=16)
def _leftovers(text: str) -> tuple[Match, ...]:
    doc, taken = document(text), claims(text)
    found: list[Match] = []
    for run in doc.runs:
        total = sum(t.kind == "digit" for t in run.tokens)
        for i, j in _free_segments(run, taken):
            i, j = _trim(run, i, j)
            count = sum(t.kind == "digit" for t in run.tokens[i:j])
            if count < MIN_GARBLED_DIGITS or _quantity(doc, run, i, j) \
                    or is_business_id(run.chars[i:j]):
                continue
            start, end = run.wide_span(i, j)
            end = short_tail(doc, end)
            likely = count + run.garbles_in(start, end)  # a garbled word is a digit, likely
            if count < MIN_CUSTOMER_DIGITS and likely < MIN_DIGITS:
                continue
            if count >= MIN_CUSTOMER_DIGITS and word_before(doc, run.tokens[0].start, CUES, 10):
                found.append(Match(CUSTOMER, start, end, 0.7, "pattern"))
            elif (likely >= MIN_DIGITS or (count >= 2 and total >= LONG_RUN)
                  or _spelled(run, i, j) >= SPELLED):
                found.append(Match(ENTITY, start, end, 0.4, "unvalidated"))
    return tuple(found)


class NumberSequenceRecognizer(SpokenRecognizer):
    """Unexplained digit runs, customer numbers and dates of birth (fail-closed)."""

    ENTITIES = (ENTITY, CUSTOMER, DATE_ENTITY)
    CONTEXT = CUES

    def matches(self, text: str) -> Iterator[Match]:
        """Return the fallback matches and the date-of-birth claims of ``text``."""
        yield from leftovers(text)
        yield from (m for m in claims(text) if m.entity == DATE_ENTITY)
