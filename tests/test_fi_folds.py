"""The two named phonetic folds: what each keeps, drops and maps, and where they differ."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.fi.folds import fold_number_word, fold_spelling


@pytest.mark.parametrize(("word", "expected"), [
    ("Kahdeksan", "kateksan"), ("yhdeksän", "yteksan"), ("viisi", "visi"),
    ("kymmentä", "kymenta"), ("ytiksän", "ytiksan"), ("tuhat", "tuat"),
    ("bee", "pe"), ("seitsemän", "seitseman"), ("Zeta", "seta"), ("Xi", "ksi"),
])
def test_fold_number_word(word, expected):
    assert fold_number_word(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Birtanen", "virtanen"), ("Mäkinnen", "makinen"), ("Gustav", "kustav"),
    ("Anna-Liisa", "analisa"), ("D'Artagnan", "tartaknan"), ("Müller", "myler"),
    ("henkilötunnus", "henkilotunus"), ("Wikström", "vikstrom"),
])
def test_fold_spelling(word, expected):
    assert fold_spelling(word) == expected


def test_fold_spelling_can_read_b_as_p():
    assert fold_spelling("Berg", b_as="p") == "perk"
    assert fold_spelling("Berg") == "verk"


@pytest.mark.parametrize(("word", "number_word", "spelling"), [
    ("yhdeksän", "yteksan", "yhteksan"),  # "h" is dropped only for number words
    ("kaBBi", "kapi", "kavi"),  # b: p when heard as a digit, v in a name
    ("Anna-Liisa", "ana-lisa", "analisa"),  # hyphens only vanish from spellings
    ("ü", "ü", "y"),
])
def test_the_folds_differ_on_purpose(word, number_word, spelling):
    assert fold_number_word(word) == number_word
    assert fold_spelling(word) == spelling


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöåéü-'BDGÄÖ", max_size=20))
def test_folds_are_idempotent_and_lower_case(word):
    for fold in (fold_number_word, fold_spelling):
        once = fold(word)
        assert fold(once) == once
        assert once == once.lower()
        assert not any(a == b for a, b in zip(once, once[1:], strict=False))
