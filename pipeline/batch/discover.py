"""Find the audio files to process and check the input and output locations."""

from __future__ import annotations

from collections.abc import Iterable
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
