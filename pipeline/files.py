"""Files Piip writes: atomic writes under a temporary name, the crash sweep, checksums.

Every output is first written as ``.<name>.partial`` beside its final name and renamed into
place once complete; a run that finds such a file knows a crash left it. This module sits
below every stage: audio, reports, the batch, export and review all write through it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

PARTIAL_SUFFIX = ".partial"


def partial_path(final: Path) -> Path:
    """Return the temporary name under which ``final`` is written."""
    return final.with_name(f".{final.name}{PARTIAL_SUFFIX}")


def is_partial(name: str) -> bool:
    """Tell whether a file name is a temporary output left by :func:`partial_path`."""
    return name.startswith(".") and name.endswith(PARTIAL_SUFFIX) \
        and len(name) > len(PARTIAL_SUFFIX) + 1


def sweep_partials(out_dir: str | Path) -> int:
    """Delete temporary outputs (``.<name>.partial``) a crashed run left; return how many.

    Call it under the catalog's run lock (``Catalog.lock_run``): a running run's temporaries
    look the same. Symlinked directories are not followed.
    """
    removed = 0
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if is_partial(name):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` atomically: temporary name beside it, fsync, rename."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(final)
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def write_json(path: str | Path, data: dict[str, Any]) -> Path:
    """Write JSON atomically."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2))
