"""The fail-closed fallback (pipeline.detect.spoken.number_run): (text, exact spans)."""

import pytest

from tests.spoken_found import found, needs_voikko

NUMBER, CUSTOMER, PHONE = "NUMBER_SEQUENCE", "CUSTOMER_NUMBER", "PHONE_NUMBER"


@pytest.mark.parametrize(("text", "entity", "span", "score", "reason"), [
    ("tunnus on yksi kaksi kolme neljä viisi kuusi", NUMBER,
     "yksi kaksi kolme neljä viisi kuusi", 0.4, "unvalidated"),
    ("se oli 12345 joo", NUMBER, "12345", 0.4, "unvalidated"),
    ("yksi kaksi kolme öö neljä viisi", NUMBER, "yksi kaksi kolme öö neljä viisi", 0.4,
     "unvalidated"),
    # Regression: one glued word of several numbers was taken for a single quantity
    ("se on kolmetoistakymmenenviisikymmentäkaksi", NUMBER,
     "kolmetoistakymmenenviisikymmentäkaksi", 0.4, "unvalidated"),
    ("asiakasnumeroni on kolme neljä viisi kuusi", CUSTOMER, "kolme neljä viisi kuusi", 0.7,
     "pattern"),
    ("potilasnumero 123456", CUSTOMER, "123456", 0.7, "pattern"),
    ("viitenumero on sata kaksikymmentäkolme neljäkymmentäviisi", CUSTOMER,
     "sata kaksikymmentäkolme neljäkymmentäviisi", 0.7, "pattern"),
    ("tilaus numero kaksisataa kolmekymmentäneljä viisi", CUSTOMER,
     "kaksisataa kolmekymmentäneljä viisi", 0.7, "pattern"),
    # Regression: digit groups read with pauses came out as sentences ("kaksi. Kahteksan")
    ("kortti on viisi kaksi. Kahdeksan, seitsemän, viisi kolme. Kolme, kolme, yksi.", NUMBER,
     "viisi kaksi. Kahdeksan, seitsemän, viisi kolme. Kolme, kolme, yksi", 0.4, "unvalidated"),
    # Regression: written digits with dots glued to them ("20 .03 .07") were cut apart
    ("se on 17 0 .005 .3 .6.", NUMBER, "17 0 .005 .3 .6", 0.4, "unvalidated"),
    # Regression: the check letter at the end, misheard as a short non-word ("hoo" → "oh");
    # "ytiksän" reads as 9 (folded without its "h"), so the digits make a phone number
    ("nolla kolme, nolla, ytiksän kateksän neljä ytiksän ytiksän ytiksän, oh, onko oikein?",
     PHONE, "nolla kolme, nolla, ytiksän kateksän neljä ytiksän ytiksän ytiksän, oh", 0.65,
     "fuzzy"),
    ("yksi kaksi kolme neljä viisi ja se oli siinä", NUMBER, "yksi kaksi kolme neljä viisi",
     0.4, "unvalidated"),
    # Regression: plural number words ("neljät") and stops split a read-out card number
    ("kuusi nolla. Neljät seitsemän, taivit seitsemän. Neljät seitsemän.", NUMBER,
     "kuusi nolla. Neljät seitsemän, taivit seitsemän. Neljät seitsemän", 0.4, "unvalidated"),
    # Regression: a card number read right after "maksoin" was taken for a sum of money
    ("maksoin 5202345605141, kortilla", NUMBER, "5202345605141", 0.4, "unvalidated"),
    # Regression: three digits said one by one, and a verb ("päivitän") taken for a unit
    ("numero on ,0 ,4 ,6, päivitän sen", NUMBER, "0 ,4 ,6", 0.4, "unvalidated"),
    ("mikä on hasia kasumerosi?\nKaksi kolme neljä neljä, neljä.", NUMBER,
     # Regression: garbles before a question were taken into the next turn
     "Kaksi kolme neljä neljä, neljä", 0.4, "unvalidated"),
])
def test_number_runs_and_customer_numbers(text, entity, span, score, reason):
    assert found(text) == [(entity, span, score, reason)]


@needs_voikko
@pytest.mark.parametrize(("text", "entity", "span", "score", "reason"), [
    # Regression: unknown words around a garbled run (misheard digits) were left unbleeped
    ("Eli, nolla kolme, nolla, ytiksän kateksän neljä ytiksän ytiksän, oh, onko oikein?",
     PHONE, "nolla kolme, nolla, ytiksän kateksän neljä ytiksän ytiksän, oh", 0.65, "fuzzy"),
    # Regression: two heard digits among many garbled ones ("kylmentä" for "kymmentä")
    ("se neuvia kylmentä, kylmentä kylmentä kahteksan, kylmentan kreset, nolla lähten ranta.",
     NUMBER, "kylmentä kylmentä kahteksan, kylmentan kreset, nolla lähten", 0.4, "unvalidated"),
    # Regression: a long garble ("misekadeksään") and an unattached "toista" ended the run;
    # the span starts at "plus", the number's own first word
    ("Toistan plus kolme misekadeksään neljä nolla, misekadeksään nolla, misekadeksään "
     "toista kolme kummentä yksi. Kiitos", PHONE,
     "plus kolme misekadeksään neljä nolla, misekadeksään nolla, misekadeksään toista kolme "
     "kummentä yksi", 0.85, "fuzzy"),
    # Regression: a misheard letter ("eikä" for "ee") between spoken digits ended the run
    ("Nolla kahdeksan, Nolla, yhteksan, Nolla, kaksi eikä kahdeksan, sata, yhteksan, kymmentä.",
     PHONE,
     "Nolla kahdeksan, Nolla, yhteksan, Nolla, kaksi eikä kahdeksan, sata, yhteksan, kymmentä",
     0.65, "fuzzy"),
    # Regression: the first unknown word after the last digit group is its garbled end
    ("se on 2 ,0 ,4 ,4 ,5 ,6. Myhino osoite on", NUMBER, "2 ,0 ,4 ,4 ,5 ,6. Myhino", 0.4,
     "unvalidated"),
])
def test_garbled_runs_fail_closed(text, entity, span, score, reason):
    # bleeped as one identifier, exactly over the misheard words
    assert found(text) == [(entity, span, score, reason)]


def test_written_numbers_are_not_joined_by_a_short_word():
    assert found("vuonna 2023 ja 2024") == []
