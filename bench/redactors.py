"""Reference redactors that check the scorer: identity (recall 0) and truth (recall 1).

Both read ``CALLS/<id>.wav`` (+ truth) and write ``OUT/<id>.wav`` in the input's format.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import soundfile as sf

BLEEP_HZ = 1000.0
BLEEP_LEVEL = 0.2


def _ids(calls: Path) -> list[str]:
    return sorted(p.name[: -len(".truth.json")] for p in calls.glob("*.truth.json"))


def identity(calls: Path, out: Path) -> list[str]:
    """Copy every call unchanged; return the ids written."""
    out.mkdir(parents=True, exist_ok=True)
    ids = _ids(calls)
    for call_id in ids:
        shutil.copyfile(calls / f"{call_id}.wav", out / f"{call_id}.wav")
    return ids


def bleep_spans(x: np.ndarray, rate: int, spans: list[dict]) -> np.ndarray:
    """Replace each span (widened outward to whole samples) on its channel with a tone."""
    y = x.copy()
    for s in spans:
        a = max(0, math.floor(s["start"] * rate))
        b = min(len(y), math.ceil(s["end"] * rate))
        t = np.arange(a, b) / rate
        ch = s.get("channel", 0)
        y[a:b, ch] = BLEEP_LEVEL * np.sin(2 * np.pi * BLEEP_HZ * t)
    return y


def truth(calls: Path, out: Path) -> list[str]:
    """Bleep exactly the truth spans of every call; return the ids written."""
    out.mkdir(parents=True, exist_ok=True)
    ids = _ids(calls)
    for call_id in ids:
        spans = json.loads((calls / f"{call_id}.truth.json").read_text("utf-8"))["spans"]
        info = sf.info(str(calls / f"{call_id}.wav"))
        x, rate = sf.read(str(calls / f"{call_id}.wav"), always_2d=True)
        sf.write(str(out / f"{call_id}.wav"), bleep_spans(x, rate, spans), rate,
                 subtype=info.subtype)
    return ids
