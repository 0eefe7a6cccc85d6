import pytest

from pipeline.detect.lexical.name_words import Kind, classify
from pipeline.detect.lexical.names import FinnishNameRecognizer
from pipeline.fi import morphology

pytestmark = pytest.mark.skipif(not morphology.available(), reason="Voikko missing")

REC = FinnishNameRecognizer()

VIRTANEN_CASES = ["Virtanen", "Virtasen", "Virtasta", "Virtasena", "Virtaseksi", "Virtasessa",
                  "Virtasesta", "Virtaseen", "Virtasella", "Virtaselta", "Virtaselle",
                  "Virtasetta", "Virtaset", "Virtasille"]
LIISA_CASES = ["Liisa", "Liisan", "Liisana", "Liisaksi", "Liisassa", "Liisasta", "Liisalla",
               "Liisalta", "Liisalle", "Liisatta", "Liisoineen"]
KORHONEN_CASES = ["korhonen", "korhosen", "korhosta", "korhosena", "korhoseksi", "korhosessa",
                  "korhosesta", "korhoseen", "korhosella", "korhoselta", "korhoselle",
                  "korhosetta"]


def persons(text):
    return [text[r.start:r.end] for r in REC.analyze(text, ["PERSON"])]


@pytest.mark.parametrize("form", VIRTANEN_CASES + LIISA_CASES + KORHONEN_CASES)
def test_every_case_of_a_name_is_found_alone(form):
    for text in (f"soitin eilen {form} asiasta", f"soitin eilen {form.lower()} asiasta"):
        assert persons(text) == [text.split()[2]]


@pytest.mark.parametrize(("text", "expected"), [
    # "liisaa", "liisaan" are also forms of the verb liisata (to lease): alone, only cased
    ("soitin eilen Liisaa asiasta", ["Liisaa"]),
    ("odotin Liisaan yhteydenottoa", ["Liisaan"]),
    ("odotin liisaan yhteydenottoa", []),
    ("odotin liisa virtasta", ["liisa virtasta"]),  # only the surname inflects
    ("odotin liisaa virtasta", ["virtasta"]),
    ("hyvää päivää elisan asiakaspalvelu", ["elisan"]),  # Regression: Elisa the telco is
    # still a name, but "päivää" (also a first name) and the noun after it are not
    ("minä liisaan auton", []),
    # Voikko names, cased and lower-case, merged into one span
    ("Nimeni on Reijo Karjalainen.", ["Reijo Karjalainen"]),
    ("nimeni on reijo karjalainen", ["reijo karjalainen"]),
    ("soitin rautiaiselle eilen", ["rautiaiselle"]),
    ("Anna-Liisa Korhonen soitti", ["Anna-Liisa Korhonen"]),
    ("täällä puhuu Pekka Jokela asiakaspalvelusta", ["Pekka Jokela"]),
    ("Sauli Niinistö on presidentti", ["Sauli Niinistö"]),
    ("liisa virtanen ja matti korhonen", ["liisa virtanen", "matti korhonen"]),
    # names that are also ordinary words need a cue, a pair or a neighbouring name
    ("tässä on onni mäki", ["onni mäki"]),
    ("onni mäki soitti", ["onni mäki"]),
    ("hei tuuli", ["tuuli"]),
    ("kiitos Matti", ["Matti"]),
    ("puhuin Tuulin kanssa", ["Tuulin"]),
    ("Eilen Aho soitti minulle", ["Aho"]),  # capitalised mid-sentence
    # unknown words after a cue
    ("nimeni on Nguyen Thi", ["Nguyen Thi"]),
    ("mun nimi on öö mohammed", ["mohammed"]),
    # misspelt and split by the recogniser
    ("reio -kälainen täällä hei", ["reio -kälainen"]),
    ("reio -kälainen", ["reio -kälainen"]),
    ("puhuin Birtasen kanssa", ["Birtasen"]),
    ("Birtanen", ["Birtanen"]),
    ("korhoinen soitti", ["korhoinen"]),
    ("soitin virta nen", ["virta nen"]),
    ("mattivirtanen", ["mattivirtanen"]),
    ("Terhivainjo, sanoi", ["Terhivainjo"]),  # a sure first name glued to a misheard surname
    # ... which already holds both names: the unknown word before it is not taken in
    ("Hyvää praelvaa, samikallijo, tärsää.", ["samikallijo, tärsää"]),
    ("pätyselle", ["pätyselle"]),  # unknown, inflected like a -nen surname
    ("tuuli täällä hei", ["tuuli"]),
    ("selvä tuuli. eli täällä näkyy lasku", []),  # Regression: a cue does not reach back
    # past a sentence end
    # a name found surely marks its other mentions in the same transcript, any inflection
    ("tässä on tuuli mäkinen\nselvä tuuli. ja mäkiselle lähtee lasku", ["tuuli mäkinen", "tuuli",
                                                                       "mäkiselle"]),
    ("kova tuuli tänään\nhei tuuli", ["tuuli", "tuuli"]),
    # ... and an unknown word one edit from it is that name misheard ("menllä" for Venla)
    ("olin hallmattu Venla\nkiitos menllä tunnistetaan", ["Venla", "menllä"]),
    ("tässä on tuuli mäkinen\nmenen kotiin", ["tuuli mäkinen"]),  # a real word is left alone
    # Regression: a misheard name alone between pauses ("Kiitos, Eeva, mukavaa päivää")
    ("Kintot, leva, mukaan vaa", ["leva"]),
    ("Selmä, manko, mitin numero on", ["manko"]),
    ("Lähetin viestin, karjalaiselle, mutta en saanut", ["karjalaiselle"]),
    ("Selmä, kiitos", []),  # sentence-initial: "selvä"
    ("tuhat, jokneksän, tata, jokneksän, kymmenen", []),  # among number words
    # Regression: a surname split by the recogniser, close to a known one ("Mäkelä")
    # Regression: a first name split by the recogniser ("Juhani" → "johan i")
    ("nuoli, johan i harju, hyvää huomenta", ["johan i harju"]),
    # Regression: the end of a first name glued onto the surname ("Einon Järvisen")
    ("tytäreni, ei nonjärvisen puolesta.", ["nonjärvisen"]),
    # Regression: a surname split into a first name and a short word ("Toivon en")
    ("tiedot. Toivon en, kiitos", ["Toivon en"]),
    ("minä toivon niin", []),  # only a short piece glues on
    # Regression: ...and its first name misheard as an ordinary word ("Eero" → "ero")
    ("tässä, ero mä kellä, kiinteistöpalvelu", ["ero mä kellä"]),
    ("tässä sana hyönen, kotiposti", ["sana hyönen"]),
    ("tässä Virtanen puhelimessa", ["Virtanen"]),  # a pronoun before a surname stays out
    # Regression: the agent's name between the company and the greeting
    ("Lakeuden vakuutus, IW -tanen, hyvää päivää.", ["IW -tanen"]),
    ("Lakeuden vakuutus, hyvää päivää.", []),
    ("Kiitos, hyvää päivää.", []),
    # Regression: a misspelt ordinary word is no name in a cue's slot
    ("Tässä, Jyrki Harjo, kaupunkillehden asiakaspalvelusta.", ["Jyrki Harjo"]),
    ("Hyvää jotapäivää kaupunkillehti, Risto, täällä, mitä asiaa.", ["Risto"]),
    ("Kiitos saamoin, hei hei!", []),
    # Regression: capitalised misheard first name mid-sentence
    ("Johe, rantainen Yanne, yritin hoitaa", ["rantainen Yanne"]),  # and the surname before
    # negatives: ordinary speech
    ("kiitos paljon, hyvää päivänjatkoa", []),
    ("lasku erääntyy kuun lopussa", []),
    ("kova tuuli tänään", []),
    ("anna minulle numero", []),
    ("Lahti on kaupunki", []),
    ("Menin Lahteen junalla", []),
    ("tässä on lasku ja kuitti", []),
    ("hei hei", []),
    ("kiitos hyvää päivää", []),
    ("olen tyytyväinen palveluun", []),
    ("se oli semmonen juttu mä en tiiä", []),
    ("tuominen ja vieminen", []),  # Regression: -minen action nouns are not Tuominen
    ("art. 12-22", []),  # Regression: three-letter "Art" is not a Finnish first name
    ("kait se niin on", []),  # Regression: plural of "Kai"
    ("varsinkin rahaa tämäntasoisesta esityksestä", []),  # Regression: re-joined non-names
])
def test_person_spans(text, expected):
    assert persons(text) == expected


