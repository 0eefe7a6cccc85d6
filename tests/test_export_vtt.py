"""pipeline.export.vtt: redacted utterances rendered as WebVTT, parsed back by webvtt-py."""

from __future__ import annotations

import html

import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.export.vtt import plain_text, render_vtt, timestamp, transcription
from pipeline.schema import Utterance

ROLES = {0: "agent", 1: "customer"}


def _ms(t) -> int:
    return t.in_milliseconds()


@pytest.mark.parametrize(("text", "expected"), [
    ("olen <PERSON>", "olen [PERSON]"),
    ("<FI_PERSONAL_IDENTITY_CODE> ja <PHONE_NUMBER>",
     "[FI_PERSONAL_IDENTITY_CODE] ja [PHONE_NUMBER]"),
    ("kiitos <RISK>\n  hei", "kiitos [RISK] hei"),
    ("a < b", "a < b"),  # not a placeholder: left for escaping
])
def test_plain_text(text, expected):
    assert plain_text(text) == expected


def test_markup_and_arrows_are_escaped():
    doc = render_vtt([Utterance(0.0, 1.0, 0, "x --> y <b>z</b> & <PERSON>")], 2.0, 1, ROLES)
    assert "x --> y" not in doc
    (cap,) = webvtt.from_string(doc).captions
    assert html.unescape(cap.raw_text) == "x -- > y <b>z</b> & [PERSON]"
    assert cap.voice is None


def test_cues_are_clipped_ordered_and_empty_ones_dropped():
    utts = [Utterance(2.5, 9.0, 1, "loppu"), Utterance(-1.0, 0.5, 0, "alku"),
            Utterance(5.0, 6.0, 0, "ohi"), Utterance(1.0, 2.0, 0, "   ")]
    doc = render_vtt(utts, 3.0, 2, {0: "agent"})
    caps = webvtt.from_string(doc).captions
    assert [(c.voice, c.text) for c in caps] == [("agent", "alku"), ("channel 1", "loppu")]
    assert [(_ms(c.start_time), _ms(c.end_time)) for c in caps] == [(0, 500), (2500, 3000)]


def test_role_labels_cannot_break_the_voice_span():
    doc = render_vtt([Utterance(0.0, 1.0, 1, "hei")], 1.0, 2, {1: "a>b <c>"})
    assert webvtt.from_string(doc).captions[0].voice == "a b c"


def test_timestamp_format():
    assert timestamp(3_723_004) == "01:02:03.004"


def test_transcription_falls_back_to_the_redacted_transcript():
    assert transcription([], "Hei <PERSON>\n\nkiitos") == "Hei [PERSON]\nkiitos"
    assert transcription([Utterance(1, 2, 1, "b"), Utterance(0, 1, 0, "a <EMAIL_ADDRESS>")],
                         "ignored") == "a [EMAIL_ADDRESS]\nb"


times = st.floats(-5, 50, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(times, times, st.integers(0, 2), st.text(max_size=20)), max_size=8),
       st.floats(0.0, 40.0, allow_nan=False), st.integers(1, 2))
def test_any_utterances_parse_with_cues_inside_the_clip(raw, duration, channels):
    utts = [Utterance(min(a, b), max(a, b), c, t) for a, b, c, t in raw]
    caps = webvtt.from_string(render_vtt(utts, duration, channels, ROLES), strict=True).captions
    starts = [_ms(c.start_time) for c in caps]
    assert starts == sorted(starts)
    for c in caps:
        assert 0 <= _ms(c.start_time) < _ms(c.end_time) <= duration * 1000
        assert "<" not in c.text and ">" not in c.text.replace("&gt;", "")
