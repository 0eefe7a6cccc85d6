"""``piip export``: copy released calls into a training folder under names that say nothing.

Only a call whose report says ``decision == "release"`` (automatic or by a reviewer) is
exported, and only when its redacted audio still has the sha256 the report records for it
(``output_sha256``, top level or in ``stats``): a report without that field is refused (fail
closed). Each clip gets a random id kept in the catalog (:mod:`pipeline.export.store`); the
folder holds ``<id>.<ext>``, ``<id>.vtt``, ``metadata.jsonl`` and ``README.md`` and nothing
derived from source names, paths or tags. Exports are incremental: unchanged clips are left,
and a clip whose release was withdrawn (decision changed, report gone, audio changed) is
removed and logged by id. Unchanged inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.batch.catalog import Catalog
from pipeline.errors import AudioDecodeError, InputError
from pipeline.export.audio import FORMATS, ClipAudio, probe, write_clip
from pipeline.export.sheet import datasheet, metadata_lines
from pipeline.export.store import ExportStore
from pipeline.export.vtt import render_vtt, transcription
from pipeline.files import is_partial, sha256_file, write_text_atomic
from pipeline.schema import Report

log = logging.getLogger("piip.export")

DEFAULT_CATALOG = ".piip-catalog.sqlite"
MANIFEST, DATASHEET = "metadata.jsonl", "README.md"
OWN_FILE = re.compile(r"^([0-9a-f]{32})\.(wav|flac|mp3|opus|vtt)$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
REFUSALS = {
    "failed_status": "processing failed, yet the decision says release",
    "no_output_sha256": "the report does not record the redacted audio's sha256",
    "audio_missing": "the redacted audio is missing",
    "audio_changed": "the redacted audio differs from what the report records",
    "audio_unreadable": "the redacted audio cannot be read",
}


@dataclass(frozen=True)
class Released:
    """A call cleared for export: its report and its verified redacted audio."""

    rel: str
    report: Report
    audio: Path
    audio_sha256: str
    decided_on: date


@dataclass(frozen=True)
class ExportResult:
    """What one export did, by opaque id and count only."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    refused: dict[str, int]
    not_released: int
    before_since: int

    @property
    def clips(self) -> int:
        """Return how many clips the folder holds now."""
        return len(self.added) + len(self.updated) + len(self.kept)


