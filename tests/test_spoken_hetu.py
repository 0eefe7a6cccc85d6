"""Personal identity codes (pipeline.detect.spoken.hetu): (text, exact span, score, reason)."""

import pytest

from pipeline.detect.spoken.hetu import is_valid
from tests.spoken_found import found, needs_voikko

HETU = "FI_PERSONAL_IDENTITY_CODE"


@pytest.mark.parametrize(("text", "span", "score", "reason"), [
    ("henkilötunnukseni on 131052-308T", "131052-308T", 0.95, "checksum"),
    ("se on 100190Y999P kiitos", "100190Y999P", 0.95, "checksum"),
    ("hetu 010105A123P.", "010105A123P", 0.95, "checksum"),
    ("yksi kolme yksi nolla viisi kaksi viiva kolme nolla kahdeksan tee",
     "yksi kolme yksi nolla viisi kaksi viiva kolme nolla kahdeksan tee", 0.95, "checksum"),
    ("on kolmetoista kymmenen viisikymmentäkaksi viiva kolmesataakahdeksan tee kiitos",
     "kolmetoista kymmenen viisikymmentäkaksi viiva kolmesataakahdeksan tee", 0.95, "checksum"),
    ("13 10 52 viiva 308 T", "13 10 52 viiva 308 T", 0.95, "checksum"),
    ("Se on 13.10.52-308T.", "13.10.52-308T", 0.95, "checksum"),
    ("nolla yksi nolla yksi nolla viisi aa yksi kaksi kolme pee",
     "nolla yksi nolla yksi nolla viisi aa yksi kaksi kolme pee", 0.95, "checksum"),
    ("kolmetoista kymmenen viisikymmentäkaksi kolmesataakahdeksan tee",
     "kolmetoista kymmenen viisikymmentäkaksi kolmesataakahdeksan tee", 0.75, "checksum"),
    ("kolmastoista lokakuuta viisikymmentäkaksi viiva kolmesataakahdeksan tee",
     "kolmastoista lokakuuta viisikymmentäkaksi viiva kolmesataakahdeksan tee", 0.95, "checksum"),
    ("yksi kolme yksi nolla viisi kaksi öö viiva kolme nolla kahdeksan tee",
     "yksi kolme yksi nolla viisi kaksi öö viiva kolme nolla kahdeksan tee", 0.95, "checksum"),
    # an ASR slip breaks the checksum: still reported, lower
    ("131052-308U", "131052-308U", 0.6, "pattern"),
    ("kolmetoista kymmenen viisikymmentäkaksi viiva kolmesataayhdeksän tee",
     "kolmetoista kymmenen viisikymmentäkaksi viiva kolmesataayhdeksän tee", 0.6, "pattern"),
    # Regression: a code with a slip and a digit check character was taken for a landline
    ("010190-1234", "010190-1234", 0.6, "pattern"),
    # a digit lost: century sign between 5 and 3 digits around a real day and month
    ("13105-308T", "13105-308T", 0.5, "fuzzy"),
    # the check letter misheard as a word ("te" for "tee")
    ("se on 131052-308 te kiitos", "131052-308 te", 0.5, "fuzzy"),
    # Regression (stdnum.fi.hetu): individual numbers 000 and 001 are never given, so their
    # check character no longer makes a code sure
    ("henkilötunnus on 131052-000V", "131052-000V", 0.6, "pattern"),
    # every century sign, the 2023 ones too
    *((f"tunnus {code}", code, 0.95, "checksum")
      for code in (f"131052{sign}308T" for sign in "+-UVWXYABCDEF")),
    # Regression: a plus after six digits (the 1800s) started a phone number and cut the code
    ("yksi kolme yksi nolla viisi kaksi plus kolme nolla kahdeksan tee",
     "yksi kolme yksi nolla viisi kaksi plus kolme nolla kahdeksan tee", 0.95, "checksum"),
    ("kolmetoista kymmenen viisikymmentäkaksi plus kolmesataakahdeksan tee",
     "kolmetoista kymmenen viisikymmentäkaksi plus kolmesataakahdeksan tee", 0.95, "checksum"),
    ("Se on 13.10.52+308T.", "13.10.52+308T", 0.95, "checksum"),
])
def test_hetu(text, span, score, reason):
    assert found(text) == [(HETU, span, score, reason)]


@needs_voikko
@pytest.mark.parametrize("text", [
    "kolmetoista kymmenen viisikymmentäkaksi viiva kalmesataakahdeksan tee",
    "kolmetoista kymmenen viisikymmentäkaksi viiva kolme nolla kahteksan tee",
])
def test_garbled_digits_still_pass_the_checksum(text):
    assert found(text) == [(HETU, text, 0.95, "checksum")]


@pytest.mark.parametrize("code", ["131052-308T", "100190-999P", "100190Y999P", "010105A123P",
                                  *(f"131052{sign}308T" for sign in "+-UVWXYABCDEF")])
def test_valid_codes(code):
    assert is_valid(code)


@pytest.mark.parametrize("code", ["131052-308U", "320190-999P", "131052-308", "1310523080",
                                  # individual numbers 000 and 001 are never given
                                  "131052-000V", "131052-001W"])
def test_invalid_codes(code):
    assert not is_valid(code)
