import pytest

from pipeline.detect.lexical.health import HealthRecognizer, classify, lexicon
from pipeline.fi import morphology

pytestmark = pytest.mark.skipif(not morphology.available(), reason="Voikko missing")

REC = HealthRecognizer()


def health(text):
    return [text[r.start:r.end] for r in REC.analyze(text, ["HEALTH"])]


@pytest.mark.parametrize(("text", "expected"), [
    # lexicon on Voikko base forms, any inflection
    # Regression: a procedure glued to its organ, unknown to Voikko, was missed
    ("tehtiin, polventähystys, kaksi viikkoa sitten", ["polventähystys"]),
    # Regression: the organ before a procedure was left audible
    ("tehtiin paksusuolen tähystys", ["paksusuolen tähystys"]),
    ("tehtiin tähystys", ["tähystys"]),
    ("minulla on todettu diabetes", ["diabetes"]),
    ("sairastan astmaa ja masennusta", ["astmaa", "masennusta"]),
    ("masennukseen sain lääkkeen", ["masennukseen", "lääkkeen"]),
    ("Hänellä on EPILEPSIA", ["EPILEPSIA"]),
    ("polvileikkaus meni hyvin", ["polvileikkaus"]),
    ("otan atorvastatiinia iltaisin", ["atorvastatiinia"]),
    # compounds: a health head, or a health term first
    ("verenpainetauti on hoidossa", ["verenpainetauti", "hoidossa"]),
    ("minulla on harvinainen suolistosairaus", ["suolistosairaus"]),
    ("diabeteshoitaja soitti", ["diabeteshoitaja"]),
    # unknown to Voikko: stripped endings, drug-name suffix, fuzzy
    ("käytän lääkettä metformiinia", ["lääkettä", "metformiinia"]),
    ("hänellä on uniapnea", ["uniapnea"]),
    ("aloitin kandesartaanin", ["kandesartaanin"]),
    ("määrättiin uusi lääke fiktostatiini", ["lääke", "fiktostatiini"]),
    ("diapetes on hankala", ["diapetes"]),
    # multi-word terms
    ("minulla on korkea verenpaine", ["verenpaine", "korkea verenpaine"]),
    # cues mark what follows even when unknown
    ("sairastan sellaista harvinaista tautia", ["harvinaista", "tautia"]),
    ("lääkkeenä on zyprexa", ["lääkkeenä", "zyprexa"]),
    ("minulle määrättiin sakko", []),
    # generic words count only beside real health evidence
    ("menin terveyskeskukseen", []),
    ("menin terveyskeskukseen koska oli kova kuume", ["terveyskeskukseen", "kuume"]),
    ("soitan apteekista reseptin takia", []),
    # negatives
    ("kiitos paljon, hyvää päivänjatkoa", []),
    ("lasku erääntyy kuun lopussa", []),
    ("meillä on viemäritukos keittiössä", []),  # Regression: tukos is no compound head
    ("verkkohäiriö on korjattu", []),  # Regression: häiriö is no compound head
    ("järjestelmän kaatuminen", []),
    ("mä en tiiä semmosesta", []),
])
def test_health_spans(text, expected):
    assert health(text) == expected


def test_cue_raises_the_score():
    plain = REC.analyze("astma on hankala", ["HEALTH"])[0].score
    cued = REC.analyze("sairastan astmaa", ["HEALTH"])[0].score
    assert cued > plain >= 0.5


def test_lexicon_has_hundreds_of_entries_in_every_category():
    lex = lexicon()
    cats = set(lex.terms.values())
    assert {"diagnosis", "symptom", "medicine", "procedure", "place", "benefit"} <= cats
    assert len(lex.terms) + len(lex.multi) > 400 and lex.heads and lex.weak


@pytest.mark.parametrize(("word", "expected"), [
    ("diabetesta", ("diagnosis", "lexicon")), ("astmaa", ("diagnosis", "lexicon")),
    ("metformiinia", ("medicine", "lexicon")), ("terveyskeskus", ("weak", "lexicon")),
    ("diapetes", ("fuzzy", "fuzzy")), ("lasku", None),
])
def test_classify(word, expected):
    assert classify(word) == expected


def test_reason_and_recognizer_in_metadata():
    (res,) = REC.analyze("diapetes", ["HEALTH"])
    assert res.recognition_metadata["reason"] == "fuzzy"
    assert res.recognition_metadata["recognizer_name"] == "HealthRecognizer"
    assert REC.analyze("diabetes", ["PERSON"]) == []
