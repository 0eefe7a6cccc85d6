"""Payment card numbers (pipeline.detect.spoken.card): (text, exact spans)."""

import pytest

from pipeline.detect.spoken.card import luhn_ok
from tests.spoken_found import found

CARD = "CREDIT_CARD"


@pytest.mark.parametrize(("text", "hits"), [
    ("kortti 4111 1111 1111 1111", [(CARD, "4111 1111 1111 1111", 0.9, "checksum")]),
    ("5555555555554444", [(CARD, "5555555555554444", 0.9, "checksum")]),
    ("neljä yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi",
     [(CARD, "neljä yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi yksi",
       0.9, "checksum")]),
    ("neljäkymmentäyksi yksitoista yksitoista yksitoista yksitoista yksitoista yksitoista "
     "yksitoista",
     [(CARD, "neljäkymmentäyksi yksitoista yksitoista yksitoista yksitoista yksitoista "
       "yksitoista yksitoista", 0.9, "checksum")]),
    # a card read with its expiry date: the expiry is a number run of its own
    ("4111 1111 1111 1111 viiva kaksitoista kauttaviiva kaksikymmentäseitsemän",
     [(CARD, "4111 1111 1111 1111", 0.8, "checksum"),
      ("NUMBER_SEQUENCE", "kaksitoista kauttaviiva kaksikymmentäseitsemän", 0.4, "unvalidated")]),
    ("kortin numero on 4111 1111 1111 1112", [(CARD, "4111 1111 1111 1112", 0.5, "pattern")]),
])
def test_card(text, hits):
    assert found(text) == hits


@pytest.mark.parametrize(("digits", "valid"), [
    ("4111111111111111", True),
    ("4111111111111112", False),
    ("5555555555554444", True),
])
def test_luhn(digits, valid):
    assert luhn_ok(digits) is valid
