"""Render a :class:`~bench.calls.CallScript` to audio and exact truth spans.

Every chunk is synthesised on its own (trimmed of silence) and placed on a 16 kHz timeline
with short pauses, so a personal-data chunk's placement *is* its truth span. The timeline is
then converted to the call's format: telephone (300-3400 Hz, 8 kHz, noise at a set SNR),
stereo (agent on channel 0, customer on channel 1) or wideband mono at 16/22.05/44.1 kHz.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.calls import CallScript
from bench.synth import RATE, Voice, resample, speak_many

CHUNK_RMS = 0.08
TAIL_SECONDS = 0.6


@dataclass(frozen=True)
class Placed:
    """One chunk on the timeline: turn index, chunk index, start sample, samples."""

    turn: int
    chunk: int
    start: int
    samples: np.ndarray


def synthesise(script: CallScript) -> dict[tuple[int, int], np.ndarray]:
    """Speak every chunk of the script with its speaker's voice, one batch per voice."""
    by_voice: dict[Voice, list[tuple[int, int, str]]] = {}
    for ti, turn in enumerate(script.turns):
        voice = script.agent_voice if turn.speaker == "agent" else script.customer_voice
        for ci, chunk in enumerate(turn.chunks):
            by_voice.setdefault(voice, []).append((ti, ci, chunk.text))
    audio = {}
    for voice, items in by_voice.items():
        for (ti, ci, _), x in zip(items, speak_many([t for _, _, t in items], voice),
                                  strict=True):
            audio[(ti, ci)] = x
    return audio


def _level(x: np.ndarray, gain: float) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    y = x * (CHUNK_RMS * gain / rms)
    peak = float(np.max(np.abs(y)))
    return (y * (0.9 / peak) if peak > 0.9 else y).astype(np.float32)


def place(script: CallScript, audio: dict[tuple[int, int], np.ndarray]) -> list[Placed]:
    """Lay chunks out in time: lead silence, turn gaps, pauses between chunks."""
    rng = np.random.default_rng(script.noise_seed)
    gains = {"agent": 10 ** (rng.uniform(-2, 2) / 20), "customer": 10 ** (rng.uniform(-3, 1) / 20)}
    t = int(round(script.lead * RATE))
    placed = []
    for ti, turn in enumerate(script.turns):
        t += int(round(turn.gap * RATE))
        for ci in range(len(turn.chunks)):
            if ci:
                t += int(round(script.chunk_pause * RATE))
            x = _level(audio[(ti, ci)], gains[turn.speaker])
            placed.append(Placed(ti, ci, t, x))
            t += len(x)
    return placed


def band_limit(x: np.ndarray, rate: int, low: float, high: float) -> np.ndarray:
    """Band-pass by FFT with 100 Hz raised-cosine edges."""
    spec = np.fft.rfft(x.astype(np.float64))
    f = np.fft.rfftfreq(len(x), 1 / rate)
    edge = 100.0
    gain = np.clip(np.minimum((f - low + edge) / edge, (high + edge - f) / edge), 0, 1)
    gain = 0.5 - 0.5 * np.cos(np.pi * gain)
    return np.fft.irfft(spec * gain, len(x)).astype(np.float32)


def _telephone(mix: np.ndarray, speech_rms: float, snr_db: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 1)
    narrow = resample(band_limit(mix, RATE, 300, 3400), RATE, 8000)
    noise = band_limit(rng.standard_normal(len(narrow)).astype(np.float32), 8000, 200, 3600)
    hum = np.sin(2 * np.pi * 50 * np.arange(len(narrow)) / 8000) * 0.3
    noise = noise / np.sqrt(np.mean(noise ** 2)) + hum
    noise *= speech_rms / 10 ** (snr_db / 20) / np.sqrt(np.mean(noise ** 2))
    return (narrow + noise).astype(np.float32)


def mixdown(script: CallScript, placed: list[Placed]) -> np.ndarray:
    """Return the call as (frames, channels) float32 at its own sample rate."""
    frames = max(p.start + len(p.samples) for p in placed) + int(TAIL_SECONDS * RATE)
    channels = 2 if script.fmt.kind == "stereo" else 1
    track = np.zeros((frames, channels), dtype=np.float32)
    for p in placed:
        ch = 1 if channels == 2 and script.turns[p.turn].speaker == "customer" else 0
        track[p.start:p.start + len(p.samples), ch] += p.samples
    if script.fmt.kind == "telephone":
        rms = float(np.sqrt(np.mean(np.concatenate([p.samples for p in placed]) ** 2)))
        out = _telephone(track[:, 0], rms, script.fmt.snr_db, script.noise_seed)[:, None]
    elif script.fmt.sample_rate != RATE:
        out = np.stack([resample(track[:, c], RATE, script.fmt.sample_rate)
                        for c in range(channels)], axis=1)
    else:
        out = track
    return np.clip(out, -1.0, 1.0)


def truth(script: CallScript, placed: list[Placed], out: np.ndarray) -> dict[str, Any]:
    """Return the truth record: spans of personal data and turns, in seconds."""
    stereo = script.fmt.kind == "stereo"
    spans, turns = [], []
    for p in placed:
        turn = script.turns[p.turn]
        chunk = turn.chunks[p.chunk]
        if chunk.pii_type:
            spans.append({"start": round(p.start / RATE, 4),
                          "end": round((p.start + len(p.samples)) / RATE, 4),
                          "type": chunk.pii_type,
                          "channel": int(stereo and turn.speaker == "customer"),
                          "value": chunk.value, "spoken": chunk.text, "speaker": turn.speaker})
    for ti, turn in enumerate(script.turns):
        mine = [p for p in placed if p.turn == ti]
        turns.append({"start": round(mine[0].start / RATE, 4),
                      "end": round((mine[-1].start + len(mine[-1].samples)) / RATE, 4),
                      "channel": int(stereo and turn.speaker == "customer"),
                      "speaker": turn.speaker, "text": turn.text})
    rate = script.fmt.sample_rate
    return {"id": script.call_id, "sample_rate": rate, "channels": int(out.shape[1]),
            "duration": round(out.shape[0] / rate, 4), "format": script.fmt.kind,
            "snr_db": script.fmt.snr_db or None,
            "voices": {"agent": script.agent_voice.label(),
                       "customer": script.customer_voice.label()},
            "spans": spans, "turns": turns, "generator": script.notes}


def render(script: CallScript) -> tuple[np.ndarray, dict[str, Any]]:
    """Synthesise, place and mix a call; return (frames x channels samples, truth record)."""
    placed = place(script, synthesise(script))
    out = mixdown(script, placed)
    return out, truth(script, placed, out)
