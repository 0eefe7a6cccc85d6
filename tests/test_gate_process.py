"""The release gate through ``process_file``: measured from the output audio and the files."""

import json

import numpy as np
import soundfile as sf

from pipeline.config import PiipConfig
from pipeline.process import Outputs, process_file
from pipeline.report.call_page import render_call_page
from pipeline.schema import Report, Word
from tests.conftest import FakeAnalyzer, FakeTranscriber

RATE = 16000


def _words(spec, prob=0.9):
    return [Word(t, s, e, p if p is not None else prob, 0, seg)
            for t, s, e, p, seg in spec]


# "Virtanen" is doubted by Whisper (0.3: under gate.review_prob, over the bleep threshold)
# and missed by detection: it stays audible, so the call must not be released.
DOUBTED = _words([("hyvää", 0.3, 0.6, None, 0), ("päivää", 0.7, 1.0, None, 0),
                  ("puhelimessa", 2.0, 2.6, 0.3, 1), ("Virtanen", 2.7, 3.3, 0.3, 1),
                  ("kiitos", 4.6, 5.0, None, 2)])


def _rms(a, b, start, end):
    sl = slice(int(start * RATE), int(end * RATE))
    return float(np.sqrt(np.mean((a[sl] - b[sl]) ** 2)))


def test_audible_doubted_speech_is_a_risk_and_blocks_release(tone_wav, tmp_path):
    outputs = Outputs.for_source(tone_wav, tone_wav.parent, tmp_path / "out")
    report = process_file(tone_wav, outputs, PiipConfig(), FakeTranscriber(DOUBTED),
                          FakeAnalyzer("nothing"))
    src, _ = sf.read(str(tone_wav), dtype="float32", always_2d=True)
    out, _ = sf.read(str(outputs.audio), dtype="float32", always_2d=True)
    assert _rms(src, out, 2.7, 3.3) < 1e-3  # the name is still audible in the clip...
    assert report.decision == "review"  # ...so the call is not released
    assert any(r.start <= 2.7 and r.end >= 3.3 for r in report.risks)
    assert {"risk:doubted_speech", "risk:name_residue"} & set(report.decision_reasons)
    data = outputs.report.read_text()
    page = render_call_page(Report.from_dict(json.loads(data)), outputs.audio,
                            tmp_path / "p.html").read_text()
    for text in (data, page):  # the words the clip leaks are never printed
        assert "virtanen" not in text.lower()
    assert "<RISK>" in json.loads(data)["redacted_transcript"] and ">RISK</mark>" in page


def test_clean_call_is_released_with_its_output_hash(tone_wav, tmp_path):
    plain = _words([("hyvää", 0.3, 0.6, None, 0), ("päivää", 0.7, 1.0, None, 0),
                    ("kiitos", 4.6, 5.0, None, 1)])
    outputs = Outputs.for_source(tone_wav, tone_wav.parent, tmp_path / "out")
    report = process_file(tone_wav, outputs, PiipConfig(), FakeTranscriber(plain),
                          FakeAnalyzer("nothing"))
    assert report.decision == "release" and report.decision_reasons == ("clean",)
    from pipeline.files import sha256_file

    assert report.stats["output_sha256"] == sha256_file(outputs.audio)
    assert [u.text for u in report.utterances] == ["hyvää päivää", "kiitos"]
