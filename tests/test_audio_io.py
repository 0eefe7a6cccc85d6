import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pipeline.audio.io import decode, resample, speaker_channels, write_wav
from pipeline.errors import AudioDecodeError, AudioWriteError
from tests.conftest import tone_signal, write_audio


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".ogg", ".mp3", ".m4a"])
@pytest.mark.parametrize(("rate", "channels"), [(8000, 1), (16000, 2), (44100, 1), (22050, 2)])
def test_decode_any_format_rate_and_channels(tmp_path, suffix, rate, channels):
    path = write_audio(tmp_path / f"a{suffix}", seconds=1.5, rate=rate, channels=channels)
    audio = decode(path)
    assert audio.sample_rate == rate
    assert audio.channels == channels
    # lossy codecs pad a little; lengths must still agree closely
    assert abs(audio.duration - 1.5) < 0.1
    assert np.max(np.abs(audio.samples)) > 0.1


@pytest.mark.parametrize(("rate", "channels"), [(8000, 1), (44100, 2), (16000, 3)])
def test_write_round_trip_keeps_rate_channels_length(tmp_path, rate, channels):
    data = tone_signal(1.0, rate, channels)
    out = write_wav(tmp_path / "sub" / "o.wav", data, rate)
    info = sf.info(str(out))
    assert (info.samplerate, info.channels, info.frames) == (rate, channels, len(data))
    assert info.subtype == "PCM_16"
    back = decode(out).samples
    assert np.max(np.abs(back - data)) < 1e-3
    assert not list(out.parent.glob(".*partial*"))


def test_write_failure_leaves_no_file(tmp_path, monkeypatch):
    def broken(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sf, "write", broken)
    with pytest.raises(AudioWriteError, match="No space left"):
        write_wav(tmp_path / "o.wav", tone_signal(0.1, 8000), 8000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.wav", b"", "empty file"),
    ("text.wav", b"hello, this is not audio at all" * 10, "not decodable"),
    ("text.mp3", b"\x00\x01garbage" * 50, "not decodable"),
])
def test_bad_inputs_raise_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioDecodeError, match=message) as err:
        decode(path)
    assert name in str(err.value)


def test_zero_length_audio(tmp_path):
    path = tmp_path / "zero.wav"
    sf.write(str(path), np.zeros((0, 1), np.float32), 16000)
    with pytest.raises(AudioDecodeError, match="zero length"):
        decode(path)


def test_truncated_file_decodes_what_is_there_or_fails_clearly(tmp_path):
    full = write_audio(tmp_path / "full.wav", seconds=2.0)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(full.read_bytes()[:30])  # header cut short: nothing decodable
    with pytest.raises(AudioDecodeError, match="cut.wav"):
        decode(cut)


def test_missing_file(tmp_path):
    with pytest.raises(AudioDecodeError, match="cannot read"):
        decode(tmp_path / "nope.wav")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write_audio(tmp_path / "locked.wav")
    path.chmod(0)
    with pytest.raises(AudioDecodeError, match="not readable"):
        decode(path)


def test_resample_length_and_identity():
    x = tone_signal(2.0, 8000)[:, 0]
    y = resample(x, 8000, 16000)
    assert abs(len(y) - 32000) <= 32
    assert resample(x, 8000, 8000) is not None and len(resample(x, 8000, 8000)) == len(x)


def test_speaker_channels_collapses_identical_channels():
    from pipeline.audio.io import Audio

    mono = tone_signal(0.5, 8000)
    assert speaker_channels(Audio(np.hstack([mono, mono]), 8000)) == [0]
    assert speaker_channels(Audio(tone_signal(0.5, 8000, 2), 8000)) == [0, 1]


def test_source_is_never_modified(tmp_path):
    path: Path = write_audio(tmp_path / "a.flac")
    before = path.read_bytes()
    decode(path)
    assert path.read_bytes() == before
