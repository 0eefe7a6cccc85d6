"""Decode any supported audio to float32 arrays, and write checked 16-bit PCM WAV.

This module never changes a source file: it only reads sources and writes new files under a
temporary name that is renamed into place after the result has been verified.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import soundfile as sf

from pipeline.atomic import partial_path
from pipeline.errors import AudioDecodeError, AudioWriteError

ASR_RATE = 16000
_SOUNDFILE_FORMATS = {".wav", ".flac", ".ogg"}


@dataclass(frozen=True)
class Audio:
    """Decoded audio: ``samples`` has shape (frames, channels), float32 in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int

    @property
    def channels(self) -> int:
        """Return the number of channels."""
        return int(self.samples.shape[1])

    @property
    def frames(self) -> int:
        """Return the number of sample frames."""
        return int(self.samples.shape[0])

    @property
    def duration(self) -> float:
        """Return the length in seconds."""
        return self.frames / self.sample_rate


def _decode_soundfile(path: Path) -> Audio:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return Audio(np.ascontiguousarray(data), int(rate))


def _decode_ffmpeg(path: Path) -> Audio:
    from pydub import AudioSegment  # imported lazily: pydub warns at import without ffmpeg

    seg = AudioSegment.from_file(str(path))
    raw = np.array(seg.get_array_of_samples())
    scale = float(1 << (8 * seg.sample_width - 1))
    data = (raw.astype(np.float32) / scale).reshape(-1, seg.channels)
    return Audio(np.ascontiguousarray(data), int(seg.frame_rate))


def decode(path: str | Path) -> Audio:
    """Decode ``path`` (wav, flac, mp3, ogg, m4a; any rate, any channel count).

    Raises:
        AudioDecodeError: for a missing, empty, unreadable, non-audio or zero-length file.

    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise AudioDecodeError(f"{p}: cannot read ({exc.strerror})") from exc
    if size == 0:
        raise AudioDecodeError(f"{p}: empty file (0 bytes)")
    if not os.access(p, os.R_OK):
        raise AudioDecodeError(f"{p}: not readable (permission denied)")
    errors = []
    decoders = [_decode_soundfile, _decode_ffmpeg]
    if p.suffix.lower() not in _SOUNDFILE_FORMATS:
        decoders.reverse()
    for decoder in decoders:
        try:
            audio = decoder(p)
            break
        except Exception as exc:  # noqa: BLE001 - every decoder failure is reported below
            errors.append(type(exc).__name__)
    else:
        raise AudioDecodeError(f"{p}: not decodable audio ({', '.join(errors)})")
    if audio.frames == 0:
        raise AudioDecodeError(f"{p}: audio has zero length")
    if not np.all(np.isfinite(audio.samples)):
        raise AudioDecodeError(f"{p}: audio contains non-finite samples")
    return audio


def resample(signal: np.ndarray, rate: int, target: int = ASR_RATE) -> np.ndarray:
    """Resample a mono float32 signal with libswresample (through PyAV)."""
    mono = np.ascontiguousarray(signal, dtype=np.float32)
    if rate == target:
        return mono
    frame = av.AudioFrame.from_ndarray(mono.reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=target)
    chunks = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def speaker_channels(audio: Audio, tolerance: float = 1e-3) -> list[int]:
    """Return the channels to transcribe: all of them, unless they carry the same signal."""
    first = audio.samples[:, 0]
    if all(np.allclose(first, audio.samples[:, c], atol=tolerance) for c in range(audio.channels)):
        return [0]
    return list(range(audio.channels))


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    """Write 16-bit PCM WAV atomically and verify it; return the final path.

    The file is written under a temporary name in the same directory, re-read to check its
    rate, channels and length, and only then renamed into place.

    Raises:
        AudioWriteError: when writing fails or the written file does not check out.

    """
    final = Path(path)
    tmp = partial_path(final)
    frames, channels = samples.shape
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(tmp), np.clip(samples, -1.0, 1.0), sample_rate, subtype="PCM_16",
                 format="WAV")
        info = sf.info(str(tmp))
        if (info.frames, info.channels, info.samplerate) != (frames, channels, sample_rate):
            raise AudioWriteError(f"{final}: written file does not match the source shape")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, final)
    except AudioWriteError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise AudioWriteError(f"{final}: cannot write ({type(exc).__name__}: {exc})") from exc
    return final
