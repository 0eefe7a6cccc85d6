"""E-mail addresses (pipeline.detect.spoken.email): (text, exact spans)."""

import pytest

from tests.spoken_found import found

EMAIL = "EMAIL_ADDRESS"


@pytest.mark.parametrize(("text", "span", "score", "reason"), [
    ("osoite on liisa.virtanen@example.fi", "liisa.virtanen@example.fi", 0.9, "pattern"),
    ("Sähköposti: Liisa.Virtanen@Example.com.", "Liisa.Virtanen@Example.com", 0.9, "pattern"),
    ("sähköposti on liisa piste virtanen ät gmail piste com kiitos",
     "liisa piste virtanen ät gmail piste com", 0.9, "pattern"),
    ("se on liisavirtanen at hotmail piste fi", "liisavirtanen at hotmail piste fi", 0.9,
     "pattern"),
    ("meili liisa alaviiva virtanen miukumauku luukku piste com",
     "liisa alaviiva virtanen miukumauku luukku piste com", 0.9, "pattern"),
    ("osoite on matti viiva pekka ät yritys piste äf ii",
     "matti viiva pekka ät yritys piste äf ii", 0.9, "pattern"),
    ("osoite on matti kaksi kolme ät gmail piste com", "matti kaksi kolme ät gmail piste com",
     0.9, "pattern"),
    ("sähköposti matti ät gmail com", "matti ät gmail com", 0.75, "pattern"),
    ("sähköposti matti ät gmail", "matti ät gmail", 0.6, "pattern"),
    # Regression: the at sign misheard; a mail service's name anchors the address
    ("Ilkaiska viivaa eskelinenä saunalahti piissä ja vii. Haatiako",
     "Ilkaiska viivaa eskelinenä saunalahti piissä ja vii", 0.5, "fuzzy"),
    ("Ja ni viihaa saa loppat, mailpiste kom. Saisin", "ni viihaa saa loppat, mailpiste kom",
     0.5, "fuzzy"),
])
def test_email(text, span, score, reason):
    assert found(text) == [(EMAIL, span, score, reason)]


def test_a_written_address_does_not_take_the_words_before_it():
    # Regression: a written address took the words before it as its local part
    assert found("Puhelin: 08-5377 610 Yhteydenotot: asiakaspalvelu@kaleva.fi") == [
        ("PHONE_NUMBER", "08-5377 610", 0.7, "pattern"),
        (EMAIL, "asiakaspalvelu@kaleva.fi", 0.9, "pattern")]
