"""The page shell shared by every report page: Jinja2 templates with autoescape, small helpers.

Pages are fully offline: the Content-Security-Policy in ``templates/base.html`` forbids every
remote load, so even a mistake elsewhere cannot make an analyst's browser fetch anything.
Every value reaches the markup through a template with autoescape on; no page is built by
string formatting.
"""

from __future__ import annotations

import os
import urllib.parse
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.files import write_text_atomic
from pipeline.report.labels import colour
from pipeline.schema import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"


def fmt_time(seconds: float, tenths: bool = True) -> str:
    """Format seconds as ``mm:ss.s`` (minutes unbounded), or ``mm:ss`` without tenths."""
    seconds = max(0.0, float(seconds))
    if tenths:
        minutes, rest = divmod(round(seconds, 1), 60)
        return f"{int(minutes):02d}:{rest:04.1f}"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Return the report pages' Jinja2 environment (autoescape on, undefined names fail)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["time"] = fmt_time
    env.globals["colour"] = colour
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template`` from ``templates/`` with ``context``."""
    return environment().get_template(template).render(**context)


def link(target: Path, page_html: Path) -> str:
    """Return the URL of ``target`` relative to the folder of ``page_html``, quoted."""
    rel = os.path.relpath(Path(target).resolve(), Path(page_html).resolve().parent)
    return urllib.parse.quote(Path(rel).as_posix())


def source_name(report: Report) -> str:
    """Return the source's file name only; its folders are never shown."""
    return Path(report.source).name if report.source else "(unknown source)"


def safe_error(report: Report) -> str:
    """Return the error with the source's full path cut down to its file name."""
    error = report.error or "unknown error"
    if report.source:
        error = error.replace(report.source, source_name(report))
        folder = str(Path(report.source).parent)
        if folder not in {".", "/"}:
            error = error.replace(folder, "…")
    return error


def write_html(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (temporary name, fsync, rename)."""
    return write_text_atomic(path, text)
