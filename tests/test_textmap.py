from hypothesis import given
from hypothesis import strategies as st

from pipeline.redact.textmap import layout, redact_text, time_of, turn_breaks, word_aligned
from pipeline.schema import Word

WORDS = [Word("Nimeni", 0.0, 0.4), Word("on", 0.5, 0.6), Word("Reijo", 0.7, 1.0),
         Word("kiitos", 3.0, 3.4, channel=1)]


def test_layout_joins_words_and_breaks_turns():
    lay = layout(WORDS, gap=1.2)
    assert lay.text == "Nimeni on Reijo\nkiitos"
    for w, s, e in zip(WORDS, lay.starts, lay.ends, strict=True):
        assert lay.text[s:e] == w.text


def test_turn_breaks_on_channel_change_and_long_pause():
    words = [Word("a", 0, 1), Word("b", 1.1, 2), Word("c", 5, 6), Word("d", 6.1, 7, channel=1)]
    assert turn_breaks(words, gap=1.2) == [False, False, True, True]


def test_words_touching_maps_partial_overlap_to_whole_word():
    lay = layout(WORDS)
    start = lay.text.index("Reijo") + 2
    assert list(lay.words_touching(start, start + 1)) == [2]
    assert list(lay.words_touching(0, len(lay.text))) == [0, 1, 2, 3]
    assert list(lay.words_touching(6, 7)) == []  # the space between two words


def test_time_of_covers_all_words_and_reports_bad_timing():
    words = [*WORDS[:2], Word("x", 0.55, 2.0, timing_ok=False)]
    assert time_of(words, range(1, 3)) == (0.5, 2.0, False)


def test_redact_text_replaces_and_merges_overlaps():
    text = "soita 040 123 4567 nyt"
    assert redact_text(text, [(6, 18, "PHONE_NUMBER"), (10, 13, "NUMBER")]) == \
        "soita <PHONE_NUMBER> nyt"


def test_word_aligned_widens_to_word_edges():
    lay = layout(WORDS)
    s = lay.text.index("Reijo")
    assert word_aligned(lay, s + 1, s + 2) == (s, s + 5)


word_st = st.tuples(st.text(alphabet="abcäö1", min_size=1, max_size=6),
                    st.floats(0, 5), st.floats(0.01, 2), st.integers(0, 1))


@given(st.lists(word_st, min_size=1, max_size=30))
def test_round_trip_and_monotonic(spec):
    words, t = [], 0.0
    for text, gap, length, ch in spec:
        words.append(Word(text, t + gap, t + gap + length, channel=ch))
        t += gap + length
    lay = layout(words)
    assert lay.text.split() == [w.text for w in words]
    for i, (s, e) in enumerate(zip(lay.starts, lay.ends, strict=True)):
        assert list(lay.words_touching(s, e)) == [i]
    ends = [time_of(words, range(0, k + 1))[1] for k in range(len(words))]
    assert ends == sorted(ends)
