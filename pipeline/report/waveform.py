"""The waveform of a call page: the redacted wav's envelope and what to draw over it.

The envelope is read from the *redacted* wav only. The functions here return numbers and
labels; ``templates/waveform.svg`` turns them into markup.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from pipeline.report.call_risks import risk_marks
from pipeline.report.labels import why
from pipeline.report.page import fmt_time
from pipeline.schema import PiiSpan, RiskItem

WIDTH = 1200  # SVG user units; the envelope has one column per unit
WAVE_H = 96
LABEL_H = 34
AXIS_H = 18


def envelope(path: Path, columns: int = WIDTH) -> tuple[np.ndarray, np.ndarray, float]:
    """Return per-channel (mins, maxs), each of shape (channels, <= columns), and the duration.

    The wav is read in blocks of 16-bit samples, so an hour of audio never sits in memory
    as floats and the reduction runs on contiguous rows.
    """
    with sf.SoundFile(str(path)) as f:
        frames, chans, rate = f.frames, f.channels, f.samplerate
        per = max(1, math.ceil(frames / columns))
        mins, maxs = [np.zeros((chans, 0), np.int16)], [np.zeros((chans, 0), np.int16)]
        for block in f.blocks(per * max(1, (1 << 20) // per), dtype="int16", always_2d=True):
            n = math.ceil(len(block) / per)
            rows = np.ascontiguousarray(block.T)  # reduce along contiguous memory: ~20x faster
            if n * per > len(block):
                rows = np.pad(rows, ((0, 0), (0, n * per - len(block))), mode="edge")
            rows = rows.reshape(chans, n, per)
            mins.append(rows.min(axis=2))
            maxs.append(rows.max(axis=2))
    scale = np.float32(1 / 32768)
    low, high = np.concatenate(mins, axis=1), np.concatenate(maxs, axis=1)
    if not low.shape[1]:
        low = high = np.zeros((chans, 1), np.int16)
    return low * scale, high * scale, frames / rate if rate else 0.0


def _wave_path(mins: np.ndarray, maxs: np.ndarray) -> str:
    mid, amp = LABEL_H + WAVE_H / 2, WAVE_H / 2 - 2
    x = np.arange(len(mins)) * (WIDTH / len(mins))
    top = mid - np.maximum(np.clip(maxs, -1, 1) * amp, 0.6)
    bottom = mid - np.minimum(np.clip(mins, -1, 1) * amp, -0.6)
    pts = [f"{a:.1f},{b:.1f}" for a, b in zip(x, top, strict=True)]
    pts += [f"{a:.1f},{b:.1f}" for a, b in zip(x[::-1], bottom[::-1], strict=True)]
    return f"M{' L'.join(pts)} Z"


def _ticks(duration: float) -> list[dict[str, str]]:
    steps = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
    step = next((s for s in steps if duration / s <= 12), 7200)
    out = []
    for i in range(int(duration // step) + 1):
        x = i * step / duration * WIDTH if duration else 0
        anchor = "start" if i == 0 else ("end" if x > WIDTH - 30 else "middle")
        out.append({"x": f"{x:.1f}", "anchor": anchor,
                    "label": fmt_time(i * step, tenths=False)})
    return out


def _span_marks(spans: list[PiiSpan], channel: int, duration: float,
                needs_review: Any) -> dict[str, list[dict[str, str]]]:
    """Shade every span (bleeped on all channels); label it on the channel it was heard on.

    Labels go in two rows above the wave and are left out where they would overlap (every
    span keeps its shading, colour and hover title). Review spans get a red bar on top.
    """
    rects, marks, labels, row_end = [], [], [], [-1e9, -1e9]
    for i, s in enumerate(spans, 1):
        x = s.start / duration * WIDTH
        w = max(2.0, (s.end - s.start) / duration * WIDTH)
        own, rev = s.channel == channel, needs_review(s)
        cls = "span" + (" other" if not own else "") + (" rev" if rev and w >= 10 else "")
        title = f"#{i} {s.entity_type} {fmt_time(s.start)}–{fmt_time(s.end)} · {why(s)}"
        rects.append({"cls": cls, "t": f"{s.start:.2f}", "type": s.entity_type,
                      "x": f"{x:.1f}", "w": f"{w:.1f}", "title": title})
        if rev:
            marks.append({"x": f"{x:.1f}", "w": f"{max(w, 3.0):.1f}"})
        text_w = 8.6 * len(s.entity_type) + 10
        row = next((r for r in (0, 1) if own and x >= row_end[r]), None)
        if row is not None and x + text_w <= WIDTH + 10:
            row_end[row] = x + text_w
            labels.append({"x": f"{x:.1f}", "y": str(14 + 16 * row), "type": s.entity_type})
    return {"rects": rects, "marks": marks, "labels": labels}


def waveform(mins: np.ndarray, maxs: np.ndarray, channel: int, spans: list[PiiSpan],
             duration: float, risks: tuple[RiskItem, ...], needs_review: Any) -> dict[str, Any]:
    """Return what ``templates/waveform.svg`` draws for one channel.

    ``needs_review(span)`` tells which spans get the red review bar.
    """
    return {"channel": channel, "width": WIDTH, "height": LABEL_H + WAVE_H + AXIS_H,
            "top": LABEL_H, "wave_h": WAVE_H, "axis_y": LABEL_H + WAVE_H,
            "path": _wave_path(mins, maxs), "ticks": _ticks(duration),
            "risks": risk_marks(risks, channel, duration or 1.0, WIDTH),
            **_span_marks(spans, channel, duration or 1.0, needs_review)}
