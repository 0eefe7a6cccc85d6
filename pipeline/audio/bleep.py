"""Replace redacted time with a tone or silence. The only module that changes audio samples.

Samples inside a span are replaced, not mixed: nothing of the original survives there, on any
channel. The tone fades in and out over a few milliseconds to avoid clicks; the fade shapes
the tone only, never lets the original through.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from pipeline.config import BleepConfig
from pipeline.schema import PiiSpan


def to_samples(start: float, end: float, rate: int, frames: int) -> tuple[int, int]:
    """Convert seconds to a sample range, rounding outward and clipping to ``frames``."""
    first = min(frames, max(0, math.floor(start * rate)))
    last = min(frames, math.ceil(end * rate))
    return first, max(first, last)


def _tone(length: int, rate: int, cfg: BleepConfig) -> np.ndarray:
    if cfg.mode == "silence" or length == 0:
        return np.zeros(length, dtype=np.float32)
    t = np.arange(length, dtype=np.float64) / rate
    wave = np.sin(2 * np.pi * cfg.frequency * t) * 10 ** (cfg.level_db / 20)
    fade = min(length // 2, int(rate * cfg.fade_ms / 1000))
    if fade > 0:
        ramp = np.linspace(0.0, 1.0, fade, endpoint=False)
        wave[:fade] *= ramp
        wave[length - fade:] *= ramp[::-1]
    return wave.astype(np.float32)


def apply(samples: np.ndarray, rate: int, spans: Sequence[PiiSpan], cfg: BleepConfig
          ) -> np.ndarray:
    """Return a copy of ``samples`` (frames, channels) with every span replaced on all channels."""
    out = np.array(samples, dtype=np.float32, copy=True)
    frames = out.shape[0]
    for span in spans:
        first, last = to_samples(span.start, span.end, rate, frames)
        if last > first:
            out[first:last, :] = _tone(last - first, rate, cfg)[:, None]
    return out
