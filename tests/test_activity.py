"""Energy-based activity: found where the signal is loud, nowhere else, on every rate."""

import numpy as np
import pytest

from pipeline.asr.activity import energy_regions
from pipeline.asr.whisper import activity
from pipeline.audio.io import Audio
from pipeline.config import AsrConfig
from pipeline.redact.coverage import uncovered_speech


def _signal(rate: int, bursts: list[tuple[float, float]], seconds: float = 10.0,
            noise: float = 0.003) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, noise, int(seconds * rate))
    t = np.arange(len(x)) / rate
    for a, b in bursts:
        on = (t >= a) & (t < b)
        x[on] += 0.3 * np.sin(2 * np.pi * 220 * t[on]) * (1 + 0.5 * np.sin(2 * np.pi * 4 * t[on]))
    return x.astype(np.float32)


@pytest.mark.parametrize("rate", [8000, 16000, 44100])
def test_bursts_are_found_with_their_edges(rate):
    bursts = [(1.0, 1.8), (4.0, 6.5)]
    regions = energy_regions(_signal(rate, bursts), rate, channel=1)
    assert len(regions) == 2
    for (a, b), (start, end, channel) in zip(bursts, regions, strict=True):
        assert channel == 1
        assert abs(start - a) <= 0.04 and abs(end - b) <= 0.04


def test_noise_alone_and_silence_give_nothing():
    rng = np.random.default_rng(1)
    assert energy_regions(rng.normal(0, 0.01, 16000 * 5).astype(np.float32), 16000, 0) == []
    assert energy_regions(np.zeros(16000 * 5, dtype=np.float32), 16000, 0) == []
    assert energy_regions(np.zeros(10, dtype=np.float32), 16000, 0) == []


def test_short_clicks_are_dropped_and_close_bursts_joined():
    regions = energy_regions(_signal(16000, [(1.0, 1.05), (3.0, 3.5), (3.7, 4.2)]), 16000, 0)
    assert [(round(a, 1), round(b, 1)) for a, b, _ in regions] == [(3.0, 4.2)]


def test_speech_silero_misses_is_still_bleeped_when_untranscribed():
    """The union with energy regions makes an untranscribed burst count (fail closed)."""
    rate = 16000
    samples = _signal(rate, [(2.0, 3.0)])[:, None]
    audio = Audio(samples, rate)
    regions = activity(audio, AsrConfig(energy_activity=True))
    spans = uncovered_speech(regions, [])
    assert any(s.start <= 2.02 and s.end >= 2.98 for s in spans)
    only_silero = activity(audio, AsrConfig(energy_activity=False))
    assert all(r in regions for r in only_silero)
