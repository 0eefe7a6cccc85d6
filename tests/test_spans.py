import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.audio.bleep import to_samples
from pipeline.redact.spans import clip, covered, merge, pad, snap_to_pauses
from pipeline.schema import PiiSpan


def span(a: float, b: float, score: float = 0.5, review: bool = False) -> PiiSpan:
    return PiiSpan(a, b, "PERSON", score, "test", review=review)


times = st.floats(min_value=0, max_value=100, allow_nan=False)
spans_st = st.lists(st.tuples(times, times).map(lambda t: span(min(t), max(t) + 0.01)),
                    max_size=20)


def test_pad_widens_and_never_goes_negative():
    assert pad(span(0.1, 1.0), 0.5, 0.2) == span(0.0, 1.2)


def test_clip_drops_spans_outside_duration():
    assert clip(span(5, 6), 4.0) is None
    assert clip(span(3, 6), 4.0) == span(3, 4.0)


def test_merge_uses_collar_and_keeps_surer_label_and_review():
    a, b = span(0, 1, 0.4, review=True), span(1.2, 2, 0.9)
    assert merge([b, a], collar=0.1) == [a, b]
    merged = merge([b, a], collar=0.3)
    assert merged == [PiiSpan(0, 2, "PERSON", 0.9, "test", review=True)]


@given(spans_st, st.floats(min_value=0, max_value=2))
def test_merge_covers_at_least_the_input_and_is_disjoint(spans, collar):
    merged = merge(spans, collar)
    for s in spans:
        assert any(m.start <= s.start and s.end <= m.end for m in merged)
    for a, b in zip(merged, merged[1:], strict=False):
        assert b.start > a.end + collar


@given(times, times, st.sampled_from([8000, 16000, 22050, 44100]))
def test_to_samples_only_widens(a, b, rate):
    start, end = min(a, b), max(a, b)
    first, last = to_samples(start, end, rate, frames=10**9)
    assert first / rate <= start + 1e-12
    assert last / rate >= end - 1e-12
    assert first == min(10**9, max(0, math.floor(start * rate)))


def test_to_samples_clips_to_frames():
    assert to_samples(1.0, 5.0, 10, frames=30) == (10, 30)
    assert to_samples(4.0, 5.0, 10, frames=30) == (30, 30)


@given(spans_st)
def test_pad_clip_merge_never_shrinks_coverage(spans):
    padded = [clip(pad(s, 0.1, 0.2), 200.0) for s in spans]
    out = merge([s for s in padded if s], collar=0.3)
    assert covered(out) + 1e-9 >= covered(spans)


def _span(start: float, end: float) -> PiiSpan:
    return PiiSpan(start, end, "PHONE_NUMBER", 0.9, "test", 0)


@pytest.mark.parametrize(("span", "expected"), [
    ((2.0, 3.5), (2.0, 4.0)),  # ends 0.5 s before its stretch of speech ends: widened
    ((2.0, 3.0), (2.0, 3.0)),  # ends 1.0 s before: too far, kept
    ((1.2, 5.0), (1.0, 5.0)),  # starts 0.2 s after the stretch starts: widened back
    ((4.5, 4.8), (4.5, 4.8)),  # in a pause: nothing to snap to
])
def test_snap_to_pauses_only_widens_to_close_edges(span, expected):
    regions = [(1.0, 4.0, 0), (5.0, 6.0, 0)]
    got = snap_to_pauses(_span(*span), regions, before=0.3, after=0.6)
    assert (got.start, got.end) == expected
    assert got.start <= span[0] and got.end >= span[1]


@pytest.mark.parametrize(("span", "expected"), [
    ((5.3, 5.6), (5.0, 6.0)),  # inside a 1-s utterance ("Virtanen, Veikko."): all of it
    ((1.5, 2.0), (1.5, 2.0)),  # inside a 3-s stretch: left alone
    ((5.9, 6.4), (5.0, 6.4)),  # reaching into a short utterance takes it in
])
def test_snap_takes_in_a_whole_short_utterance(span, expected):
    regions = [(1.0, 4.0, 0), (5.0, 6.0, 0)]
    got = snap_to_pauses(_span(*span), regions, before=0.0, after=0.0, utterance=1.5)
    assert (got.start, got.end) == expected
