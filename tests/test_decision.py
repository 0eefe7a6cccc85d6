"""The release decision per call, from risks, flags and how much speech could be trusted."""

from __future__ import annotations

import pytest

from pipeline.config import GateConfig
from pipeline.gate.decision import REASONS, decide, untrusted_share
from pipeline.schema import PiiSpan, RiskItem

GATE = GateConfig()
SPEECH = ((0.0, 10.0, 0),)


def unsure(start: float, end: float, entity: str = "UNRELIABLE_SPEECH") -> PiiSpan:
    return PiiSpan(start, end, entity, 0.5, "WordConfidence", 0, "low_confidence", True)


def call(**kw):
    args = {"failed": False, "risks": (), "flags": (), "located": (), "speech": SPEECH,
            "speech_seconds": 10.0, "word_count": 30, "gate": GATE}
    args.update(kw)
    return decide(**args)


@pytest.mark.parametrize(("kw", "decision", "reasons"), [
    ({}, "release", ("clean",)),
    ({"failed": True}, "failed", ("processing_failed",)),
    ({"word_count": 0, "flags": ("empty_transcript",)}, "quarantine", ("no_words",)),
    ({"located": (unsure(0, 7),), "flags": ("unsure_speech",)}, "quarantine",
     ("untrustworthy_speech",)),
    ({"located": (unsure(0, 4), unsure(3, 7, "UNTRANSCRIBED_SPEECH"))}, "quarantine",
     ("untrustworthy_speech",)),
    # bleeped unsure or untranscribed speech cannot leak: alone it needs no person
    ({"located": (unsure(0, 2),), "flags": ("unsure_speech", "untranscribed_speech")},
     "release", ("clean",)),
    ({"risks": (RiskItem(1, 2, 0, "number_residue"), RiskItem(3, 4, 1, "name_residue"))},
     "review", ("risk:name_residue", "risk:number_residue")),
    ({"flags": ("sparse_transcript",)}, "review", ("sparse_transcript",)),
    ({"flags": ("damaged_audio",)}, "review", ("damaged_audio",)),
    ({"flags": ("something_new",)}, "review", ("unknown_flag",)),
    # silence with no words is nothing to hold back
    ({"word_count": 0, "speech_seconds": 0.2, "speech": ()}, "release", ("clean",)),
])
def test_decisions(kw, decision, reasons):
    got = call(**kw)
    assert got == (decision, reasons)
    assert set(got[1]) <= REASONS


def test_untrusted_share_counts_only_speech_on_the_spans_channel():
    speech = ((0.0, 4.0, 0), (0.0, 4.0, 1))
    spans = (unsure(0.0, 4.0), PiiSpan(0, 4, "PERSON", 0.9, "X", 1))
    assert untrusted_share(speech, spans) == pytest.approx(0.5)
    assert untrusted_share((), spans) == 0.0


def test_quarantine_threshold_comes_from_the_config():
    loose = GateConfig(quarantine_share=0.9)
    assert call(located=(unsure(0, 7),), gate=loose)[0] == "release"
