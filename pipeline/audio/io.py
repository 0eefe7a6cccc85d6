"""Decode any supported audio to float32 arrays, and write checked 16-bit PCM WAV.

This module never changes a source file: it only reads sources and writes new files under a
temporary name that is renamed into place after the result has been verified.

Decoders. WAV goes through libsndfile (soundfile); every compressed format (flac, mp3, ogg,
m4a, and anything else ffmpeg reads) goes through PyAV, packet by packet, so that each
packet the codec rejects and each error the demuxer or codec logs is counted. pydub is not
used: it runs the ffmpeg command line and reports neither decoder errors nor the length the
container declares.

Damage. After decoding, the decoded length is compared with the length the container
declares (WAV ``data`` chunk, FLAC STREAMINFO, the mp3 Xing/Info frame count, the mp4
``mdhd`` duration; Ogg declares none, so its last page must be a complete end-of-stream
page). Then:

* less than :data:`MIN_DECODED_SHARE` of the declared length decoded: :class:`AudioDecodeError`;
* otherwise, any decoder error, a length off the declared one by more than
  :data:`LOSSY_TOLERANCE_SECONDS`
  (lossy codecs; none for PCM and FLAC), or a header that contradicts itself: the recording decodes,
  and ``Audio.damage`` holds a :class:`Damage` note (decoded and declared seconds, decoder
  errors, what was wrong). Such a recording must never be released without a person.

The returned audio then has the **decoded** length (what the decoder produced, damaged packets
left out), not the declared one; every later stage (transcript, bleeps, output file) uses that
length. A bit flipped inside sample data that leaves every length and checksum intact (PCM
WAV has no checksum) cannot be seen by any of this.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import soundfile as sf

from pipeline.audio.headers import HeaderCheck, check_ogg, check_wav
from pipeline.errors import AudioDecodeError, AudioWriteError
from pipeline.files import partial_path

ASR_RATE = 16000
MIN_DECODED_SHARE = 0.90
"""Below this share of the declared length decoded, a recording is not decodable (failed)."""
LOSSY_TOLERANCE_SECONDS = 0.15
"""How far a lossy codec's decoded length may stray from the declared one: AAC priming made
up to 0.075 s more, Opus pre-skip 0.007 s less, on ffmpeg's files at 8-48 kHz. PCM and FLAC
declare their exact frame count, so for them any difference is damage."""
RATE_RANGE = (1000, 768000)
MAX_CHANNELS = 64
_SOUNDFILE_FORMATS = {".wav"}
_DAMAGE_NOTICES = re.compile(r"detected only with low score|Packet corrupt|partial file"
                             r"|Skipping [1-9][0-9]* bytes of junk")
"""ffmpeg notices below error level that mean damage: a header too broken to recognise."""
_HEADER_CHECKS = {".wav": check_wav, ".ogg": check_ogg, ".oga": check_ogg, ".opus": check_ogg}


@dataclass(frozen=True)
class Damage:
    """Why a recording that decoded is still damaged; its figures hold no content."""

    decoded_seconds: float
    declared_seconds: float | None
    decoder_errors: int
    problems: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"decoded_seconds": round(self.decoded_seconds, 3),
                "declared_seconds": None if self.declared_seconds is None
                else round(self.declared_seconds, 3),
                "decoder_errors": self.decoder_errors, "problems": list(self.problems)}


@dataclass(frozen=True)
class Audio:
    """Decoded audio: ``samples`` has shape (frames, channels), float32 in [-1, 1].

    ``damage`` is None for a recording that decoded cleanly to its declared length.
    """

    samples: np.ndarray
    sample_rate: int
    damage: Damage | None = None

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


@dataclass(frozen=True)
class _Decoded:
    samples: np.ndarray
    rate: int
    declared_frames: int | None = None
    errors: int = 0
    exact: bool = True  # the container declares the exact frame count (PCM, FLAC)


def _decode_soundfile(path: Path) -> _Decoded:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return _Decoded(np.ascontiguousarray(data), int(rate))


def _frame_array(frame: av.AudioFrame, channels: int) -> np.ndarray:
    """Return one decoded frame as (samples, channels) float32."""
    arr = frame.to_ndarray()
    data = arr.T if frame.format.is_planar else arr.reshape(-1, channels)
    if data.dtype.kind == "i":
        return data.astype(np.float32) / np.float32(1 << (8 * data.dtype.itemsize - 1))
    if data.dtype.kind == "u":
        return (data.astype(np.float32) - 128.0) / 128.0
    return data.astype(np.float32)


def _declared_frames(stream: av.audio.stream.AudioStream, rate: int) -> int | None:
    if stream.duration and stream.time_base:
        return int(round(float(stream.duration * stream.time_base) * rate))
    return None


def _decode_pyav(path: Path) -> _Decoded:
    """Decode the first audio stream packet by packet, counting every error on the way."""
    previous, repeats = av.logging.get_level(), av.logging.get_skip_repeated()
    av.logging.set_level(av.logging.INFO)
    av.logging.set_skip_repeated(False)  # else a repeat of this file's error lands in the next's
    try:
        with av.logging.Capture() as logs, av.open(str(path), metadata_errors="ignore") as box:
            if not box.streams.audio:
                raise AudioDecodeError(f"{path}: no audio stream")
            stream = box.streams.audio[0]
            ctx = stream.codec_context
            ctx.thread_count = 1  # errors are logged on this thread, where they are captured
            ctx.options = {"err_detect": "crccheck"}
            rate, channels = ctx.sample_rate, ctx.channels
            chunks, rejected, packets = [], 0, 0
            for packet in box.demux(stream):
                packets += packet.size > 0
                try:
                    for frame in packet.decode():
                        if (frame.sample_rate, len(frame.layout.channels)) != (rate, channels):
                            rejected += 1  # a corrupt header changed the format mid-stream
                            continue
                        chunks.append(_frame_array(frame, channels))
                except av.error.FFmpegError:
                    rejected += 1
            declared = _declared_frames(stream, rate)
            exact = ctx.name == "flac" or ctx.name.startswith("pcm_")
            if stream.frames and packets < stream.frames:
                rejected += 1  # the mp4 sample table lists packets the demuxer never gave
        logged = sum(1 for level, _, text in logs if level <= av.logging.ERROR
                     or _DAMAGE_NOTICES.search(text) is not None)
    finally:
        av.logging.set_level(previous)
        av.logging.set_skip_repeated(repeats)
    if not rate or not channels:
        raise AudioDecodeError(f"{path}: audio stream without rate or channels")
    data = np.concatenate(chunks) if chunks else np.zeros((0, channels), np.float32)
    return _Decoded(np.ascontiguousarray(data), int(rate), declared, rejected + logged, exact)


def _decode_any(p: Path) -> _Decoded:
    """Run the decoders for ``p``'s format in order; the first that succeeds wins."""
    errors = []
    decoders = [_decode_soundfile, _decode_pyav]
    if p.suffix.lower() not in _SOUNDFILE_FORMATS:
        decoders.reverse()
    for decoder in decoders:
        try:
            return decoder(p)
        except Exception as exc:  # noqa: BLE001 - every decoder failure is reported below
            errors.append(type(exc).__name__)
    raise AudioDecodeError(f"{p}: not decodable audio ({', '.join(errors)})")


