"""Payment card numbers, written or spoken.

13 to 19 digits with a valid Luhn check: 0.9 ``checksum`` (0.7 unless it starts like a card,
2 to 6). Sixteen digits at the start or
end of a longer stretch (a card read with its expiry date) that pass the check and start
like a card (2 to 6): 0.8. Sixteen digits starting like a Visa or Mastercard that fail the
check (an ASR slip) after a card cue word: 0.5 ``pattern``. Numbers read in groups are
ambiguous ("nolla kaksikymmentä yksi" is 021 or 020 1): a run that passes the check only
in another reading is a card number too, 0.85.
"""

from __future__ import annotations

from collections.abc import Iterator

from stdnum import luhn

from pipeline.detect.spoken.document import (
    Document,
    Match,
    Run,
    alternatives,
    digit_span,
    digits_only,
    stretches,
)
from pipeline.detect.spoken.nearby import word_before

ENTITY = "CREDIT_CARD"
CUES = ("kortti", "kortin", "luottokort", "pankkikort", "maksukort", "visa", "mastercard")


def luhn_ok(digits: str) -> bool:
    """Return True when ``digits`` passes the Luhn check (``stdnum.luhn``)."""
    return luhn.is_valid(digits)


def _reread(doc: Document, run: Run) -> Iterator[Match]:
    """Find a card number that passes the check only with its groups read differently."""
    if not 12 <= sum(c.isdigit() for c in run.chars) <= 22:
        return
    for reading in alternatives(doc, run)[1:]:
        digits = "".join(c for c in reading if c.isdigit())
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_ok(digits):
            yield Match(ENTITY, *digit_span(run), 0.85, "checksum")
            return


def find(doc: Document) -> Iterator[Match]:
    """Propose card numbers in every digit stretch of the document."""
    for run in doc.runs:
        yield from _reread(doc, run)
        for i, j in stretches(run):
            digits, idx = digits_only(run, i, j)
            n = len(digits)
            if 13 <= n <= 19 and luhn_ok(digits):
                score = 0.9 if digits[0] in "23456" else 0.7
                yield Match(ENTITY, *run.span(idx[0], idx[-1] + 1), score, "checksum")
                continue
            for k in {0, n - 16} if n > 16 else ():
                window = digits[k:k + 16]
                if window[0] in "23456" and luhn_ok(window):
                    yield Match(ENTITY, *run.span(idx[k], idx[k + 15] + 1), 0.8, "checksum")
            start, end = run.span(idx[0], idx[-1] + 1) if idx else (0, 0)
            if n == 16 and digits[0] in "45" and word_before(doc, start, CUES, 12):
                yield Match(ENTITY, start, end, 0.5, "pattern")
