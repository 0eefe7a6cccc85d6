"""Unsure speech: segments and words Whisper doubted are bleeped and flagged, nothing else."""

from pipeline.redact.confidence import ENTITY, unreliable_speech
from pipeline.schema import Word


def _seg(probs, segment, start, channel=0):
    return [Word(f"w{k}", start + k, start + k + 0.8, p, channel, segment)
            for k, p in enumerate(probs)]


def test_an_unsure_segment_is_returned_whole_and_flagged():
    words = _seg([0.9, 0.8, 0.95], 0, 0.0) + _seg([0.05, 0.3, 0.02], 1, 10.0, channel=1)
    got = unreliable_speech(words, segment_below=0.1)
    assert [(s.start, s.end, s.channel, s.entity_type, s.review) for s in got] == [
        (10.0, 12.8, 1, ENTITY, True)]
    assert got[0].reason == "low_confidence"


def test_one_doubtful_word_does_not_condemn_a_sure_segment_but_can_be_bleeped_alone():
    words = _seg([0.9, 0.01, 0.9, 0.9], 0, 0.0)
    assert unreliable_speech(words, segment_below=0.1) == []
    got = unreliable_speech(words, segment_below=0.1, word_below=0.05)
    assert [(s.start, s.end) for s in got] == [(1.0, 1.8)]


def test_off_by_default_values():
    assert unreliable_speech(_seg([0.01, 0.01], 0, 0.0), segment_below=0.0) == []
