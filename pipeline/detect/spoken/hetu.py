"""Finnish personal identity code (henkilötunnus), written or spoken.

``DDMMYY C ZZZ Q``: birth date, century sign (``+``; ``-`` or U–Y for the 1900s; A–F for the
2000s, said as a letter name or "viiva"/"plus", sometimes dropped), individual number and
check character. A code is valid when python-stdnum's ``stdnum.fi.hetu`` says so (date,
individual number 002–999, check character); temporary numbers 900–999 count.

Scores: checksum valid 0.95 (0.75 without a spoken century sign, below a mobile number: one
in 31 phone numbers passes the check by chance; 0.9 when it passes only with the number
words grouped differently, see :func:`pipeline.fi.normalize.readings`); a valid birth date with a
century sign but a failed checksum (an ASR slip) 0.6, reason ``pattern``; a century sign
between five to seven and two to four digits around a valid day and month 0.5, ``fuzzy``.
The birth date may also be read as a date ("kolmastoista lokakuuta viisikymmentäkaksi").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from stdnum.fi import hetu as stdnum_hetu

from pipeline.detect.spoken.date import spoken_dates
from pipeline.detect.spoken.document import Document, Match, Run, alternatives
from pipeline.detect.spoken.nearby import token_after

ENTITY = "FI_PERSONAL_IDENTITY_CODE"
CENTURY = {"+": 1800, "-": 1900, **dict.fromkeys("UVWXY", 1900), **dict.fromkeys("ABCDEF", 2000)}
_EXACT = re.compile(r"(?=(\d{6})([-+A-FU-Y]?)(\d{3})([0-9A-Y]))")
_LOOSE = re.compile(r"(?=(\d{5,7})([-+A-FU-Y])(\d{2,4})([0-9A-Y]?))")


def valid_date(ddmmyy: str, century: int) -> bool:
    """Return True when ``ddmmyy`` in ``century`` is a real calendar date."""
    try:
        date(century + int(ddmmyy[4:6]), int(ddmmyy[2:4]), int(ddmmyy[:2]))
    except ValueError:
        return False
    return True


def code_ok(ddmmyy: str, sign: str, zzz: str, q: str) -> bool:
    """Return True when the parts make a valid code (``stdnum.fi.hetu``, temporary numbers too).

    Without a century sign the code is valid when it is valid in the 1900s or the 2000s.
    """
    return any(stdnum_hetu.is_valid(f"{ddmmyy}{s}{zzz}{q}", allow_temporary=True)
               for s in ([sign] if sign else ["-", "A"]))


def is_valid(code: str) -> bool:
    """Return True for a well-formed written code with a valid date and check character."""
    return stdnum_hetu.is_valid(code, allow_temporary=True)


def _bounded(run: Run, i: int, j: int) -> bool:
    """Return True when no digit touches the match on either side."""
    return (i == 0 or not run.chars[i - 1].isdigit()) and (
        j >= len(run.chars) or not run.chars[j].isdigit())


def _exact(run: Run) -> Iterator[Match]:
    for m in _EXACT.finditer(run.chars):
        dmy, sign, zzz, q = m.groups()
        i = m.start()
        j = i + len(dmy) + len(sign) + len(zzz) + len(q)
        centuries = [CENTURY[sign]] if sign else [1900, 2000]
        if not any(valid_date(dmy, c) for c in centuries):
            continue
        start, end = run.span(i, j)
        if code_ok(dmy, sign, zzz, q):
            yield Match(ENTITY, start, end, 0.95 if sign else 0.75, "checksum")
        elif sign and _bounded(run, i, j):
            fuzzy = run.fuzzy(i, j)
            yield Match(ENTITY, start, end, 0.55 if fuzzy else 0.6,
                        "fuzzy" if fuzzy else "pattern")


def _loose(doc: Document, run: Run) -> Iterator[Match]:
    for m in _LOOSE.finditer(run.chars):
        head, sign, tail, q = m.groups()
        day, month = int(head[:2]), int(head[2:4])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        i = m.start()
        j = i + len(head) + len(sign) + len(tail) + len(q)
        if not _bounded(run, i, j):
            continue
        start, end = run.span(i, j)
        nxt = token_after(doc, end)
        if (not q and j == len(run.chars) and nxt is not None and nxt.kind == "word"
                and len(nxt.value) <= 4 and "\n" not in doc.text[end:nxt.start]):
            end = nxt.end  # the check letter, misheard as a short word ("te" for "tee")
        yield Match(ENTITY, start, end, 0.5, "fuzzy")


_TAIL = re.compile(r"([-+A-FU-Y]?)(\d{3})([0-9A-Y])")
_TAIL_KINDS = frozenset({"digit", "letter", "sep", "plus"})


def _date_read(doc: Document) -> Iterator[Match]:
    """Codes whose birth date is read as a date: "kolmastoista lokakuuta 52 viiva 308 tee"."""
    tokens = doc.tokens
    for d in spoken_dates(tokens):
        if not d.year:
            continue
        dmy = f"{d.day:02d}{d.month:02d}{d.year[-2:]}"
        tail = tokens[d.last + 1:d.last + 8]
        chars = ""
        for tok in tail:
            if tok.kind not in _TAIL_KINDS:
                break
            chars += {"sep": "-", "plus": "+"}.get(tok.kind, tok.value)
        m = _TAIL.match(chars)
        if not m:
            continue
        sign, zzz, q = m.groups()
        start, end = tokens[d.first].start, tail[m.end() - 1].end
        if code_ok(dmy, sign, zzz, q):
            yield Match(ENTITY, start, end, 0.95, "checksum")
        elif sign and valid_date(dmy, CENTURY[sign]):
            yield Match(ENTITY, start, end, 0.6, "pattern")


def _reread(doc: Document, run: Run) -> Iterator[Match]:
    """Find a code whose checksum passes only with its number words grouped differently."""
    if not 9 <= len(run.chars) <= 14:
        return
    for reading in alternatives(doc, run)[1:]:
        for m in _EXACT.finditer(reading):
            dmy, sign, zzz, q = m.groups()
            if sign and code_ok(dmy, sign, zzz, q):
                yield Match(ENTITY, *run.span(0, len(run.chars)), 0.9, "checksum")
                return


def find(doc: Document) -> Iterator[Match]:
    """Propose identity codes in every run of the document, and after spoken dates."""
    for run in doc.runs:
        yield from _exact(run)
        yield from _loose(doc, run)
        yield from _reread(doc, run)
    yield from _date_read(doc)
