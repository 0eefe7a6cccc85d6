"""The one naming rule for temporary outputs, shared by the writers and the crash sweep.

Every output is first written as ``.<name>.partial`` beside its final name and renamed into
place once complete; a run that finds such a file knows a crash left it.
"""

from __future__ import annotations

from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def partial_path(final: Path) -> Path:
    """Return the temporary name under which ``final`` is written."""
    return final.with_name(f".{final.name}{PARTIAL_SUFFIX}")


def is_partial(name: str) -> bool:
    """Tell whether a file name is a temporary output left by :func:`partial_path`."""
    return name.startswith(".") and name.endswith(PARTIAL_SUFFIX) \
        and len(name) > len(PARTIAL_SUFFIX) + 1
