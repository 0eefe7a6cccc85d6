import json
from dataclasses import replace

import numpy as np
import soundfile as sf

from pipeline.config import PiipConfig
from pipeline.files import sha256_file
from pipeline.process import Outputs, process_file
from pipeline.schema import Word
from tests.conftest import FakeAnalyzer, FakeTranscriber, words_from

RATE = 16000
WORDS = words_from([("Nimeni", 0.5, 0.9), ("on", 1.0, 1.1), ("Reijo", 2.0, 2.4),
                    ("Karjalainen", 2.5, 3.1), ("kiitos", 4.5, 4.9)])


def _frames_changed(src, out, start, end):
    a, b = src[int(start * RATE):int(end * RATE)], out[int(start * RATE):int(end * RATE)]
    return float(np.sqrt(np.mean((a - b) ** 2)))


def _run(tone_wav, tmp_path, words=WORDS, analyzer=None, cfg=None):
    outputs = Outputs.for_source(tone_wav, tone_wav.parent, tmp_path / "out")
    report = process_file(tone_wav, outputs, cfg or PiipConfig(), FakeTranscriber(words),
                          analyzer or FakeAnalyzer(r"Reijo Karjalainen"))
    return outputs, report


def test_span_is_altered_in_output_and_the_rest_is_not(tone_wav, tmp_path):
    before = sha256_file(tone_wav)
    outputs, report = _run(tone_wav, tmp_path)
    assert report.status == "ok"
    src, _ = sf.read(str(tone_wav), dtype="float32", always_2d=True)
    out, rate = sf.read(str(outputs.audio), dtype="float32", always_2d=True)
    assert rate == RATE and out.shape == src.shape
    cfg = PiipConfig().bleep
    start, end = 2.0 - cfg.pad_before, 3.1 + cfg.pad_after
    for ch in range(2):  # every channel, the whole padded span
        seg_src, seg_out = src[int(start * RATE):int(end * RATE), ch], out[
            int(start * RATE):int(end * RATE), ch]
        assert abs(seg_src @ seg_out) / (np.linalg.norm(seg_src) * np.linalg.norm(seg_out)) < 0.05
    assert _frames_changed(src, out, 0.0, start - 0.01) < 1e-3
    assert _frames_changed(src, out, end + 0.01, 6.0) < 1e-3
    assert sha256_file(tone_wav) == before  # the source is never modified
    data = json.loads(outputs.report.read_text())
    assert data["redacted_transcript"] == "Nimeni on <PERSON>\nkiitos"  # pause: new turn
    assert data["spans"][0]["entity_type"] == "PERSON"
    assert data["spans"][0]["start"] <= 2.0 - cfg.pad_before
    for key in ("source", "sha256", "duration", "sample_rate", "channels", "model",
                "config_hash", "status"):
        assert data[key] not in (None, "")


def test_untimed_word_widens_and_flags(tone_wav, tmp_path):
    words = [*WORDS[:2], Word("Reijo", 1.5, 3.5, 0.9, 0, 0, timing_ok=False)]
    _, report = _run(tone_wav, tmp_path, words, FakeAnalyzer("Reijo"))
    span = report.spans[0]
    cfg = PiipConfig().bleep
    assert span.reason == "timing_fallback" and span.review
    assert span.start <= 1.5 - cfg.pad_before - cfg.untimed_pad + 1e-9
    assert span.end >= 3.5 + cfg.pad_after + cfg.untimed_pad - 1e-9


def test_failure_publishes_no_audio_and_removes_stale_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bad = src / "bad.wav"
    bad.write_bytes(b"not audio" * 100)
    outputs = Outputs.for_source(bad, src, tmp_path / "out")
    outputs.audio.parent.mkdir(parents=True)
    outputs.audio.write_bytes(b"stale unredacted audio from an earlier run")
    report = process_file(bad, outputs, PiipConfig(), FakeTranscriber(WORDS), FakeAnalyzer("x"))
    assert report.status == "failed" and "bad.wav" in report.error
    assert not outputs.audio.exists()
    assert json.loads(outputs.report.read_text())["status"] == "failed"


def test_empty_transcript_of_speech_is_flagged(tone_wav, tmp_path):
    _, report = _run(tone_wav, tmp_path, words=[])
    assert report.status == "ok" and "empty_transcript" in report.review
    assert report.decision == "quarantine" and report.decision_reasons == ("no_words",)


def test_outputs_mirror_relative_paths(tmp_path):
    o = Outputs.for_source(tmp_path / "in/a/b/x.mp3", tmp_path / "in", tmp_path / "out")
    assert o.audio == tmp_path / "out/a/b/x.wav" and o.report == tmp_path / "out/a/b/x.json"


PLAIN = words_from([("Hyvää", 0.5, 0.9), ("päivää", 1.0, 1.1), ("tervetuloa", 2.0, 2.6),
                    ("kiitos", 4.5, 4.9)])  # no personal data: only the tested bleeps apply


def test_untranscribed_speech_is_bleeped_in_the_output(tone_wav, tmp_path):
    outputs = Outputs.for_source(tone_wav, tone_wav.parent, tmp_path / "out")
    fake = FakeTranscriber(PLAIN, speech=((0.5, 1.1, 0), (3.5, 4.4, 0)))  # 3.5-4.4: no words
    report = process_file(tone_wav, outputs, PiipConfig(), fake, FakeAnalyzer("nothing"))
    assert report.status == "ok" and "untranscribed_speech" in report.review
    assert report.decision == "release", report.decision_reasons  # bleeped: cannot leak
    src, _ = sf.read(str(tone_wav), dtype="float32", always_2d=True)
    out, _ = sf.read(str(outputs.audio), dtype="float32", always_2d=True)
    gap = slice(int(3.5 * RATE), int(4.4 * RATE))
    assert np.max(np.abs(out[gap] - src[gap])) > 0.1  # replaced
    assert _frames_changed(src, out, 0.0, 3.0) < 1e-3  # transcribed speech untouched


def test_speech_whisper_was_unsure_of_is_bleeped_and_flagged(tone_wav, tmp_path):
    outputs = Outputs.for_source(tone_wav, tone_wav.parent, tmp_path / "out")
    unsure = tuple(replace(w, prob=0.02, segment=1) if w.start >= 4.0 else w for w in PLAIN)
    report = process_file(tone_wav, outputs, PiipConfig(), FakeTranscriber(unsure),
                          FakeAnalyzer("nothing"))
    assert report.status == "ok" and "unsure_speech" in report.review
    assert report.decision == "release", report.decision_reasons  # bleeped: cannot leak
    assert [s.entity_type for s in report.spans] == ["UNRELIABLE_SPEECH"]
    src, _ = sf.read(str(tone_wav), dtype="float32", always_2d=True)
    out, _ = sf.read(str(outputs.audio), dtype="float32", always_2d=True)
    assert _frames_changed(src, out, 4.5, 4.9) > 0.1  # "kiitos", heard unsurely: replaced
    assert _frames_changed(src, out, 0.0, 3.5) < 1e-3  # the sure words untouched
