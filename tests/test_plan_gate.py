"""The release gate inside ``plan``: residue is bleeped or flagged, measured on output audio."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.audio import bleep
from pipeline.config import PiipConfig
from pipeline.fi import morphology
from pipeline.gate.decision import decide
from pipeline.gate.plan import plan, plan_utterances, redacted_transcript
from pipeline.schema import Transcript, Word
from tests.conftest import FakeAnalyzer, tone_signal

pytestmark = pytest.mark.skipif(not morphology.available(), reason="Voikko not installed")
RATE = 8000
CFG = PiipConfig()


def words(spec: str, channel: int = 0, t0: float = 0.0) -> list[Word]:
    return [Word(w, round(t0 + 0.5 * k, 3), round(t0 + 0.5 * k + 0.4, 3), 0.9, channel)
            for k, w in enumerate(spec.split())]


def transcript(ws: list[Word], duration: float, channels: int = 1) -> Transcript:
    speech = tuple((w.start, w.end, w.channel) for w in ws)
    return Transcript(tuple(ws), duration, channels, "fi", sum(w.end - w.start for w in ws),
                      speech)


def audible(src: np.ndarray, out: np.ndarray, w: Word) -> bool:
    a, b = int(w.start * RATE), int(w.end * RATE)
    return bool(np.allclose(src[a:b], out[a:b]))


def run(ws: list[Word], duration: float, channels: int = 1):
    tr = transcript(ws, duration, channels)
    planned = plan(tr, duration, CFG, FakeAnalyzer(r"\bZZZ\b"))  # detection misses all
    src = tone_signal(duration, RATE, channels)
    out = bleep.apply(src, RATE, planned.to_bleep, CFG.bleep)
    verdict = decide(failed=False, risks=planned.risks, flags=(), located=planned.located,
                     speech=tr.speech, speech_seconds=tr.speech_seconds,
                     word_count=len(ws), gate=CFG.gate)
    return planned, src, out, verdict


def test_answer_to_identity_question_is_bleeped_fail_closed():
    ws = words("sano vielä hetu") + words("kaksi kymentä kolmen olla kahdeksan", 1, 2.0)
    planned, src, out, verdict = run(ws, 6.0, channels=2)
    for w in ws[3:]:
        if w.text != "olla":
            assert not audible(src, out, w), w.text
    assert any(s.recognizer == "ReleaseGate" for s in planned.located)
    text = redacted_transcript(planned)
    assert "kahdeksan" not in text and "kymentä" not in text


def test_audible_personal_data_is_never_released():
    ws = words("joo tota puhuin Virtaselle eilen ja numero oli neljä viisi kuusi kiitos")
    planned, src, out, verdict = run(ws, 8.0)
    leaking = [w for w in ws if w.text in {"Virtaselle", "neljä", "viisi", "kuusi"}]
    assert any(audible(src, out, w) for w in leaking)  # the detector missed them
    assert verdict[0] == "review"
    for w in leaking:
        if audible(src, out, w):
            assert any(r.start <= w.start and w.end <= r.end for r in planned.risks), w.text
    utts = plan_utterances(planned)
    joined = " ".join(u.text for u in utts) + redacted_transcript(planned)
    for w in leaking:
        assert w.text not in joined


def test_ordinary_call_is_released_untouched():
    ws = words("hyvää päivää miten voin auttaa") + words("kiitos hei", 0, 4.0)
    planned, src, out, verdict = run(ws, 6.0)
    assert verdict == ("release", ("clean",))
    assert planned.risks == () and planned.to_bleep == ()
    assert np.array_equal(src, out)
    assert redacted_transcript(planned) == "hyvää päivää miten voin auttaa\nkiitos hei"


def test_speech_under_a_whisper_loop_is_bleeped_and_quarantines_a_call_made_of_it():
    ws = (words("hyvää päivää") + words("luone hän ettei kautta hän ettei luone kautta ettei "
                                        "hän luone kautta hän ettei", t0=2.0)
          + words("kiitos hei", t0=10.0))
    speech = ((0.0, 0.9, 0), (2.0, 9.0, 0), (10.0, 10.9, 0))
    tr = Transcript(tuple(ws), 12.0, 1, "fi", 8.8, speech)
    planned = plan(tr, 12.0, CFG, FakeAnalyzer(r"\bZZZ\b"))
    src = tone_signal(12.0, RATE, 1)
    out = bleep.apply(src, RATE, planned.to_bleep, CFG.bleep)
    loop = [w for w in ws if 2.0 <= w.start < 9.0]
    assert all(not audible(src, out, w) for w in loop)  # the loop's speech is bleeped
    assert audible(src, out, ws[0]) and audible(src, out, ws[-1])  # the rest is not
    assert any(s.entity_type == "UNTRANSCRIBED_SPEECH" for s in planned.located)
    verdict = decide(failed=False, risks=planned.risks, flags=(), located=planned.located,
                     speech=speech, speech_seconds=8.8, word_count=len(ws), gate=CFG.gate)
    assert verdict == ("quarantine", ("untrustworthy_speech",))
