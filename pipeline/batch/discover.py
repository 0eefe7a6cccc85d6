"""Find the audio files to process and check the input and output locations.

The input is a folder (every audio file under it) or one audio file. A single file is handled
as if its folder were the input: its outputs are named the same, and the folder gets the same
protections (the output directory, the catalog and the audit log may not lie inside it, nor it
inside the output directory), so a later run over that folder never meets Piip's own outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.outputs import inside, real
from pipeline.errors import InputError


def check_locations(input_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    """Resolve both directories and refuse unusable combinations.

    Raises:
        InputError: when the input is missing or not a directory, or the two trees overlap
            either way round after resolving symlinks (outputs would overwrite sources, or
            be picked up as sources on the next run).

    """
    src, dst = input_dir.resolve(), out_dir.resolve()
    if not src.exists():
        raise InputError(f"input directory {input_dir} does not exist")
    if not src.is_dir():
        raise InputError(f"input {input_dir} is not a directory")
    if inside(dst, src):
        raise InputError(f"output directory {out_dir} must not be inside input {input_dir}")
    if inside(src, dst):
        raise InputError(f"input directory {input_dir} must not be inside output {out_dir}")
    if dst.exists() and not dst.is_dir():
        raise InputError(f"output {out_dir} exists and is not a directory")
    return src, dst


def check_outside_input(path: Path, input_dir: Path, what: str) -> Path:
    """Refuse a file Piip writes (catalog, audit log) that would sit in the input tree.

    Raises:
        InputError: naming ``what`` when ``path`` resolves inside ``input_dir``.

    """
    if inside(real(path), real(input_dir)):
        raise InputError(f"{what} {path} must not be inside input {input_dir}")
    return path


def find_audio(input_dir: Path, extensions: Iterable[str]) -> list[Path]:
    """Return audio files under ``input_dir`` (recursive, sorted), skipping hidden entries.

    Raises:
        InputError: when there is no audio file at all.

    """
    exts = {e.lower() for e in extensions}
    found = sorted(
        p for p in input_dir.rglob("*")
        if p.suffix.lower() in exts
        and not any(part.startswith(".") for part in p.relative_to(input_dir).parts)
        and (p.is_file() or p.is_symlink())
    )
    if not found:
        raise InputError(f"no audio files under {input_dir} (looked for {', '.join(sorted(exts))})")
    return found


@dataclass(frozen=True)
class Input:
    """What one run reads: the input root (a folder), the output directory, the sources."""

    root: Path
    out: Path
    sources: tuple[Path, ...]
    single: bool = False  # one file was named; ``root`` is its folder


def resolve_input(input_path: Path, out_dir: Path, extensions: Iterable[str]) -> Input:
    """Check the locations and list the sources of a folder or of one audio file.

    Raises:
        InputError: as :func:`check_locations` (on a file's folder) and :func:`find_audio`;
            for a file, when it does not have one of ``extensions``.

    """
    if not input_path.is_file():
        src, dst = check_locations(input_path, out_dir)
        return Input(src, dst, tuple(find_audio(src, extensions)))
    exts = {e.lower() for e in extensions}
    if input_path.suffix.lower() not in exts:
        raise InputError(f"input {input_path} is not an audio file Piip reads "
                         f"(looked for {', '.join(sorted(exts))})")
    folder = input_path.absolute().parent
    try:
        src, dst = check_locations(folder, out_dir)
    except InputError as exc:
        raise InputError(f"{exc} (the folder of {input_path.name} is the input)") from exc
    return Input(src, dst, (src / input_path.name,), single=True)
