"""Re-encode a redacted clip for export from its samples alone, so no tag is carried over.

WAV and FLAC are written by libsndfile (16-bit PCM); MP3 and Opus by ffmpeg with metadata
dropped (``-map_metadata -1``) and bit-exact flags, so unchanged input gives identical bytes.
Every file is written under its partial name and renamed into place.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from pipeline.errors import AudioDecodeError, AudioWriteError
from pipeline.files import partial_path

FORMATS = ("wav", "flac", "mp3", "opus")
MP3_RATES = frozenset({8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000})
MP3_FALLBACK_RATE = 44100
OPUS_RATE = 48000
MP3_BITRATE = "64k"
OPUS_BITRATE = "32k"
FFMPEG_TIMEOUT_S = 600


@dataclass(frozen=True)
class ClipAudio:
    """What an exported clip holds: frames and channels of the source, rate as encoded."""

    frames: int
    source_rate: int
    channels: int
    sample_rate: int

    @property
    def duration(self) -> float:
        """Return the clip's length in seconds."""
        return self.frames / self.source_rate if self.source_rate else 0.0


def encoded_rate(fmt: str, rate: int) -> int:
    """Return the sample rate the clip has once encoded as ``fmt``."""
    if fmt == "opus":
        return OPUS_RATE
    if fmt == "mp3" and rate not in MP3_RATES:
        return MP3_FALLBACK_RATE
    return rate


def probe(path: Path, fmt: str) -> ClipAudio:
    """Return what the exported clip of the redacted audio at ``path`` will hold.

    Raises:
        AudioDecodeError: when the redacted audio cannot be read.

    """
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioDecodeError(f"redacted audio cannot be read ({type(exc).__name__})") from exc
    return ClipAudio(frames=int(info.frames), source_rate=int(info.samplerate),
                     channels=int(info.channels),
                     sample_rate=encoded_rate(fmt, int(info.samplerate)))


def _read(path: Path, sha256: str) -> tuple[np.ndarray, int]:
    """Read the samples of ``path`` from the very bytes whose sha256 is checked."""
    try:
        blob = path.read_bytes()
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise AudioDecodeError("redacted audio changed while being exported")
        data, rate = sf.read(io.BytesIO(blob), dtype="int16", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioDecodeError(f"redacted audio cannot be read ({type(exc).__name__})") from exc
    return data, int(rate)


def _ffmpeg_args(fmt: str, rate: int) -> list[str]:
    if fmt == "mp3":
        return ["-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-ar", str(encoded_rate(fmt, rate)),
                "-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3"]
    return ["-c:a", "libopus", "-b:a", OPUS_BITRATE, "-ar", str(OPUS_RATE), "-f", "opus"]


def _ffmpeg(data: np.ndarray, rate: int, fmt: str, target: Path) -> None:
    """Encode ``data`` with ffmpeg into ``target``; nothing but samples goes in."""
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise AudioWriteError(f"exporting {fmt} needs ffmpeg on PATH; use wav or flac")
    buf = io.BytesIO()
    sf.write(buf, data, rate, format="WAV", subtype="PCM_16")
    cmd = [exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0",
           "-map", "0:a", "-map_metadata", "-1", "-map_chapters", "-1",
           "-fflags", "+bitexact", "-flags:a", "+bitexact", *_ffmpeg_args(fmt, rate),
           "-y", str(target)]
    try:
        done = subprocess.run(cmd, input=buf.getvalue(), capture_output=True,
                              timeout=FFMPEG_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioWriteError(f"ffmpeg {fmt} encoding failed ({type(exc).__name__})") from exc
    if done.returncode != 0 or not target.is_file():
        raise AudioWriteError(f"ffmpeg {fmt} encoding failed (exit {done.returncode})")


def write_clip(source: Path, sha256: str, fmt: str, final: Path) -> None:
    """Encode the redacted audio at ``source`` as ``fmt`` into ``final``, atomically.

    The samples are decoded from bytes whose sha256 must be ``sha256``.

    Raises:
        AudioDecodeError: when the redacted audio cannot be read or is not ``sha256``.
        AudioWriteError: when encoding fails (``final`` is then left as it was).

    """
    if fmt not in FORMATS:
        raise AudioWriteError(f"export format {fmt!r} is not one of {FORMATS}")
    data, rate = _read(source, sha256)
    tmp = partial_path(final)
    try:
        if fmt in ("wav", "flac"):
            sf.write(str(tmp), data, rate, format=fmt.upper(), subtype="PCM_16")
        else:
            _ffmpeg(data, rate, fmt, tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
