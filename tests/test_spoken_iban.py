"""Finnish IBANs (pipeline.detect.spoken.iban): (text, exact span, score, reason)."""

import pytest

from pipeline.detect.spoken.iban import mod97_ok
from tests.spoken_found import found

IBAN = "IBAN_CODE"
SPOKEN_IBAN = ("äf ii kaksikymmentäyksi kaksitoista kolmekymmentäneljä viisikymmentäkuusi nolla "
               "nolla nolla nolla nolla seitsemän kahdeksankymmentäviisi")


@pytest.mark.parametrize(("text", "span", "score", "reason"), [
    ("tili FI21 1234 5600 0007 85 kiitos", "FI21 1234 5600 0007 85", 0.95, "checksum"),
    ("FI2112345600000785", "FI2112345600000785", 0.95, "checksum"),
    (f"tilinumero on {SPOKEN_IBAN}", SPOKEN_IBAN, 0.95, "checksum"),
    ("tilinumero 21 1234 5600 0007 85", "21 1234 5600 0007 85", 0.85, "checksum"),
    ("FI88 5566 7788 9900 11", "FI88 5566 7788 9900 11", 0.95, "checksum"),
    ("tili on fi 21 1234 5600 0007 85", "fi 21 1234 5600 0007 85", 0.95, "checksum"),
    ("tili on äfii 21 1234 5600 0007 85", "äfii 21 1234 5600 0007 85", 0.95, "checksum"),
    # checksum broken by a slip, letters heard: still an IBAN
    ("FI21 1234 5600 0007 86", "FI21 1234 5600 0007 86", 0.6, "pattern"),
    ("FI21 1234 5600 0007 8", "FI21 1234 5600 0007 8", 0.6, "pattern"),
])
def test_iban(text, span, score, reason):
    assert found(text) == [(IBAN, span, score, reason)]


@pytest.mark.parametrize(("digits", "valid"), [
    ("2112345600000785", True),
    ("2212345600000785", False),
    ("8855667788990011", True),
    ("21123456000007", False),  # too short for a Finnish IBAN
])
def test_mod97(digits, valid):
    assert mod97_ok("FI", digits) is valid
