"""Phone numbers (pipeline.detect.spoken.phone): (text, exact span, score, reason)."""

import pytest

from pipeline.detect.spoken.phone import is_mobile
from tests.spoken_found import found, needs_voikko

PHONE = "PHONE_NUMBER"


@pytest.mark.parametrize(("text", "span", "score", "reason"), [
    ("soita numeroon 040 123 4567", "040 123 4567", 0.85, "pattern"),
    ("040-1234567", "040-1234567", 0.85, "pattern"),
    ("0401234567.", "0401234567", 0.85, "pattern"),
    ("numero on nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän kiitos",
     "nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän", 0.85, "pattern"),
    ("nolla viisikymmentä sata kaksikymmentäkolme neljäkymmentäviisi kuusikymmentäseitsemän",
     "nolla viisikymmentä sata kaksikymmentäkolme neljäkymmentäviisi kuusikymmentäseitsemän",
     0.85, "pattern"),
    ("nolla neljä nolla öö yksi kaksi kolme eli neljä viisi kuusi seitsemän",
     "nolla neljä nolla öö yksi kaksi kolme eli neljä viisi kuusi seitsemän", 0.85, "pattern"),
    ("nolla neljä nolla yksi kaksi kolme\nneljä viisi kuusi seitsemän",
     "nolla neljä nolla yksi kaksi kolme\nneljä viisi kuusi seitsemän", 0.85, "pattern"),
    # a word Voikko does not know (a garbled digit) does not end the number
    ("nolla neljä nolla prrt yksi kaksi kolme neljä viisi kuusi",
     "nolla neljä nolla prrt yksi kaksi kolme neljä viisi kuusi", 0.85, "pattern"),
    ("nolla neljä neljä viiva yksi kaksi kolme neljä viisi kuusi seitsemän",
     "nolla neljä neljä viiva yksi kaksi kolme neljä viisi kuusi seitsemän", 0.85, "pattern"),
    # Regression: Whisper wrote digit groups with a dot glued to each ("4401 .2 .670 .8")
    ("Nolla, 4401 .2 .670 .8", "Nolla, 4401 .2 .670 .8", 0.85, "pattern"),
    ("+358 40 123 4567", "+358 40 123 4567", 0.9, "pattern"),
    ("plus kolme viisi kahdeksan neljäkymmentä sata kaksikymmentäkolme neljäkymmentäviisi "
     "kuusikymmentäseitsemän",
     "plus kolme viisi kahdeksan neljäkymmentä sata kaksikymmentäkolme neljäkymmentäviisi "
     "kuusikymmentäseitsemän", 0.9, "pattern"),
    ("00358 40 123 4567", "00358 40 123 4567", 0.9, "pattern"),
    ("landline 09 123 4567", "09 123 4567", 0.7, "pattern"),
    ("nolla yhdeksän sata kaksikymmentäkolme neljäkymmentäviisi kuusikymmentäseitsemän",
     "nolla yhdeksän sata kaksikymmentäkolme neljäkymmentäviisi kuusikymmentäseitsemän", 0.7,
     "pattern"),
    ("0800 123 456", "0800 123 456", 0.7, "pattern"),
    ("020 123 4567", "020 123 4567", 0.7, "pattern"),
    # Regression (phonenumbers, region FI): 047 and 048 are mobile ranges, 049 is not one
    ("0471234567", "0471234567", 0.85, "pattern"),
    ("0481234567", "0481234567", 0.85, "pattern"),
    ("0491234567", "0491234567", 0.7, "pattern"),
    ("040 1234", "040 1234", 0.7, "pattern"),  # too short for a whole mobile number
])
def test_phone(text, span, score, reason):
    assert found(text) == [(PHONE, span, score, reason)]


@needs_voikko
@pytest.mark.parametrize(("text", "span", "score", "reason"), [
    ("nolla neljä nolla yksi kaksi kalme neljä viisi kuusi seitsemän",
     "nolla neljä nolla yksi kaksi kalme neljä viisi kuusi seitsemän", 0.8, "fuzzy"),
    # Regression: a number word split at a syllable ("se itsemän") was lost
    ("numero on nolla yhteksan, se itsemän kuusi neljä, neljä se itsemän kolme kahdeksan.",
     "nolla yhteksan, se itsemän kuusi neljä, neljä se itsemän kolme kahdeksan", 0.65, "fuzzy"),
    # Regression: garbles between garbled digits ("neuvia seisäkus") ended the number
    ("No la neuvia viis, neuvia seisäkus, neuvia katsikus, nolla. Toistan",
     "No la neuvia viis, neuvia seisäkus, neuvia katsikus, nolla", 0.65, "fuzzy"),
])
def test_phone_from_garbled_words_is_fuzzy(text, span, score, reason):
    assert found(text) == [(PHONE, span, score, reason)]


@pytest.mark.parametrize(("text", "hits"), [
    # a plus after six digits that are no day and month still starts a phone number
    ("numero 123456 +358 40 123 4567", [("NUMBER_SEQUENCE", "123456", 0.4, "unvalidated"),
                                        (PHONE, "+358 40 123 4567", 0.9, "pattern")]),
    ("0401234567 +358401234567", [(PHONE, "0401234567", 0.85, "pattern"),
                                  (PHONE, "+358401234567", 0.9, "pattern")]),
])
def test_a_plus_starts_a_new_number(text, hits):
    assert found(text) == hits


def test_two_phones_read_back_to_back_are_split():
    assert found("0401234567 0501234567") == [(PHONE, "0401234567", 0.85, "pattern"),
                                              (PHONE, "0501234567", 0.85, "pattern")]


@pytest.mark.parametrize(("digits", "mobile"), [
    ("0401234567", True), ("0501234567", True), ("0471234567", True),
    ("091234567", False), ("0201234567", False), ("0491234567", False),
    ("0046701234567", False),  # a Swedish mobile is not a Finnish one
    ("00999123456", False),  # no such country: not parsed, not a mobile
])
def test_mobile_numbers_by_the_numbering_plan(digits, mobile):
    assert is_mobile(digits) is mobile
