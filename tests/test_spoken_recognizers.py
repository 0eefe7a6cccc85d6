"""The Presidio views of the claims (pipeline.detect.spoken.recognizers)."""

from presidio_analyzer import RecognizerResult

from pipeline.detect.registry import SPOKEN_RECOGNIZERS
from pipeline.detect.spoken.recognizers import SpokenHetuRecognizer

HETU = "FI_PERSONAL_IDENTITY_CODE"


def test_each_recognizer_reports_its_own_entities_in_finnish():
    entities = {cls.__name__: cls().supported_entities for cls in SPOKEN_RECOGNIZERS}
    assert entities == {
        "SpokenHetuRecognizer": [HETU], "SpokenPhoneRecognizer": ["PHONE_NUMBER"],
        "SpokenIbanRecognizer": ["IBAN_CODE"], "SpokenCardRecognizer": ["CREDIT_CARD"],
        "SpokenEmailRecognizer": ["EMAIL_ADDRESS"], "AddressRecognizer": ["ADDRESS"],
        "NumberSequenceRecognizer": ["NUMBER_SEQUENCE", "CUSTOMER_NUMBER", "DATE_OF_BIRTH"]}


def test_results_carry_presidio_metadata():
    rec = SpokenHetuRecognizer()
    assert rec.supported_language == "fi"
    assert rec.supported_entities == [HETU]
    [result] = rec.analyze("tunnus 131052-308T", [HETU], None)
    assert (result.start, result.end) == (7, 18)
    meta = result.recognition_metadata
    assert meta[RecognizerResult.RECOGNIZER_NAME_KEY] == "SpokenHetuRecognizer"
    assert meta[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == rec.id
    assert meta["reason"] == "checksum"
    assert rec.analyze("tunnus 131052-308T", ["PHONE_NUMBER"], None) == []


def test_presidio_context_enhancer_can_boost_our_results():
    # Regression: results carried analysis_explanation=None, which the enhancer writes into.
    import spacy
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
    from presidio_analyzer.nlp_engine import NlpArtifacts

    class Words:  # the two questions NlpArtifacts asks its engine
        def is_stopword(self, word, language):
            return False

        def is_punct(self, word, language):
            return False

    text = "henkilötunnukseni on 131052-308U"
    doc = spacy.blank("fi")(text)
    artifacts = NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                             lemmas=[t.text.lower() for t in doc], nlp_engine=Words(),
                             language="fi")
    rec = SpokenHetuRecognizer()
    results = rec.analyze(text, None, None)
    assert [r.score for r in results] == [0.6]
    boosted = LemmaContextAwareEnhancer().enhance_using_context(text, results, artifacts, [rec])
    assert [round(r.score, 2) for r in boosted] == [0.95]
