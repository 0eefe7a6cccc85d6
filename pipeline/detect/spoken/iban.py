"""Finnish bank account numbers (IBAN), written or spoken.

``FI`` ("äf ii") + 2 check digits + 14 digits, ISO 13616 mod-97 check: 0.95. A run of
sixteen digits that passes the check with ``FI`` put in front is an IBAN even when the letters
were not heard (0.85, below a card number that passes Luhn: one in 97 card numbers passes
mod-97 by chance); with the letters and a failed check (an ASR slip, 15 to 17 digits) it is
still reported, 0.6 ``pattern``. A run that passes the check only when its number words are
grouped differently ("viisisataa kolmekymmentäneljä" is 534 or 500 34) is an IBAN too,
0.9 with the letters, 0.8 without.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban as stdnum_iban

from pipeline.detect.spoken.document import (
    Document,
    Match,
    Run,
    alternatives,
    digit_span,
    digits_only,
    stretches,
)

ENTITY = "IBAN_CODE"
LENGTH = 16  # digits after "FI"
_PREFIX = re.compile(r"FI-?")


def mod97_ok(country: str, digits: str) -> bool:
    """Return True when ``country`` + ``digits`` is a valid IBAN (``stdnum.iban``)."""
    return stdnum_iban.is_valid(country + digits)


def _with_prefix(run: Run) -> Iterator[Match]:
    for m in _PREFIX.finditer(run.chars):
        digits, idx = digits_only(run, m.end(), len(run.chars))
        lead = re.match(r"\d+", digits)
        if not lead:
            continue
        count = min(len(lead.group()), LENGTH + 1)
        if count < LENGTH - 1:
            continue
        end = idx[count - 1] + 1
        if count >= LENGTH and mod97_ok("FI", digits[:LENGTH]):
            yield Match(ENTITY, *run.span(m.start(), idx[LENGTH - 1] + 1), 0.95, "checksum")
        else:
            fuzzy = run.fuzzy(m.start(), end)
            yield Match(ENTITY, *run.span(m.start(), end), 0.55 if fuzzy else 0.6,
                        "fuzzy" if fuzzy else "pattern")


def _bare(run: Run) -> Iterator[Match]:
    """Sixteen digits at either end of a digit stretch that pass the check with FI."""
    for i, j in stretches(run):
        digits, idx = digits_only(run, i, j)
        if len(digits) < LENGTH:
            continue
        for k in {0, len(digits) - LENGTH}:
            if mod97_ok("FI", digits[k:k + LENGTH]):
                yield Match(ENTITY, *run.span(idx[k], idx[k + LENGTH - 1] + 1), 0.85,
                            "checksum")


_READING = re.compile(r"(FI)?-?((?:\d-?){16})")


def _reread(doc: Document, run: Run) -> Iterator[Match]:
    """Find an IBAN that passes the check only with its groups read differently."""
    if not LENGTH - 3 <= sum(c.isdigit() for c in run.chars) <= LENGTH + 3:
        return
    for reading in alternatives(doc, run)[1:]:
        m = _READING.fullmatch(reading)
        if m and mod97_ok("FI", m[2].replace("-", "")):
            start, end = run.span(0, len(run.chars)) if m[1] else digit_span(run)
            yield Match(ENTITY, start, end, 0.9 if m[1] else 0.8, "checksum")
            return


def find(doc: Document) -> Iterator[Match]:
    """Propose IBANs in every run of the document."""
    for run in doc.runs:
        yield from _with_prefix(run)
        yield from _bare(run)
        yield from _reread(doc, run)
