"""Steady-noise reduction: speech kept, hiss between words attenuated, length unchanged."""

import numpy as np
import pytest

from pipeline.denoise import reduce_noise


def _speechlike(rate: int, seconds: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """Return (clean, noise): a modulated tone in bursts, and white noise 15 dB below it."""
    t = np.arange(int(seconds * rate)) / rate
    on = (t % 1.5) < 0.8  # pauses between "words", where the noise floor can be seen
    clean = 0.3 * np.sin(2 * np.pi * 300 * t) * (1 + 0.5 * np.sin(2 * np.pi * 4 * t)) * on
    rms = np.sqrt(np.mean(clean[on] ** 2))
    noise = np.random.default_rng(1).normal(0.0, rms / 10 ** (15 / 20), len(t))
    return clean, noise


def _snr(clean: np.ndarray, x: np.ndarray) -> float:
    return float(10 * np.log10(np.sum(clean**2) / np.sum((x - clean) ** 2)))


@pytest.mark.parametrize("rate", [8000, 16000])
def test_noise_is_reduced_and_speech_kept(rate):
    clean, noise = _speechlike(rate)
    out = reduce_noise(clean + noise, rate)
    assert out.shape == clean.shape and out.dtype == np.float32
    assert _snr(clean, out) > _snr(clean, clean + noise) + 3.0  # at least 3 dB better
    t = np.arange(len(clean)) / rate
    pause = (t % 1.5 > 0.95) & (t % 1.5 < 1.35)
    assert np.sqrt(np.mean(out[pause] ** 2)) < 0.5 * np.sqrt(np.mean(noise[pause] ** 2))
    word = (t % 1.5 > 0.1) & (t % 1.5 < 0.7)
    kept = np.sqrt(np.mean(out[word] ** 2)) / np.sqrt(np.mean(clean[word] ** 2))
    assert 0.8 < kept < 1.2


def test_without_gain_the_signal_is_rebuilt_exactly():
    x = np.random.default_rng(2).normal(0.0, 0.1, 16000)
    assert np.allclose(reduce_noise(x, 16000, strength=0.0, floor=1.0), x, atol=1e-6)


@pytest.mark.parametrize("n", [0, 10, 3000])
def test_too_short_to_estimate_is_returned_unchanged(n):
    x = np.linspace(-0.1, 0.1, n)
    assert np.array_equal(reduce_noise(x, 16000), x.astype(np.float32))
