"""The one naming rule for temporary outputs, shared by the writers and the crash sweep.

Every output is first written as ``.<name>.partial`` beside its final name and renamed into
place once complete; a run that finds such a file knows a crash left it.
"""

from __future__ import annotations

import os
from pathlib import Path

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
