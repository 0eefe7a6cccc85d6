"""Untimed words are narrowed to the gap between their timed neighbours, never beyond."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.redact.timing import narrow_untimed
from pipeline.schema import Word


def test_untimed_word_gets_the_gap_between_its_neighbours():
    words = [Word("a", 0.0, 0.5), Word("b", 0.0, 10.0, timing_ok=False), Word("c", 1.5, 2.0),
             Word("d", 9.0, 10.0)]
    out = narrow_untimed(words)
    assert (out[1].start, out[1].end, out[1].timing_ok) == (0.5, 1.5, False)
    assert out[0] == words[0] and out[2] == words[2]


def test_neighbours_on_other_channels_or_segments_do_not_count():
    words = [Word("a", 0.0, 0.5, channel=1), Word("b", 0.0, 10.0, timing_ok=False),
             Word("c", 1.5, 2.0, segment=1)]
    assert narrow_untimed(words)[1] == words[1]


def test_a_too_narrow_gap_keeps_the_wide_fallback():
    words = [Word("a", 0.0, 1.0), Word("b", 0.0, 5.0, timing_ok=False), Word("c", 1.1, 2.0)]
    assert narrow_untimed(words)[1] == words[1]


@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 5), st.booleans()), max_size=12))
def test_only_ever_narrows_within_the_fallback(rows):
    words = [Word(str(i), s, s + d + 0.01, timing_ok=ok) for i, (s, d, ok) in enumerate(rows)]
    for old, new in zip(words, narrow_untimed(words), strict=True):
        assert old.start <= new.start < new.end <= old.end
        assert (new.text, new.timing_ok) == (old.text, old.timing_ok)
