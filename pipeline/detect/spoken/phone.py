"""Finnish phone numbers, written or spoken.

National numbers start with 0 and have 7 to 11 digits in all: a Finnish mobile number by
the numbering plan (``phonenumbers``, region FI) of nine digits or more, 0.85; any other,
valid or not (landlines and service numbers 09, 02…, 020, 0800, a garbled or short mobile),
0.7; one starting 00 (another country), 0.6. International ones start with "+358", "00358"
or "358" ("plus kolme viisi kahdeksan") and have 6 to 11 more digits (0.9 with the plus or
00, else 0.75). Garbled digits lower a score by 0.05 and give reason
``fuzzy``. A stretch of two numbers read one after the other is split in two.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers

from pipeline.detect.spoken.document import (
    Document,
    Match,
    Run,
    digits_only,
    stretches,
)
from pipeline.detect.spoken.hetu import valid_date
from pipeline.detect.spoken.nearby import is_business_id

ENTITY = "PHONE_NUMBER"
FINLAND = 358  # country calling code


def is_mobile(digits: str) -> bool:
    """Return True for a Finnish mobile number in national form ("0401234567")."""
    try:
        number = phonenumbers.parse(digits, "FI")
    except phonenumbers.NumberParseException:
        return False
    return (number.country_code == FINLAND
            and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)


def score(digits: str, plus: bool) -> float:
    """Return how phone-like a digit string is (0 when it is not a phone number)."""
    for prefix in ("00358", "358"):
        if digits.startswith(prefix) and 6 <= len(digits) - len(prefix) <= 11:
            return 0.9 if plus or prefix == "00358" else 0.75
    if plus or not digits.startswith("0") or not 7 <= len(digits) <= 11:
        return 0.0
    if len(digits) >= 9 and is_mobile(digits):
        return 0.85
    return 0.6 if digits.startswith("00") else 0.7


def _looks_like_hetu(chars: str) -> bool:
    """Return True for six digits of a valid date and a dash: a century sign, not a phone."""
    return (len(chars) > 7 and chars[6] == "-" and chars[:6].isdigit()
            and any(valid_date(chars[:6], c) for c in (1900, 2000)))


def _match(run: Run, idx: list[int], plus_at: int | None, value: float) -> Match:
    first = plus_at if plus_at is not None else idx[0]
    fuzzy = run.fuzzy(first, idx[-1] + 1)
    return Match(ENTITY, *run.span(first, idx[-1] + 1), round(value - 0.05 * fuzzy, 3),
                 "fuzzy" if fuzzy else "pattern")


def _split(run: Run, digits: str, idx: list[int]) -> Iterator[Match]:
    """Split a long stretch into two national numbers, if it is exactly two."""
    for k in range(7, len(digits) - 6):
        a, b = digits[:k], digits[k:]
        if digits[k] == "0" and score(a, False) and score(b, False):
            yield _match(run, idx[:k], None, min(score(a, False), score(b, False)))
            yield _match(run, idx[k:], None, min(score(a, False), score(b, False)))
            return


def find(doc: Document) -> Iterator[Match]:
    """Propose phone numbers in every digit stretch of the document."""
    for run in doc.runs:
        for i, j in stretches(run):
            if is_business_id(run.chars[i:j]):
                continue
            plus = run.chars[i] == "+"
            digits, idx = digits_only(run, i, j)
            value = score(digits, plus)
            if value and _looks_like_hetu(run.chars[i:j]):
                value = 0.45
            if value:
                yield _match(run, idx, i if plus else None, value)
            elif len(digits) > 11 and digits.startswith("0"):
                yield from _split(run, digits, idx)
