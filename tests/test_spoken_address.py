"""Street addresses and postal codes (pipeline.detect.spoken.address): (text, exact span)."""

import pytest

from tests.spoken_found import found, needs_voikko

ADDRESS = "ADDRESS"


@needs_voikko
@pytest.mark.parametrize(("text", "span", "score"), [
    ("asun Puijonkatu 12 B 7", "Puijonkatu 12 B 7", 0.85),
    ("osoite on Takomotie 1-3 00100 Helsinki", "Takomotie 1-3 00100 Helsinki", 0.85),
    ("asun puijonkadulla kaksitoista bee seitsemän", "puijonkadulla kaksitoista bee seitsemän",
     0.85),
    ("Puijonkatu kaksitoista bee seitsemän nolla nolla yksi sata helsinki",
     "Puijonkatu kaksitoista bee seitsemän nolla nolla yksi sata helsinki", 0.85),
    ("mannerheimin tie viisi aa kaksi helsinki", "mannerheimin tie viisi aa kaksi helsinki",
     0.85),
    ("toimitus Rajatorpantie 41 B, 01640 Vantaa", "Rajatorpantie 41 B, 01640 Vantaa", 0.85),
    ("hämeentie kolme rappu see asunto kaksitoista",
     "hämeentie kolme rappu see asunto kaksitoista", 0.85),
    ("hämeentie kolme rappu kiitos", "hämeentie kolme", 0.85),
    ("asun Kalevankadulla nykyään", "Kalevankadulla", 0.5),
    ("postinumero on nolla nolla yksi sata", "nolla nolla yksi sata", 0.7),
    ("00100 Helsinki", "00100 Helsinki", 0.7),
])
def test_address(text, span, score):
    assert found(text) == [(ADDRESS, span, score, "pattern")]
