from pipeline.redact.coverage import ENTITY, uncovered_speech
from pipeline.schema import Word


def test_speech_without_words_is_bleeped_and_flagged():
    words = [Word("hei", 1.0, 1.4), Word("joo", 1.5, 1.8)]
    spans = uncovered_speech([(0.9, 4.0, 0)], words, tolerance=0.2, min_seconds=0.5)
    assert [(round(s.start, 2), round(s.end, 2)) for s in spans] == [(2.0, 4.0)]
    assert spans[0].entity_type == ENTITY and spans[0].review


def test_words_on_another_channel_do_not_cover_speech():
    words = [Word("hei", 1.0, 2.0, channel=1)]
    spans = uncovered_speech([(1.0, 2.0, 0)], words, tolerance=0.1, min_seconds=0.5)
    assert len(spans) == 1 and spans[0].channel == 0


def test_short_gaps_between_words_are_ignored():
    words = [Word("a", 0.0, 0.5), Word("b", 0.9, 1.5)]
    assert uncovered_speech([(0.0, 1.5, 0)], words, tolerance=0.1, min_seconds=0.5) == []


def test_short_bursts_with_no_word_between_are_one_stretch():
    """Regression: a name said as two short bursts (0.3 s each) was under min_seconds twice."""
    words = [Word("kiitos", 10.0, 10.5)]
    speech = [(12.0, 12.3, 0), (12.8, 13.1, 0)]
    spans = uncovered_speech(speech, words, tolerance=0.3, min_seconds=0.5, join=1.0)
    assert [(s.start, s.end) for s in spans] == [(12.0, 13.1)]
    assert uncovered_speech(speech, words, tolerance=0.3, min_seconds=0.5, join=0.0) == []


def test_bursts_with_a_word_between_stay_apart():
    words = [Word("joo", 12.45, 12.55)]
    speech = [(11.6, 12.1, 0), (12.9, 13.2, 0)]
    assert uncovered_speech(speech, words, tolerance=0.1, min_seconds=0.5, join=1.0) == [
        s for s in uncovered_speech(speech, words, tolerance=0.1, min_seconds=0.5, join=0.0)]
