"""Shared fixtures: synthetic audio files and fakes for the heavy models."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from presidio_analyzer import RecognizerResult

from pipeline.audio.io import Audio
from pipeline.schema import Transcript, Word


def tone_signal(seconds: float, rate: int, channels: int = 1, freq: float = 220.0) -> np.ndarray:
    """A (frames, channels) float32 signal: a different tone per channel, -10 dBFS."""
    t = np.arange(int(seconds * rate)) / rate
    cols = [0.3 * np.sin(2 * np.pi * freq * (c + 1) * t) for c in range(channels)]
    return np.stack(cols, axis=1).astype(np.float32)


def write_audio(path: Path, seconds: float = 2.0, rate: int = 16000, channels: int = 1) -> Path:
    """Write a tone file in the format its suffix names (ffmpeg for mp3/m4a)."""
    import subprocess

    data = tone_signal(seconds, rate, channels)
    if path.suffix in {".wav", ".flac", ".ogg"}:
        sf.write(str(path), data, rate)
        return path
    wav = path.with_suffix(".src.wav")
    sf.write(str(wav), data, rate)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(path)], check=True)
    wav.unlink()
    return path


@dataclass
class FakeTranscriber:
    """Returns canned words, whatever the audio."""

    words: Sequence[Word]
    speech_seconds: float = 0.0
    speech: tuple = ()

    def __call__(self, audio: Audio) -> Transcript:
        seconds = self.speech_seconds or audio.duration
        return Transcript(tuple(self.words), audio.duration, audio.channels, "fi", seconds,
                          tuple(self.speech), audio.sample_rate)


class FakeAnalyzer:
    """Flags every match of ``pattern`` in the text as ``entity``."""

    def __init__(self, pattern: str, entity: str = "PERSON", score: float = 0.9) -> None:
        self.pattern, self.entity, self.score = re.compile(pattern), entity, score

    def analyze(self, text: str, **_: object) -> list[RecognizerResult]:
        return [RecognizerResult(self.entity, m.start(), m.end(), self.score,
                                 recognition_metadata={"recognizer_name": "Fake",
                                                       "reason": "pattern"})
                for m in self.pattern.finditer(text)]


def words_from(spec: Sequence[tuple[str, float, float]], channel: int = 0) -> list[Word]:
    return [Word(t, s, e, 0.9, channel) for t, s, e in spec]


@pytest.fixture()
def tone_wav(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    return write_audio(src / "call.wav", seconds=6.0, rate=16000, channels=2)


NAME_WORDS = words_from([("Nimeni", 0.2, 0.5), ("on", 0.6, 0.7), ("Reijo", 0.8, 1.2)])


@pytest.fixture(scope="module")
def prefect_harness():
    """A temporary local Prefect server for the flow runs of one test module."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture()
def flow_fakes(monkeypatch, prefect_harness):
    """The batch flow on the temporary server, with fakes that hear and find "Reijo"."""
    import flows.anonymise as fa

    monkeypatch.setattr(fa, "_models",
                        lambda cfg: (FakeTranscriber(NAME_WORDS), FakeAnalyzer("Reijo")))
