"""Transcribe each speaker channel with faster-whisper, with word timestamps and VAD.

The model is loaded once per process (``load_model`` caches it). Words whose timestamps are
missing, reversed or implausible are widened to their segment and marked ``timing_ok=False``
so that redaction fails closed rather than leaking.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipeline.asr.activity import energy_regions
from pipeline.audio.io import ASR_RATE, Audio, resample, speaker_channels
from pipeline.config import AsrConfig
from pipeline.errors import ModelError
from pipeline.schema import Transcript, Word

MAX_WORD_SECONDS = 3.0
_LOCK = threading.Lock()


class Transcriber(Protocol):
    """Anything that turns audio into a :class:`Transcript` (the real model or a test fake)."""

    def __call__(self, audio: Audio) -> Transcript:
        """Transcribe ``audio``."""
        ...


@lru_cache(maxsize=2)
def load_model(model: str, device: str, compute_type: str, cpu_threads: int) -> Any:
    """Load a CTranslate2 Whisper model once per process."""
    from faster_whisper import WhisperModel

    if not (Path(model) / "model.bin").is_file():
        raise ModelError(f"Whisper model not found at {model} (run `make setup`)")
    try:
        return WhisperModel(model, device=device, compute_type=compute_type,
                            cpu_threads=cpu_threads)
    except Exception as exc:
        raise ModelError(f"cannot load Whisper model {model}: {type(exc).__name__}") from exc


def _segment_words(seg: Any, channel: int, index: int) -> list[Word]:
    """Return the words of one segment, fixing untrustworthy timestamps fail-closed."""
    raw = list(seg.words or [])
    if not raw:
        return [Word(t, seg.start, seg.end, 0.0, channel, index, False)
                for t in seg.text.split()]
    out = []
    for w in raw:
        start, end = float(w.start), float(w.end)
        bad = (end <= start or end - start > MAX_WORD_SECONDS
               or start < seg.start - 0.5 or end > seg.end + 0.5)
        if bad:
            start, end = min(start, seg.start), max(end, seg.end)
        out.append(Word(w.word.strip(), start, end, float(w.probability), channel, index, not bad))
    return [w for w in out if w.text]


def _words_of(segments: Iterable[Any], channel: int, base: int) -> list[Word]:
    words: list[Word] = []
    for i, seg in enumerate(segments):
        words.extend(_segment_words(seg, channel, base + i))
    return words


def voice_activity(signal: np.ndarray, channel: int) -> list[tuple[float, float, int]]:
    """Return Silero VAD speech regions of a 16 kHz signal as (start, end, channel) seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(min_silence_duration_ms=300, speech_pad_ms=50)
    return [(c["start"] / ASR_RATE, c["end"] / ASR_RATE, channel)
            for c in get_speech_timestamps(signal, opts)]


def activity(audio: Audio, cfg: AsrConfig) -> list[tuple[float, float, int]]:
    """Return the speech regions of every speaker channel: Silero VAD, plus signal energy.

    With ``cfg.energy_activity`` the energy detector's regions are added (a union), so speech
    Silero misses still counts for the untranscribed-speech check (fail closed).
    """
    return sorted(r for ch in speaker_channels(audio) for r in _channel_activity(
        resample(audio.samples[:, ch], audio.sample_rate, ASR_RATE), ch, cfg))


def _channel_activity(signal: np.ndarray, channel: int, cfg: AsrConfig
                      ) -> list[tuple[float, float, int]]:
    regions = voice_activity(signal, channel)
    if cfg.energy_activity:
        regions += energy_regions(signal, ASR_RATE, channel)
    return regions


def whisper_transcriber(cfg: AsrConfig) -> Transcriber:
    """Return a transcriber using faster-whisper with the settings in ``cfg``."""
    model = load_model(cfg.model, cfg.device, cfg.compute_type, cfg.cpu_threads)

    def run(audio: Audio) -> Transcript:
        words: list[Word] = []
        regions: list[tuple[float, float, int]] = []
        speech = 0.0
        for ch in speaker_channels(audio):
            signal = resample(audio.samples[:, ch], audio.sample_rate, ASR_RATE)
            regions.extend(_channel_activity(signal, ch, cfg))
            with _LOCK:  # one decode at a time per process; workers scale by process
                segments, info = model.transcribe(
                    signal.astype(np.float32), language=cfg.language, beam_size=cfg.beam_size,
                    word_timestamps=True, vad_filter=cfg.vad_filter,
                    vad_parameters={"min_silence_duration_ms": cfg.min_silence_ms},
                    condition_on_previous_text=False, temperature=list(cfg.temperature),
                    hotwords=cfg.hotwords or None,
                )
                words.extend(_words_of(segments, ch, base=ch * 100000))
            speech += float(getattr(info, "duration_after_vad", info.duration) or 0.0)
        words.sort(key=lambda w: (w.start, w.channel))
        return Transcript(tuple(words), audio.duration, audio.channels, cfg.language, speech,
                          tuple(sorted(regions)), audio.sample_rate)

    return run
