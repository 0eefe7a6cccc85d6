"""Settling the finders' proposals (pipeline.detect.spoken.claims): one type per span."""

import random
import time

import pytest

from pipeline.detect.spoken.claims import claims
from pipeline.detect.spoken.nearby import is_business_id
from pipeline.fi import morphology
from tests.spoken_found import RECOGNIZERS, found


def test_each_span_gets_one_identifier_type():
    text = ("hetu 131052-308T puhelin 0401234567 tili FI21 1234 5600 0007 85 kortti "
            "4111 1111 1111 1111 ja tunnus 987654")
    assert found(text) == [
        # "hetu" is a word Voikko does not know: taken in as a garbled digit (fail closed)
        ("FI_PERSONAL_IDENTITY_CODE", "hetu 131052-308T", 0.95, "checksum"),
        ("PHONE_NUMBER", "0401234567", 0.85, "pattern"),
        ("IBAN_CODE", "FI21 1234 5600 0007 85", 0.95, "checksum"),
        ("CREDIT_CARD", "4111 1111 1111 1111", 0.9, "checksum"),
        ("NUMBER_SEQUENCE", "987654", 0.4, "unvalidated"),
    ]
    settled = claims(text)
    assert all(a.end <= b.start for a, b in zip(settled, settled[1:], strict=False))


@pytest.mark.parametrize("text", [
    "kaksi viikkoa sitten",
    "kello kolme",
    "viisikymmentä euroa",
    "maksoin sata kaksikymmentäkolme euroa ja viisikymmentä senttiä",
    "vuonna kaksituhattakaksikymmentä",
    "vuonna 2020",
    "laina oli satatuhatta euroa",
    "kaksisataaviisikymmentä tuhatta",
    "asuntolaina kaksisataa tuhatta euroa",
    "se kestää kolme neljä päivää",
    "kello kaksitoista kolmekymmentä",
    "lasku erääntyy viidestoista kesäkuuta",
    "tilaus tehtiin 15.6.2024",
    "hoitopolku kestää kaksi viikkoa",
    "se on umpikuja",
    "kävin huvipuistossa kaksi kertaa",
    "Y-tunnus 2715049-8",
    "soita minulle huomenna kolmen jälkeen",
    "no niin ja sitten ät tota",
    "kolmas kerta toden sanoo",
    "huomenna sataa ja toista kertaa",
    "tuhatjalkainen kasvi satamassa",
    "meillä on kaksi lasta ja kolme koiraa",
    "ihan viisas ratkaisu",
    "kaksikymmentäneljä seitsemän",
    # Regression guard: a sum written with dots is an amount, not an identifier
    "yhteensä 2030 .00 .00 .20 .00.",
    "maksoin viisi euroa. Kolme päivää myöhemmin",
    "se on kolme. 45 on hyvä",
    "se maksaa kolme neljä viisi euroa",
    "paketti on nyt noutopisteessä ja sitä säilytetään",  # "-piste" heads many compounds
    "Kotiposti, eturinne, hyvää päivää",  # a company, not a mail service
    "maksoin kaksisataa viisikymmentä",
])
def test_ordinary_finnish_is_not_flagged(text):
    assert found(text) == []


@pytest.mark.parametrize(("chars", "valid"), [
    ("2715049-8", True),
    ("2715049-7", False),
    ("27150498", False),  # the dash is part of the form
])
def test_business_id(chars, valid):
    assert is_business_id(chars) is valid


def test_an_hour_of_transcript_is_fast():
    rng = random.Random(1)
    words = ("no niin ja sitten se on ihan hyvä kiitos asiakas numero puhelin kaksi kolme "
             "nolla neljä viisikymmentä kaksikymmentäkolme tee viiva ät piste euroa kello "
             "Puijonkatu syntymäaika kesäkuuta viidestoista").split()
    garble = "aeiouyäökltnsmrvhpjd"
    parts = [rng.choice(words) if rng.random() < 0.85
             else "".join(rng.choice(garble) for _ in range(rng.randint(3, 12)))
             for _ in range(10_000)]
    text = " ".join(parts)
    morphology.available()  # open Voikko outside the timing
    t0 = time.perf_counter()
    for rec in RECOGNIZERS:
        rec.analyze(text, None, None)
    assert time.perf_counter() - t0 < 5.0
