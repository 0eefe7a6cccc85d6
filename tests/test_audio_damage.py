"""Damaged recordings never decode as intact (issue 10, item 4), and a short decoder fuzz."""

from __future__ import annotations

import hashlib
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from bench import fuzz_decode
from pipeline.audio.io import MIN_DECODED_SHARE, decode
from pipeline.errors import AudioDecodeError

FORMATS = ("wav", "flac", "mp3", "ogg", "m4a")
needs_tools = pytest.mark.skipif(not shutil.which("ffmpeg") or not shutil.which("sox"),
                                 reason="needs ffmpeg and sox")


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """A 6 s tone in every format (mp4 with its index at the front, so a cut keeps it)."""
    folder = tmp_path_factory.mktemp("src")
    wav = folder / "tone.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(wav), "synth", "6",
                    "sine", "300-900", "vol", "0.3"], check=True)
    out = {"wav": wav}
    for fmt in FORMATS[1:]:
        extra = ["-movflags", "+faststart"] if fmt == "m4a" else []
        out[fmt] = folder / f"tone.{fmt}"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), *extra,
                        str(out[fmt])], check=True)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damaged(src: Path, dest: Path, how: str) -> Path:
    data = bytearray(src.read_bytes())
    if how == "corrupt":
        rng = random.Random(3)
        for _ in range(40):
            i = rng.randrange(len(data) // 5, len(data))
            data[i] = rng.randrange(256)
    elif how == "cut20k":
        data = data[:20000]
    elif how == "cut80":
        data = data[:len(data) * 8 // 10]
    elif how == "cut97":
        data = data[:len(data) * 97 // 100]
    elif how == "lie100mb":
        at = data.find(b"data")
        data[4:8] = struct.pack("<I", 100_000_000)
        data[at + 4:at + 8] = struct.pack("<I", 100_000_000)
        data = data[:16000]
    dest.write_bytes(bytes(data))
    return dest


@needs_tools
@pytest.mark.parametrize("fmt", FORMATS)
def test_intact_file_decodes_without_damage_note(sources, fmt):
    before = _sha(sources[fmt])
    audio = decode(sources[fmt])
    assert audio.damage is None
    assert abs(audio.duration - 6.0) < 0.1
    assert _sha(sources[fmt]) == before


@needs_tools
@pytest.mark.parametrize(("fmt", "how"), [
    ("mp3", "corrupt"), ("flac", "cut20k"), ("wav", "lie100mb"), ("ogg", "cut80"),
    ("m4a", "cut80"), ("flac", "corrupt"), ("ogg", "corrupt"), ("m4a", "corrupt"),
    ("wav", "cut80"), ("mp3", "cut80"), ("ogg", "cut97"), ("mp3", "cut97"), ("flac", "cut97"),
    ("m4a", "cut97"), ("wav", "cut97"),
])
def test_damaged_file_never_passes_as_intact(sources, tmp_path, fmt, how):
    # Regression: a corrupted mp3 came out ok at 0.54 s, a flac cut to 20 kB at 1.28 s of 6 s,
    # and a WAV claiming 100 MB while holding 16 kB passed.
    src = sources[fmt]
    before = _sha(src)
    bad = _damaged(src, tmp_path / f"bad.{fmt}", how)
    try:
        audio = decode(bad)
    except AudioDecodeError as exc:
        assert "bad." in str(exc)
    else:
        note = audio.damage
        assert note is not None, f"{fmt}/{how} decoded as intact at {audio.duration:.2f} s"
        assert note.problems
        assert note.decoded_seconds == pytest.approx(audio.duration)
        if note.declared_seconds is not None:
            assert note.decoded_seconds >= MIN_DECODED_SHARE * note.declared_seconds
    assert _sha(src) == before


@needs_tools
def test_mostly_decodable_file_gives_a_note_with_both_lengths(sources, tmp_path):
    bad = _damaged(sources["flac"], tmp_path / "bad.flac", "cut97")
    audio = decode(bad)
    note = audio.damage.to_dict()
    assert note["declared_seconds"] == pytest.approx(6.0, abs=0.01)
    assert 0.9 * 6.0 <= note["decoded_seconds"] < 6.0 - 0.05
    assert audio.duration == pytest.approx(note["decoded_seconds"], abs=1e-3)


@needs_tools
def test_wav_header_understating_the_data_is_noted(sources, tmp_path):
    data = bytearray(sources["wav"].read_bytes())
    at = data.find(b"data")
    size = struct.unpack("<I", data[at + 4:at + 8])[0]
    data[at + 4:at + 8] = struct.pack("<I", size // 2)
    bad = tmp_path / "half.wav"
    bad.write_bytes(bytes(data))
    assert decode(bad).damage is not None


def test_fuzz_fifty_cases(tmp_path):
    if not shutil.which("ffmpeg"):
        pytest.skip("needs ffmpeg")
    figures = fuzz_decode.run(50, 1, 7, 30.0, 10, tmp_path)
    assert figures["cases"] == 50
    assert figures["failures"] == []
    assert figures["sources_unchanged"]
    assert figures["process_file"] == {"ok": 5}
    outcomes = {key.split("/")[1] for key in figures["by_format"]}
    assert {"error", "damaged"} <= outcomes
