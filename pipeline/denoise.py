"""Steady-noise reduction before transcription: a spectral Wiener filter, pure numpy.

Telephone lines add steady hiss and hum; Whisper base turns speech under it into nonsense
far more often than clean speech. The noise spectrum is the mean power spectrum of the
quietest frames of the channel (the pauses between words), and each
short-time spectrum is scaled by a Wiener gain ``max(1 - strength * noise / power, floor)``.
The gain is smoothed over neighbouring frames and bins so it does not chirp ("musical
noise"). Only what Whisper hears is filtered: the published audio is cut from the original.
"""

from __future__ import annotations

import numpy as np

FRAME_SECONDS = 0.032
QUIET_PERCENTILE = 15.0  # the quietest frames: pauses, where only the line noise is heard


def _frames(signal: np.ndarray, size: int, hop: int) -> np.ndarray:
    """Return overlapping windowed frames of ``signal`` (zero-padded at both ends)."""
    padded = np.pad(signal, (size, size + hop))
    count = (len(padded) - size) // hop + 1
    idx = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    return padded[idx] * np.hanning(size + 1)[:-1]


def _smooth(gain: np.ndarray) -> np.ndarray:
    """Average each gain with its neighbours over three frames and three bins."""
    p = np.pad(gain, 1, mode="edge")
    rows, cols = gain.shape
    return sum(p[i:i + rows, j:j + cols] for i in range(3) for j in range(3)) / 9.0


def reduce_noise(signal: np.ndarray, rate: int, strength: float = 1.5,
                 floor: float = 0.1) -> np.ndarray:
    """Return ``signal`` (one channel, float) with its steady background noise attenuated.

    The output has the same length and rate. A signal too short to estimate noise from
    (under half a second) is returned unchanged.
    """
    x = np.asarray(signal, dtype=np.float64)
    size = int(2 ** round(np.log2(FRAME_SECONDS * rate)))
    hop = size // 4
    if len(x) < rate // 2 or size < 16:
        return np.asarray(signal, dtype=np.float32)
    spec = np.fft.rfft(_frames(x, size, hop), axis=1)
    power = np.abs(spec) ** 2
    energy = power.sum(axis=1)
    quiet = energy <= np.percentile(energy, QUIET_PERCENTILE)
    noise = power[quiet].mean(axis=0)
    gain = np.maximum(1.0 - strength * noise / np.maximum(power, 1e-20), floor)
    frames = np.fft.irfft(spec * _smooth(gain), n=size, axis=1)
    out = np.zeros(len(x) + 2 * size + hop)
    norm = np.zeros_like(out)
    window = np.hanning(size + 1)[:-1]
    for k, frame in enumerate(frames):  # overlap-add, normalised by the summed windows
        out[k * hop:k * hop + size] += frame
        norm[k * hop:k * hop + size] += window
    out = out / np.maximum(norm, 1e-8)
    return out[size:size + len(x)].astype(np.float32)