def _judge(p: Path, dec: _Decoded, header: HeaderCheck) -> Damage | None:
    """Raise for a recording mostly lost; return a damage note, or None when it is intact."""
    frames, rate = len(dec.samples), dec.rate
    declared = header.declared_frames if header.declared_frames is not None \
        else dec.declared_frames
    problems = list(header.problems)
    if declared is not None and declared > 0:
        if frames < MIN_DECODED_SHARE * declared:
            raise AudioDecodeError(
                f"{p}: damaged, decoded {frames / rate:.2f} s of the {declared / rate:.2f} s "
                f"its header declares (less than {MIN_DECODED_SHARE:.0%})")
        if abs(frames - declared) > (0 if dec.exact else LOSSY_TOLERANCE_SECONDS * rate):
            problems.append("decoded length differs from the declared length")
    if dec.errors:
        problems.append("the decoder reported errors")
    if not problems:
        return None
    return Damage(frames / rate, None if declared is None else declared / rate, dec.errors,
                  tuple(problems))


def decode(path: str | Path) -> Audio:
    """Decode ``path`` (wav, flac, mp3, ogg, m4a; any rate, any channel count).

    Returns the decoded audio; ``Audio.damage`` is set when the recording is damaged but at
    least :data:`MIN_DECODED_SHARE` of its declared length decoded.

    Raises:
        AudioDecodeError: for a missing, empty, unreadable, non-audio or zero-length file, and
            for a damaged one of which less than :data:`MIN_DECODED_SHARE` decodes.

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
    dec = _decode_any(p)
    if len(dec.samples) == 0:
        raise AudioDecodeError(f"{p}: audio has zero length")
    if not RATE_RANGE[0] <= dec.rate <= RATE_RANGE[1] or dec.samples.shape[1] > MAX_CHANNELS:
        raise AudioDecodeError(f"{p}: implausible format ({dec.rate} Hz, "
                               f"{dec.samples.shape[1]} channels)")
    if not np.all(np.isfinite(dec.samples)):
        raise AudioDecodeError(f"{p}: audio contains non-finite samples")
    check = _HEADER_CHECKS.get(p.suffix.lower())
    damage = _judge(p, dec, check(p) if check else HeaderCheck())
    return Audio(dec.samples, dec.rate, damage)


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
