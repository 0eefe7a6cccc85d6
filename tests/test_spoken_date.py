"""Dates of birth (pipeline.detect.spoken.date): (text, exact span, score)."""

import pytest

from tests.spoken_found import found

BIRTH = "DATE_OF_BIRTH"


@pytest.mark.parametrize(("text", "span", "score"), [
    ("syntymäaika viidestoista kesäkuuta yhdeksäntoista kahdeksankymmentä",
     "viidestoista kesäkuuta yhdeksäntoista kahdeksankymmentä", 0.85),
    ("synnyin viidentenätoista kesäkuuta", "viidentenätoista kesäkuuta", 0.6),
    ("synnyin 15.6.1980", "15.6.1980", 0.85),
    ("se oli 15.6.1980", "15.6.1980", 0.6),
    ("syntymäaika 15. 6. 1980", "15. 6. 1980", 0.85),
    ("viides kuudetta kahdeksankymmentä", "viides kuudetta kahdeksankymmentä", 0.6),
    ("syntynyt 15. kesäkuuta 1980", "15. kesäkuuta 1980", 0.85),
    ("syntymäpäivä kahdeskymmenesensimmäinen maaliskuuta kaksituhatta viisi",
     "kahdeskymmenesensimmäinen maaliskuuta kaksituhatta viisi", 0.85),
])
def test_date_of_birth(text, span, score):
    assert found(text) == [(BIRTH, span, score, "pattern")]

