"""Where one source's results go, and the one guard every output write or removal passes.

Outputs mirror a source's place under the input directory into the output directory. Before
anything is written or removed, :meth:`Outputs.guard` refuses a path that lies inside the
input tree or that is the source itself (after resolving symlinks): a source recording is
never overwritten or deleted, whatever the layout of the folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError


def real(path: Path) -> Path:
    """Resolve symlinks without raising on loops (``Path.resolve`` does on Python 3.11)."""
    return Path(os.path.realpath(path))


def inside(path: Path, root: Path) -> bool:
    """Tell whether resolved ``path`` is ``root`` or lies under it (both resolved)."""
    return path == root or root in path.parents


@dataclass(frozen=True)
class Outputs:
    """Where one source's results go, and the input tree they must never touch."""

    audio: Path
    report: Path
    source: Path | None = None
    input_root: Path | None = None

    @property
    def page(self) -> Path:
        """Return the review page's path."""
        return self.report.with_suffix(".html")

    @classmethod
    def for_source(cls, source: Path, input_dir: Path, out_dir: Path) -> Outputs:
        """Mirror ``source``'s place under ``input_dir`` into ``out_dir``.

        Raises:
            InputError: when an output path would be a source or lie in the input tree.

        """
        rel = source.relative_to(input_dir).with_suffix("")
        base = out_dir / rel
        out = cls(base.with_name(base.name + ".wav"), base.with_name(base.name + ".json"),
                  source, input_dir)
        for path in (out.audio, out.report, out.page):
            out.guard(path)
        return out

    def guard(self, path: Path) -> Path:
        """Return ``path`` if writing or removing it cannot touch a source.

        Raises:
            InputError: when ``path`` resolves to the source or into the input tree.

        """
        target = real(path)
        if self.source is not None and target == real(self.source):
            raise InputError("refusing to write over a source recording")
        if self.input_root is not None and inside(target, real(self.input_root)):
            raise InputError("refusing to write inside the input directory")
        return path
