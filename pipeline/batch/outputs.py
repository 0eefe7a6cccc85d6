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

from pipeline.config import PiipConfig
from pipeline.errors import InputError, PiipError
from pipeline.files import write_json
from pipeline.schema import Report


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


def record_failure(source: Path, outputs: Outputs, cfg: PiipConfig, exc: BaseException,
                   digest: str = "", wall: float = 0.0) -> Report:
    """Remove any audio output of ``source`` and write its ``failed`` report; return it."""
    outputs.guard(outputs.audio).unlink(missing_ok=True)
    message = str(exc) if isinstance(exc, PiipError) else f"{source}: {type(exc).__name__}"
    report = Report(source=str(source), sha256=digest, status="failed", model=cfg.asr.name,
                    config_hash=cfg.fingerprint(), error=f"{type(exc).__name__}: {message}",
                    decision="failed", decision_reasons=("processing_failed",),
                    stats={"wall_seconds": round(wall, 3)})
    write_json(outputs.guard(outputs.report), report.to_dict())
    return report
