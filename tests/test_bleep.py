import numpy as np
import pytest
import soundfile as sf

from pipeline.audio.bleep import apply
from pipeline.audio.io import write_wav
from pipeline.config import BleepConfig
from pipeline.schema import PiiSpan
from tests.conftest import tone_signal

RATE = 16000


def _span(a, b):
    return PiiSpan(a, b, "PERSON", 0.9, "t")


@pytest.mark.parametrize("mode", ["tone", "silence"])
def test_replaces_span_on_every_channel_and_nothing_else(tmp_path, mode):
    src = tone_signal(3.0, RATE, channels=2)
    cfg = BleepConfig(mode=mode)
    out = write_wav(tmp_path / "o.wav", apply(src, RATE, [_span(1.0, 1.5)], cfg), RATE)
    got, _ = sf.read(str(out), dtype="float32", always_2d=True)
    inside = slice(RATE, int(1.5 * RATE))
    # replaced, not mixed: the original is gone on both channels
    for ch in range(2):
        a, b = got[inside, ch], src[inside, ch]
        assert abs(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9) < 0.05
    if mode == "silence":
        assert np.max(np.abs(got[inside])) == 0
    else:
        assert np.allclose(got[inside, 0], got[inside, 1])
        rms = np.sqrt(np.mean(got[inside, 0] ** 2))
        assert abs(20 * np.log10(rms * np.sqrt(2)) - cfg.level_db) < 0.5
    outside = np.r_[0:RATE - 1, int(1.5 * RATE) + 1:len(src)]
    assert np.max(np.abs(got[outside] - src[outside])) < 1e-3  # PCM16 quantisation only


def test_tone_frequency_is_configurable():
    cfg = BleepConfig(frequency=500.0, fade_ms=0)
    out = apply(np.zeros((RATE, 1), np.float32), RATE, [_span(0, 1)], cfg)
    spectrum = np.abs(np.fft.rfft(out[:, 0]))
    assert abs(np.argmax(spectrum) * RATE / len(out) - 500) < 2


def test_rounding_widens_to_whole_samples():
    rate = 10
    out = apply(np.ones((100, 1), np.float32), rate, [_span(1.05, 2.01)],
                BleepConfig(mode="silence"))
    assert np.all(out[10:21] == 0)  # floor(10.5)=10 .. ceil(20.1)=21
    assert out[9, 0] == 1 and out[21, 0] == 1


def test_source_array_not_modified():
    src = tone_signal(1.0, RATE)
    copy = src.copy()
    apply(src, RATE, [_span(0.1, 0.5)], BleepConfig())
    assert np.array_equal(src, copy)
