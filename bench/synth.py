"""Finnish text-to-speech with Festival (Suopuhe voices) and eSpeak NG, resampled to 16 kHz.

    speak("Hyvää päivää.", Voice("festival", "suo_fi_lj_diphone")) -> (samples, 16000)

Festival reads ISO-8859-1, so text is encoded as latin-1; a batch of sentences is spoken by one
Festival process (starting it costs more than speaking). Every result is checked: it must be
non-silent and last a sensible time for its length, else :class:`SynthError` is raised.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 16000
FESTIVAL_VOICES = ("suo_fi_lj_diphone", "hy_fi_mv_diphone")
ESPEAK_VARIANTS = ("m3", "m1", "f2")  # the most intelligible to Whisper of those tried
# Seconds per character of text, the widest plausible range for these voices and speeds.
MIN_SEC_PER_CHAR, MAX_SEC_PER_CHAR = 0.025, 0.2


class SynthError(RuntimeError):
    """A voice failed or produced audio that cannot be the sentence asked for."""


@dataclass(frozen=True)
class Voice:
    """A TTS voice: engine ("festival" or "espeak"), voice name, speed factor, pitch 0-99."""

    engine: str
    name: str
    speed: float = 1.0
    pitch: int = 50

    def label(self) -> str:
        """Return a short description: "espeak fi+f3 x1.10 p60"."""
        return f"{self.engine} {self.name} x{self.speed:.2f} p{self.pitch}"


def resample(x: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Resample a 1-D signal by FFT (band-limited, exact length ``round(n*out/in)``)."""
    if rate_in == rate_out or len(x) == 0:
        return x.astype(np.float32)
    n_out = int(round(len(x) * rate_out / rate_in))
    spec = np.fft.rfft(x.astype(np.float64))
    bins = n_out // 2 + 1
    out_spec = np.zeros(bins, dtype=complex)
    keep = min(bins, len(spec))
    out_spec[:keep] = spec[:keep]
    y = np.fft.irfft(out_spec, n_out) * (n_out / len(x))
    return y.astype(np.float32)


def _read_mono(path: Path) -> tuple[np.ndarray, int]:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return data.mean(axis=1), int(rate)


def _festival_script(texts: Sequence[str], voice: Voice, tmp: Path) -> str:
    lines = [f"({'voice_' + voice.name})",
             f"(Parameter.set 'Duration_Stretch {1.0 / voice.speed:.3f})"]
    for i, text in enumerate(texts):
        clean = text.replace("\\", " ").replace('"', " ")
        lines.append(f'(utt.save.wave (utt.synth (Utterance Text "{clean}")) '
                     f'"{tmp / f"{i}.wav"}" \'riff)')
    return "\n".join(lines) + "\n"


def _festival(texts: Sequence[str], voice: Voice) -> list[np.ndarray]:
    if voice.name not in FESTIVAL_VOICES:
        raise SynthError(f"unknown Festival voice {voice.name!r}; known: {FESTIVAL_VOICES}")
    with tempfile.TemporaryDirectory(prefix="bench-festival-") as d:
        tmp = Path(d)
        script = tmp / "speak.scm"
        script.write_bytes(_festival_script(texts, voice, tmp).encode("latin-1"))
        proc = subprocess.run(["festival", "-b", str(script)], capture_output=True, timeout=300)
        if proc.returncode != 0:
            raise SynthError(f"festival failed: {proc.stderr.decode(errors='replace')[:300]}")
        out = []
        for i in range(len(texts)):
            x, rate = _read_mono(tmp / f"{i}.wav")
            out.append(resample(x, rate, RATE))
    return out


def _espeak(text: str, voice: Voice) -> np.ndarray:
    with tempfile.TemporaryDirectory(prefix="bench-espeak-") as d:
        wav = Path(d) / "out.wav"
        words_per_min = str(int(round(165 * voice.speed)))
        cmd = ["espeak-ng", "-v", f"fi+{voice.name}", "-s", words_per_min,
               "-p", str(voice.pitch), "-w", str(wav), text]
        proc = subprocess.run(cmd, capture_output=True, timeout=60)
        if proc.returncode != 0:
            raise SynthError(f"espeak-ng failed: {proc.stderr.decode(errors='replace')[:300]}")
        x, rate = _read_mono(wav)
    return resample(x, rate, RATE)


def trim(x: np.ndarray, rate: int = RATE, rel_db: float = -40.0) -> np.ndarray:
    """Cut leading and trailing silence: 5 ms frames quieter than ``rel_db`` below the loudest."""
    hop = max(1, rate // 200)
    n = len(x) // hop
    if n == 0:
        return x[:0]
    rms = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))
    active = np.flatnonzero(rms > rms.max() * 10 ** (rel_db / 20))
    if len(active) == 0 or rms.max() == 0:
        return x[:0]
    return x[active[0] * hop: (active[-1] + 1) * hop]


def check_speech(x: np.ndarray, text: str, rate: int = RATE) -> None:
    """Raise :class:`SynthError` unless ``x`` is audible and its length fits the text."""
    seconds = len(x) / rate
    chars = max(1, len(text.strip()))
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if len(x) else 0.0
    if rms < 1e-3:
        raise SynthError(f"silent synthesis ({seconds:.2f} s) for a {chars}-character text")
    if not MIN_SEC_PER_CHAR * chars <= seconds <= MAX_SEC_PER_CHAR * chars + 0.5:
        raise SynthError(f"implausible duration {seconds:.2f} s for {chars} characters")


def speak_many(texts: Sequence[str], voice: Voice) -> list[np.ndarray]:
    """Speak each text with ``voice``; return trimmed, checked 16 kHz float32 arrays."""
    if voice.engine == "festival":
        raw = _festival(texts, voice)
    elif voice.engine == "espeak":
        raw = [_espeak(t, voice) for t in texts]
    else:
        raise SynthError(f"unknown engine {voice.engine!r}; use 'festival' or 'espeak'")
    out = []
    for text, x in zip(texts, raw, strict=True):
        y = trim(x)
        check_speech(y, text)
        out.append(y)
    return out


def speak(text: str, voice: Voice) -> tuple[np.ndarray, int]:
    """Speak one text: return (float32 mono samples, 16000)."""
    return speak_many([text], voice)[0], RATE


def available() -> dict[str, bool]:
    """Return which TTS engines are installed."""
    return {"festival": shutil.which("festival") is not None,
            "espeak": shutil.which("espeak-ng") is not None}