def iter_reports(out_dir: Path) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """Yield ``(relative path, path, raw dict)`` for each call report under ``out_dir``.

    Hidden files and folders are skipped, and so is JSON that is not a call report (the test
    of :mod:`pipeline.report.batch_page`: an object with ``sha256``, ``status`` and ``source``).
    """
    for path in sorted(out_dir.rglob("*.json")):
        rel = path.relative_to(out_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and {"sha256", "status", "source"} <= data.keys():
            yield rel.as_posix(), path, data


def recorded_output_sha256(raw: Mapping[str, Any]) -> str:
    """Return the redacted audio's sha256 recorded in a raw report, or "" when absent."""
    stats = raw.get("stats")
    for value in (raw.get("output_sha256"), stats.get("output_sha256")
                  if isinstance(stats, dict) else None):
        if isinstance(value, str) and SHA256.match(value):
            return value
    return ""


def _decided_on(raw: Mapping[str, Any], path: Path) -> date:
    """Return the date of the decision: ``decided_at`` if recorded, else the report's mtime."""
    value = raw.get("decided_at")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date()


def check_release(rel: str, path: Path, raw: dict[str, Any]) -> Released | str:
    """Return the call as :class:`Released`, or why not: ``not_released`` or a refusal."""
    report = Report.from_dict(raw)
    if report.decision != "release":
        return "not_released"
    if report.status == "failed":
        return "failed_status"
    expected = recorded_output_sha256(raw)
    if not expected:
        return "no_output_sha256"
    audio = path.with_suffix(".wav")
    if not audio.is_file():
        return "audio_missing"
    if sha256_file(audio) != expected:
        return "audio_changed"
    return Released(rel, report, audio, expected, _decided_on(raw, path))


def check_dirs(out_dir: Path, dest: Path) -> tuple[Path, Path]:
    """Resolve and check OUT_DIR and DIR; DIR may hold only what an export writes.

    Raises:
        InputError: when OUT_DIR is missing, the two overlap, or DIR holds other files.

    """
    out, to = Path(out_dir).resolve(), Path(dest).resolve()
    if not out.is_dir():
        raise InputError(f"output directory {out_dir} does not exist")
    if out == to or out in to.parents or to in out.parents:
        raise InputError(f"export folder {dest} and output directory {out_dir} overlap; "
                         "export to a folder outside it")
    if to.exists() and not to.is_dir():
        raise InputError(f"export folder {dest} is not a directory")
    to.mkdir(parents=True, exist_ok=True)
    foreign = [p for p in to.iterdir() if not (p.is_file() and _ours(p.name))]
    if foreign:
        raise InputError(f"export folder {dest} holds {len(foreign)} entries piip export did "
                         "not write; export into an empty or earlier export folder")
    return out, to


def _ours(name: str) -> bool:
    return bool(OWN_FILE.match(name)) or name in (MANIFEST, DATASHEET) or is_partial(name)


def _row(clip_id: str, rel: Released, fmt: str, info: ClipAudio) -> dict[str, Any]:
    report = rel.report
    text = transcription(report.utterances, report.redacted_transcript)
    return {
        "file_name": f"{clip_id}.{fmt}", "id": clip_id, "transcription": text,
        "duration": round(info.duration, 3), "channels": info.channels,
        "sample_rate": info.sample_rate,
        "entities": dict(sorted(Counter(s.entity_type for s in report.spans).items())),
        "released_by": "auto" if report.decided_by == "auto" else "reviewer",
        "model": Path(report.model).name, "config_fingerprint": report.config_hash,
        "subtitles": f"{clip_id}.vtt",
    }


def _clip_files(to: Path, clip_id: str) -> list[Path]:
    return [to / f"{clip_id}.{ext}" for ext in (*FORMATS, "vtt")]


def _remove(to: Path, store: ExportStore, dest: str, clip_id: str) -> None:
    for p in _clip_files(to, clip_id):
        p.unlink(missing_ok=True)
    store.forget(dest, clip_id)
    log.info("export: clip %s withdrawn, removed", clip_id)


def _write(to: Path, clip_id: str, rel: Released, fmt: str, vtt: str) -> None:
    for p in _clip_files(to, clip_id):  # another format left by an earlier export
        if p.suffix not in (f".{fmt}", ".vtt"):
            p.unlink(missing_ok=True)
    write_clip(rel.audio, rel.audio_sha256, fmt, to / f"{clip_id}.{fmt}")
    write_text_atomic(to / f"{clip_id}.vtt", vtt)


def run_export(out_dir: Path, dest: Path, fmt: str, roles: Mapping[int, str],
               catalog: Path | None = None, since: date | None = None,
               wait: bool = False) -> ExportResult:
    """Export the released calls under ``out_dir`` into ``dest`` as ``fmt``; see the module.

    ``since`` adds only calls decided on or after that date (clips already in ``dest`` stay
    while released). Holds the catalog's run lock, so it does not race a batch run.

    Raises:
        InputError: for unusable folders or format.
        CatalogError: when the catalog cannot be used or is locked (``wait`` waits).

    """
    if fmt not in FORMATS:
        raise InputError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    out, to = check_dirs(out_dir, dest)
    cat_path = Path(catalog) if catalog else out / DEFAULT_CATALOG
    with Catalog.open(cat_path) as cat, cat.lock_run(wait), ExportStore.open(cat_path) as store:
        return _export(out, to, fmt, roles, store, since)


def _export(out: Path, to: Path, fmt: str, roles: Mapping[int, str], store: ExportStore,
            since: date | None) -> ExportResult:
    dest = str(to)
    reasons: Counter[str] = Counter()
    released: dict[str, Released] = {}
    for rel, path, raw in iter_reports(out):
        outcome = check_release(rel, path, raw)
        if isinstance(outcome, str):
            reasons[outcome] += 1
        else:
            released[store.id_for(rel, outcome.report.sha256)] = outcome
    present = store.clip_ids(dest) | {m.group(1) for p in to.iterdir()
                                      if (m := OWN_FILE.match(p.name))}
    for p in to.iterdir():
        if is_partial(p.name):
            p.unlink(missing_ok=True)
    removed = sorted(present - released.keys())
    for clip_id in removed:
        _remove(to, store, dest, clip_id)
    done: dict[str, list[str]] = {"added": [], "updated": [], "kept": []}
    rows, before = [], 0
    for clip_id, rel in sorted(released.items()):
        if clip_id not in present and since is not None and rel.decided_on < since:
            before += 1
            continue
        try:
            kind, row = _export_clip(to, clip_id, rel, fmt, roles, store, dest)
        except AudioDecodeError:
            reasons["audio_unreadable"] += 1
            if clip_id in present:
                _remove(to, store, dest, clip_id)
                removed.append(clip_id)
            continue
        done[kind].append(clip_id)
        rows.append(row)
    write_text_atomic(to / MANIFEST, metadata_lines(rows))
    write_text_atomic(to / DATASHEET, datasheet(rows, fmt))
    refused = {k: v for k, v in sorted(reasons.items()) if k in REFUSALS}
    return ExportResult(tuple(done["added"]), tuple(done["updated"]), tuple(done["kept"]),
                        tuple(sorted(removed)), refused, reasons["not_released"], before)


def _export_clip(to: Path, clip_id: str, rel: Released, fmt: str, roles: Mapping[int, str],
                 store: ExportStore, dest: str) -> tuple[str, dict[str, Any]]:
    """Write one clip unless it is there unchanged; return (added/updated/kept, its row)."""
    info = probe(rel.audio, fmt)
    row = _row(clip_id, rel, fmt, info)
    vtt = render_vtt(rel.report.utterances, info.duration, info.channels, roles)
    blob = json.dumps({"audio": rel.audio_sha256, "format": fmt, "vtt": vtt, "row": row},
                      sort_keys=True, ensure_ascii=False)
    fingerprint = hashlib.sha256(blob.encode()).hexdigest()
    previous = store.fingerprint(dest, clip_id)
    complete = (to / f"{clip_id}.{fmt}").is_file() and (to / f"{clip_id}.vtt").is_file()
    if previous == fingerprint and complete:
        return "kept", row
    _write(to, clip_id, rel, fmt, vtt)
    store.record(dest, clip_id, fingerprint)
    return ("updated" if previous or complete else "added"), row


def summary_lines(result: ExportResult) -> list[str]:
    """Return what the command prints: ids of removed clips, refusals, counts."""
    lines = [f"withdrawn clip {clip_id}: removed" for clip_id in result.removed]
    lines += [f"refused {n} released call(s): {REFUSALS[k]}" for k, n in result.refused.items()]
    lines.append(f"{result.clips} clips ({len(result.added)} added, {len(result.updated)} "
                 f"rewritten, {len(result.kept)} unchanged, {len(result.removed)} removed); "
                 f"{result.not_released} calls not released"
                 + (f", {result.before_since} released before --since" if result.before_since
                    else ""))
    return lines
