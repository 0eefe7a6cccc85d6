"""Where someone is speaking, by signal energy: the second opinion for the untranscribed check.

Silero VAD (inside faster-whisper) misses some speech on noisy 8 kHz lines and on unusual
voices; anything it misses is also missing from the transcript, and so could never be
bleeped. This detector is deliberately simple and generous: a 20 ms frame is active when its
RMS is well above the channel's noise floor (10th percentile) and not negligible next to its
loud level (95th percentile). Active frames closer than ``bridge`` seconds are joined, and
stretches shorter than ``min_seconds`` dropped. Pure numpy on one channel's samples.
"""

from __future__ import annotations

import numpy as np

FRAME = 0.02
FLOOR_FACTOR = 3.0  # about 10 dB above the noise floor
LOUD_RATIO = 0.1  # 20 dB below the loud level


def energy_regions(signal: np.ndarray, rate: int, channel: int, bridge: float = 0.3,
                   min_seconds: float = 0.2) -> list[tuple[float, float, int]]:
    """Return (start, end, channel) seconds of the stretches of ``signal`` with speech energy."""
    hop = max(1, int(round(FRAME * rate)))
    n = len(signal) // hop
    if n == 0:
        return []
    frames = np.asarray(signal[: n * hop], dtype=np.float64).reshape(n, hop)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    threshold = max(FLOOR_FACTOR * float(np.percentile(rms, 10)),
                    LOUD_RATIO * float(np.percentile(rms, 95)), 1e-4)
    active = np.flatnonzero(rms > threshold)
    if len(active) == 0:
        return []
    gap = int(round(bridge / FRAME))
    cuts = np.flatnonzero(np.diff(active) > gap + 1)
    firsts = np.concatenate(([active[0]], active[cuts + 1]))
    lasts = np.concatenate((active[cuts], [active[-1]]))
    return [(round(float(a) * FRAME, 3), round(float(b + 1) * FRAME, 3), channel)
            for a, b in zip(firsts, lasts, strict=True) if (b + 1 - a) * FRAME >= min_seconds]
