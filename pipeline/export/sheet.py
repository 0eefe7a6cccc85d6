"""The export's manifest (``metadata.jsonl``, Hugging Face ``audiofolder`` layout) and datasheet.

Both are rendered from the clips' rows alone, sorted by id, with no dates or paths in them, so
an unchanged export renders to identical bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

FORMAT_NOTES = {
    "wav": "WAV, 16-bit PCM, at the source's sample rate",
    "flac": "FLAC, 16-bit, at the source's sample rate",
    "mp3": "MP3 (libmp3lame, 64 kbit/s), re-encoded: lossy",
    "opus": "Ogg Opus (libopus, 32 kbit/s, 48 kHz), re-encoded: lossy",
}


def metadata_lines(rows: Iterable[dict[str, Any]]) -> str:
    """Return ``metadata.jsonl``: one JSON object per clip, sorted by id.

    Every row lists the same entity types (those of any clip in the export, zero where a clip
    has none), so a loader infers one column type.
    """
    rows = sorted(rows, key=lambda r: r["id"])
    types = sorted({t for r in rows for t in r["entities"]})
    out = []
    for r in rows:
        full = dict(r, entities={t: int(r["entities"].get(t, 0)) for t in types})
        out.append(json.dumps(full, ensure_ascii=False, separators=(",", ":")))
    return "".join(line + "\n" for line in out)


def _hms(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _table(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return ["| | |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in pairs)]


def _contents(rows: list[dict[str, Any]], fmt: str) -> list[str]:
    seconds = sum(r["duration"] for r in rows)
    released = Counter(r["released_by"] for r in rows)
    mono = sum(1 for r in rows if r["channels"] < 2)
    return _table([
        ("clips", str(len(rows))),
        ("audio", f"{seconds / 3600:.2f} hours ({_hms(seconds)})"),
        ("format", FORMAT_NOTES[fmt]),
        ("mono / stereo clips", f"{mono} / {len(rows) - mono}"),
        ("released automatically / by a reviewer",
         f"{released.get('auto', 0)} / {released.get('reviewer', 0)}"),
        ("speech models", ", ".join(sorted({r["model"] for r in rows})) or "—"),
        ("configuration fingerprints",
         ", ".join(sorted({r["config_fingerprint"] for r in rows})) or "—"),
    ])


def _entities(rows: list[dict[str, Any]]) -> list[str]:
    totals: Counter[str] = Counter()
    for r in rows:
        totals.update(r["entities"])
    if not totals:
        return ["No bleeped stretches."]
    return ["| entity type | bleeped stretches |", "| --- | ---: |",
            *(f"| `{t}` | {n} |" for t, n in sorted(totals.items()))]


_HOW = """\
Each clip is a customer-service call recording processed by Piip:

1. transcribed in Finnish with faster-whisper (word timestamps, Silero voice activity);
2. personal data found in the transcript by Presidio configured for Finnish (spaCy NER and
   Piip's recognizers for spoken identity codes, phone numbers, account and card numbers,
   e-mail and street addresses, names and health data);
3. each such moment, speech with no transcribed words and speech the recogniser was very
   unsure of replaced by a tone or silence on every channel;
4. checked by Piip's release gate: a call leaves only when its decision is `release`, made
   automatically when nothing risky remained unbleeped, or by a reviewer who listened to the
   flagged stretches (`released_by`).

Clips are named by random ids: nothing in this folder derives from the recordings' file
names or folders. The audio is re-encoded from its samples, so no tags are carried over.
Subtitles (`<id>.vtt`) and `transcription` hold the redacted transcript: entities appear as
`[PERSON]`, `[FI_PERSONAL_IDENTITY_CODE]` and so on."""

_LIMITS = """\
- Detection is automatic and not perfect. Measured detection and leak figures, and how they
  were measured, are in the Piip project's `BENCHMARKS.md` for the speech model and
  configuration fingerprints listed above; they are not repeated here.
- Transcripts are speech-recognition output: they contain recognition errors, and words
  next to a bleep may be cut.
- Cue times come from word timestamps and may be off by a fraction of a second.
- A call whose release is withdrawn is removed from this folder by the next export; copies
  taken before that are not. Ids stay stable only while Piip's catalog is kept."""


def datasheet(rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """Return the export's ``README.md``: contents, files, how anonymised, limits."""
    rows = sorted(rows, key=lambda r: r["id"])
    files = [
        f"- `<id>.{fmt}`: the redacted audio of one call.",
        "- `<id>.vtt`: WebVTT subtitles, one cue per utterance; stereo calls name the "
        "speaker's role in a voice span (`<v agent>`).",
        "- `metadata.jsonl`: one line per clip in the Hugging Face `audiofolder` layout "
        "(`file_name`, `transcription`, `duration` in seconds, `channels`, `sample_rate`, "
        "`entities` bleeped per type, `released_by`, `model`, `config_fingerprint`, "
        "`subtitles`); load with `datasets.load_dataset(\"audiofolder\", data_dir=...)`.",
    ]
    parts = ["# Anonymised call recordings (Piip export)", "", "## Contents", "",
             *_contents(rows, fmt), "", "### Bleeped stretches per entity type", "",
             *_entities(rows), "", "## Files", "", *files, "",
             "## How the clips were anonymised", "", _HOW, "", "## Limits", "", _LIMITS]
    return "\n".join(parts) + "\n"
