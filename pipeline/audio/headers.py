"""Read what a container says about itself, without decoding: declared lengths and end marks.

Two containers need Piip's own reading, because neither decoder says it:

* WAV: libsndfile clamps a ``data`` chunk that claims more bytes than the file holds and
  reads what is there without a word, so the declared length comes from the chunk header
  here, and the ``fmt`` fields are checked against each other (a flipped bit in the rate,
  channel count or sample width makes them disagree).
* Ogg: the format declares no total length; a finished stream ends with a page flagged
  end-of-stream. A file that stops without that page, or in the middle of a page, was cut.

Functions here only read the file; they never raise for a malformed header (they say what
they found, and the decoder decides whether the file is audio at all).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_UNKNOWN_SIZES = {0, 0xFFFFFFFF}  # streaming writers leave the data size unset
_PCM_TAGS = {1, 3, 6, 7}  # PCM, IEEE float, A-law, mu-law: block_align = channels * width
_EXTENSIBLE = 0xFFFE
_OGG_TAIL = 1 << 17  # an Ogg page is at most 65,307 bytes: the last one lies in this tail


@dataclass(frozen=True)
class HeaderCheck:
    """What a container header declares: frames (None if it does not say) and its problems."""

    declared_frames: int | None = None
    problems: tuple[str, ...] = ()


def check_wav(path: Path) -> HeaderCheck:
    """Return the frames a RIFF/WAVE header declares and any disagreement within it."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return HeaderCheck()  # RF64, W64 or not WAV: the decoder's own length stands
            fmt, data_size = _wav_chunks(f)
            after = _after_data(f, data_size, path.stat().st_size)
    except OSError:
        return HeaderCheck()
    problems: list[str] = []
    if fmt is None:
        return HeaderCheck(problems=("wav header has no fmt chunk",))
    tag, channels, rate, byte_rate, block_align, bits = fmt
    if tag != _EXTENSIBLE and tag not in _PCM_TAGS:
        return HeaderCheck()  # compressed WAV: blocks are not frames, the decoder decides
    if channels * ((bits + 7) // 8) != block_align or rate * block_align != byte_rate:
        problems.append("wav header fields disagree (rate, channels, sample width)")
    if data_size is None:
        problems.append("wav header has no data chunk")
        return HeaderCheck(problems=tuple(problems))
    if data_size in _UNKNOWN_SIZES or block_align == 0:
        return HeaderCheck(problems=tuple(problems))
    if after:
        problems.append(after)
    return HeaderCheck(data_size // block_align, tuple(problems))


def _wav_chunks(f) -> tuple[tuple[int, ...] | None, int | None]:  # noqa: ANN001 - a binary file
    """Walk the chunks after ``WAVE``: return the fmt fields and the data chunk's size."""
    fmt = None
    for _ in range(64):  # a real file has a handful of chunks; a fuzzed one may loop
        header = f.read(8)
        if len(header) < 8:
            return fmt, None
        name, size = header[:4], struct.unpack("<I", header[4:])[0]
        if name == b"data":
            return fmt, size
        body = f.read(min(size, 1 << 16)) if name == b"fmt " else b""
        if name == b"fmt " and len(body) >= 16:
            fmt = struct.unpack("<HHIIHH", body[:16])
        f.seek(f.tell() + size + (size & 1) - len(body))
    return fmt, None


def _after_data(f, data_size: int | None, file_size: int) -> str:  # noqa: ANN001
    """Check that what follows the data chunk is chunks: else the header understates the data."""
    if data_size is None or data_size in _UNKNOWN_SIZES:
        return ""
    at = f.tell() + data_size + (data_size & 1)
    for _ in range(64):
        if at + 8 > file_size:
            return "" if at >= file_size - 1 else "wav file has stray bytes after its data chunk"
        f.seek(at)
        header = f.read(8)
        size = struct.unpack("<I", header[4:])[0]
        if not all(32 <= c < 127 for c in header[:4]) or at + 8 + size > file_size:
            return "wav file has bytes after its data chunk that are not a chunk"
        at += 8 + size + (size & 1)
    return ""


def check_ogg(path: Path) -> HeaderCheck:
    """Say whether an Ogg file ends with a complete end-of-stream page (Ogg declares no length)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            f.seek(max(0, size - _OGG_TAIL))
            tail = f.read()
    except OSError:
        return HeaderCheck()
    at = tail.rfind(b"OggS")
    while at >= 0 and at + 27 > len(tail):
        at = tail.rfind(b"OggS", 0, at)
    if at < 0:
        return HeaderCheck(problems=("ogg file has no page in its last 128 kB",))
    flags, segments = tail[at + 5], tail[at + 26]
    body = tail[at + 27:at + 27 + segments]
    end = at + 27 + segments + sum(body)
    if len(body) < segments or end != len(tail):
        return HeaderCheck(problems=("ogg file ends inside a page (truncated)",))
    if not flags & 0x04:
        return HeaderCheck(problems=("ogg stream has no end-of-stream page (truncated)",))
    return HeaderCheck()
