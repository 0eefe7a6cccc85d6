"""piip export: only released calls leave, under opaque names, with subtitles and a manifest."""

from __future__ import annotations

import hashlib
import html
import json
import os
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.cli import main
from pipeline.errors import InputError
from pipeline.export.clips import OWN_FILE, run_export
from pipeline.schema import DECISIONS, PiiSpan, Report, Utterance

ROLES = {0: "agent", 1: "customer"}
PLANTED = (b"0401234567", b"virtanen", b"131052-308t")
RATE = 8000


def _samples(level: int, seconds: float, channels: int) -> np.ndarray:
    """A constant level on channel 0 (the call's fingerprint) and a tone on the others."""
    n = int(seconds * RATE)
    data = np.zeros((n, channels), dtype=np.int16)
    data[:, 0] = level
    t = np.arange(n) / RATE
    for c in range(1, channels):
        data[:, c] = (3000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    return data


def make_call(out: Path, rel: str, decision: str = "release", *, level: int = 1000,
              seconds: float = 0.5, channels: int = 1, status: str = "ok",
              decided_by: str = "auto", record_sha: bool = True, wrong_sha: bool = False,
              utterances: tuple[Utterance, ...] | None = None, extra: dict | None = None,
              tags: bool = True) -> Path:
    """Write OUT/<rel>.wav (tagged with personal values) and its report OUT/<rel>.json."""
    wav = out / f"{rel}.wav"
    wav.parent.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(wav, "w", RATE, channels, "PCM_16") as f:
        if tags:
            f.title = "virtanen 0401234567"
            f.comment = "131052-308T"
        f.write(_samples(level, seconds, channels))
    digest = hashlib.sha256(wav.read_bytes()).hexdigest()
    if utterances is None:
        utterances = (Utterance(0.0, 0.2, 0, "Hei olen <PERSON> ja tunnus on "
                                "<FI_PERSONAL_IDENTITY_CODE>"),
                      Utterance(0.25, seconds + 5.0, channels - 1, "kiitos <RISK> & hei"))
    stats = {"output_sha256": ("0" * 64 if wrong_sha else digest)} if record_sha else {}
    report = Report(
        source=f"/srv/recordings/{rel}.mp3", sha256=hashlib.sha256(rel.encode()).hexdigest(),
        status=status, duration=seconds, sample_rate=RATE, channels=channels,
        model="/home/virtanen/models/whisper-base", config_hash="abcd1234abcd1234",
        redacted_transcript="Hei olen <PERSON>", output=str(wav), stats=stats,
        spans=(PiiSpan(0.1, 0.2, "PERSON", 0.9, "names"),
               PiiSpan(0.2, 0.3, "FI_PERSONAL_IDENTITY_CODE", 1.0, "hetu")),
        decision=decision, decided_by=decided_by, utterances=utterances)
    data = report.to_dict() | (extra or {})
    (out / f"{rel}.json").write_text(json.dumps(data), encoding="utf-8")
    return wav


def _audio_files(to: Path) -> list[Path]:
    return sorted(p for p in to.iterdir() if OWN_FILE.match(p.name) and p.suffix != ".vtt")


def _levels(to: Path) -> set[int]:
    """The fingerprint level of every exported clip, measured from its audio."""
    return {int(np.median(sf.read(p, dtype="int16", always_2d=True)[0][:, 0]))
            for p in _audio_files(to)}


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _export(out: Path, to: Path, fmt: str = "wav", **kw):
    return run_export(out, to, fmt, ROLES, **kw)


call = st.tuples(st.sampled_from((*DECISIONS, "", "Release", "released")),
                 st.sampled_from(("ok", "review", "failed")), st.booleans(), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(call, max_size=6))
def test_nothing_but_release_reaches_the_folder(calls):
    with tempfile.TemporaryDirectory() as tmp:
        out, to = Path(tmp, "out"), Path(tmp, "export")
        out.mkdir()
        allowed = set()
        for i, (decision, status, has_sha, sha_right) in enumerate(calls):
            level = 100 * (i + 1)
            make_call(out, f"d{i % 2}/call{i}", decision, level=level, seconds=0.1,
                      status=status, record_sha=has_sha, wrong_sha=not sha_right, tags=False)
            if decision == "release" and status != "failed" and has_sha and sha_right:
                allowed.add(level)
        result = _export(out, to)
        assert _levels(to) == allowed
        lines = (to / "metadata.jsonl").read_text().splitlines()
        assert len(lines) == len(allowed) == result.clips
        # withdraw every release: the next export leaves no clip at all
        for report in out.rglob("*.json"):
            data = json.loads(report.read_text())
            report.write_text(json.dumps(data | {"decision": "review"}))
        _export(out, to)
        assert _audio_files(to) == [] and (to / "metadata.jsonl").read_text() == ""
        assert sorted(p.name for p in to.iterdir()) == ["README.md", "metadata.jsonl"]


@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3", "opus"])
def test_no_personal_value_in_any_exported_byte(tmp_path, fmt):
    out, to = tmp_path / "out", tmp_path / "export"
    make_call(out, "131052-308T/virtanen/20261122_0401234567_virtanen", level=900, channels=2)
    make_call(out, "0401234567/virtanen_131052-308T", level=700)
    result = _export(out, to, fmt)
    assert result.clips == 2
    names = sorted(p.name for p in to.iterdir())
    assert all(OWN_FILE.match(n) or n in ("metadata.jsonl", "README.md") for n in names)
    for name, blob in _tree_bytes(to).items():
        for value in PLANTED:
            assert value not in name.lower().encode()
            assert value not in blob.lower(), (name, value)
        assert str(out).encode() not in blob and b"srv/recordings" not in blob
    assert b"virtanen" in (out / "0401234567/virtanen_131052-308T.wav").read_bytes()


def test_vtt_parses_and_cues_lie_inside_the_clip(tmp_path):
    out, to = tmp_path / "out", tmp_path / "export"
    make_call(out, "stereo", level=500, channels=2, seconds=1.5)
    make_call(out, "mono", level=600, channels=1, seconds=0.8)
    _export(out, to)
    rows = [json.loads(line) for line in (to / "metadata.jsonl").read_text().splitlines()]
    assert len(rows) == 2
    for row in rows:
        info = sf.info(to / row["file_name"])
        vtt = webvtt.read(str(to / row["subtitles"]))
        assert len(vtt.captions) == 2
        for cap in vtt.captions:
            start, end = (t.in_milliseconds() / 1000 for t in (cap.start_time, cap.end_time))
            assert 0 <= start < end <= info.duration
            assert "<PERSON>" not in cap.raw_text
        assert "[PERSON]" in vtt.captions[0].text
        assert "[FI_PERSONAL_IDENTITY_CODE]" in vtt.captions[0].text
        assert html.unescape(vtt.captions[1].text) == "kiitos [RISK] & hei"  # & escaped
        voices = [cap.voice for cap in vtt.captions]
        assert voices == (["agent", "customer"] if row["channels"] == 2 else [None, None])


def test_metadata_follows_the_audiofolder_layout(tmp_path):
    out, to = tmp_path / "out", tmp_path / "export"
    for i in range(4):
        make_call(out, f"f{i}/call", "release" if i != 2 else "quarantine", level=200 + i,
                  decided_by="auto" if i else "Reviewer Name")
    _export(out, to)
    lines = (to / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    audio = _audio_files(to)
    assert len(rows) == len(audio) == 3
    assert sorted(r["file_name"] for r in rows) == [p.name for p in audio]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    for r in rows:
        assert (to / r["file_name"]).is_file() and (to / r["subtitles"]).is_file()
        info = sf.info(to / r["file_name"])
        assert r["duration"] == pytest.approx(info.duration, abs=1e-3)
        assert (r["channels"], r["sample_rate"]) == (info.channels, info.samplerate)
        assert r["entities"] == {"FI_PERSONAL_IDENTITY_CODE": 1, "PERSON": 1}
        assert r["model"] == "whisper-base" and r["config_fingerprint"] == "abcd1234abcd1234"
        assert r["transcription"].startswith("Hei olen [PERSON]")
    assert sorted(r["released_by"] for r in rows) == ["auto", "auto", "reviewer"]
    assert b"Reviewer Name" not in b"".join(_tree_bytes(to).values())
    sheet = (to / "README.md").read_text()
    assert "| clips | 3 |" in sheet and "BENCHMARKS.md" in sheet


def test_withdrawn_releases_are_removed_and_logged_by_id(tmp_path, capsys):
    out, to = tmp_path / "out", tmp_path / "export"
    wavs = [make_call(out, f"virtanen{i}", level=300 + i) for i in range(4)]
    assert main(["export", str(out), "--to", str(to)]) == 0
    ids = {p.stem: int(np.median(sf.read(p, dtype="int16")[0])) for p in _audio_files(to)}
    assert sorted(ids.values()) == [300, 301, 302, 303]
    report0 = out / "virtanen0.json"
    report0.write_text(json.dumps(json.loads(report0.read_text()) | {"decision": "review"}))
    (out / "virtanen1.json").unlink()
    sf.write(wavs[2], np.full(800, 0.5), RATE, subtype="PCM_16")  # changed after its report
    capsys.readouterr()
    assert main(["export", str(out), "--to", str(to)]) == 1  # the changed audio is refused
    err = capsys.readouterr().err
    assert _levels(to) == {303}
    gone = sorted(i for i, level in ids.items() if level != 303)
    assert all(f"withdrawn clip {i}: removed" in err for i in gone)
    assert "virtanen" not in err and str(out) not in err
    assert not any(p.stem in gone for p in to.iterdir())
    assert len((to / "metadata.jsonl").read_text().splitlines()) == 1


def test_release_without_recorded_audio_hash_is_refused(tmp_path, capsys):
    out, to = tmp_path / "out", tmp_path / "export"
    make_call(out, "a", record_sha=False)
    make_call(out, "b", level=400, record_sha=False, extra={"output_sha256": ""})
    assert main(["export", str(out), "--to", str(to)]) == 1
    assert "refused 2 released call(s): the report does not record" in capsys.readouterr().err
    assert _audio_files(to) == []
    make_call(out, "c", level=500, record_sha=False,
              extra={"output_sha256": "f" * 64})  # a top-level field that does not match
    make_call(out, "d", level=600, record_sha=False, tags=False)
    data = json.loads((out / "d.json").read_text())
    digest = hashlib.sha256((out / "d.wav").read_bytes()).hexdigest()
    (out / "d.json").write_text(json.dumps(data | {"output_sha256": digest}))
    _export(out, to)
    assert _levels(to) == {600}


@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3", "opus"])
def test_reexport_is_byte_identical(tmp_path, fmt):
    out = tmp_path / "out"
    make_call(out, "x/one", level=800, channels=2, seconds=1.0)
    make_call(out, "y/two", level=-800, seconds=0.7, decided_by="reviewer")
    first = _export(out, tmp_path / "a", fmt)
    before = _tree_bytes(tmp_path / "a")
    second = _export(out, tmp_path / "a", fmt)
    assert (len(first.added), second.kept, second.added) == (2, first.added, ())
    assert _tree_bytes(tmp_path / "a") == before
    _export(out, tmp_path / "b", fmt)  # encoded afresh, into another folder
    assert _tree_bytes(tmp_path / "b") == before


@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3", "opus"])
def test_each_format_holds_the_redacted_audio(tmp_path, fmt):
    out, to = tmp_path / "out", tmp_path / "export"
    wav = make_call(out, "s", level=0, channels=2, seconds=1.0)
    _export(out, to, fmt)
    (clip,) = _audio_files(to)
    assert clip.suffix == f".{fmt}"
    source, _ = sf.read(wav, dtype="float64", always_2d=True)
    got, rate = sf.read(clip, dtype="float64", always_2d=True)
    row = json.loads((to / "metadata.jsonl").read_text())
    assert (rate, got.shape[1]) == (row["sample_rate"], 2)
    if fmt in ("wav", "flac"):
        assert np.array_equal(got, source)
        return
    tone = got[:, 1]
    n = len(tone)
    spectrum = np.abs(np.fft.rfft(tone))
    peak = np.fft.rfftfreq(n, 1 / rate)[np.argmax(spectrum)]
    assert abs(n / rate - 1.0) < 0.1 and abs(peak - 440) < 5
    assert np.sqrt(np.mean(got[:, 0] ** 2)) < 0.01  # the silent channel stays silent


def test_switching_format_replaces_the_clips(tmp_path):
    out, to = tmp_path / "out", tmp_path / "export"
    make_call(out, "a")
    _export(out, to, "wav")
    _export(out, to, "flac")
    assert [p.suffix for p in _audio_files(to)] == [".flac"]
    assert json.loads((to / "metadata.jsonl").read_text())["file_name"].endswith(".flac")


def test_ids_are_random_and_stable_per_catalog(tmp_path):
    ids = []
    for run in ("one", "two"):
        out = tmp_path / run / "out"
        make_call(out, "same/name", level=100)
        _export(out, tmp_path / run / "export")
        _export(out, tmp_path / run / "export")
        ids.append([p.stem for p in _audio_files(tmp_path / run / "export")])
    assert len(ids[0]) == len(ids[1]) == 1 and ids[0] != ids[1]
    make_call(tmp_path / "one" / "out", "same/name", level=100, extra={"sha256": "e" * 64})
    _export(tmp_path / "one" / "out", tmp_path / "one" / "export")
    new = [p.stem for p in _audio_files(tmp_path / "one" / "export")]
    assert len(new) == 1 and new != ids[0]  # a changed source is a new clip


def test_since_adds_only_later_decisions_and_keeps_earlier_clips(tmp_path):
    out, to = tmp_path / "out", tmp_path / "export"
    make_call(out, "old", level=100, extra={"decided_at": "2026-01-05T10:00:00+02:00"})
    make_call(out, "new", level=200, extra={"decided_at": "2026-03-01"})
    result = _export(out, to, since=date(2026, 2, 1))
    assert _levels(to) == {200} and result.before_since == 1
    _export(out, to)
    assert _levels(to) == {100, 200}
    assert _export(out, to, since=date(2026, 2, 1)).clips == 2


def test_folders_that_are_not_an_export_are_refused(tmp_path):
    out = tmp_path / "out"
    make_call(out, "a")
    with pytest.raises(InputError):
        _export(out, out / "export")
    with pytest.raises(InputError):
        _export(out, tmp_path)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "20261122_0401234567_virtanen.wav").write_bytes(b"x")
    with pytest.raises(InputError, match="1 entries") as err:
        _export(out, busy)
    assert "virtanen" not in str(err.value)
    assert main(["export", str(out), "--to", str(busy)]) == 2
    assert os.listdir(busy) == ["20261122_0401234567_virtanen.wav"]