def test_results_carry_reason_score_and_recognizer():
    (res,) = REC.analyze("Birtanen", ["PERSON"])
    meta = res.recognition_metadata
    assert meta["reason"] == "fuzzy" and meta["recognizer_name"] == "FinnishNameRecognizer"
    assert 0.3 < res.score < 0.6
    (strong,) = REC.analyze("Virtasella", ["PERSON"])
    assert strong.score > res.score


def test_other_entities_requested_gives_nothing():
    assert REC.analyze("Liisa Virtanen", ["PHONE_NUMBER"]) == []
    assert REC.analyze("", ["PERSON"]) == []


@pytest.mark.parametrize(("word", "kind"), [
    ("Virtasella", Kind.STRONG), ("tuuli", Kind.AMBIGUOUS), ("birtanen", Kind.FUZZY),
    ("lasku", Kind.COMMON), ("mä", Kind.COMMON), ("kirjoitunnukseni", Kind.UNKNOWN),
])
def test_classify(word, kind):
    assert classify(word).kind == kind


def test_a_long_transcript_is_its_blocks_read_one_by_one():
    """Ten thousand words give the same spans as one block, repeated at each block's offset.

    (Replaces a wall-clock bound: what matters is that nothing is dropped or merged across
    lines when a transcript is long.)
    """
    words = ("hei nimeni on reio -kälainen ja soitan laskusta joka erääntyy kuun lopussa "
             "puhuin eilen Birtasen kanssa mutta asia jäi kesken kiitos paljon").split()
    block = "\n".join(" ".join(words[i:] + words[:i]) for i in range(len(words))) + "\n"
    copies = 10_000 // len(block.split()) + 1
    one = [(r.start, r.end, r.score) for r in REC.analyze(block, ["PERSON"])]
    assert [block[s:e] for s, e, _ in one].count("Birtasen") == len(words)
    many = [(r.start, r.end, r.score) for r in REC.analyze(block * copies, ["PERSON"])]
    assert many == [(s + k * len(block), e + k * len(block), score)
                    for k in range(copies) for s, e, score in one]
