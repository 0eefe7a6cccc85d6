"""Render the redacted transcript of one call as WebVTT subtitles (pure, no I/O).

Each utterance becomes one cue. Entity placeholders ``<PERSON>`` in the redacted text are
shown as ``[PERSON]``; any other ``<``, ``>`` or ``&`` is escaped so a cue holds no markup but
the optional voice span naming the speaker's role.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from pipeline.schema import Utterance

_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)>")
_ARROW = re.compile(r"-{2,}>")
_ROLE_BAD = re.compile(r"[^\w .-]")


def plain_text(text: str) -> str:
    """Return redacted text on one line with ``<TYPE>`` shown as ``[TYPE]``."""
    return " ".join(_PLACEHOLDER.sub(r"[\1]", text).split())


def _escape(text: str) -> str:
    text = _ARROW.sub(lambda m: "-" * (len(m.group(0)) - 1) + " >", text)  # no "-->" in a cue
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timestamp(ms: int) -> str:
    """Format milliseconds as a WebVTT timestamp ``HH:MM:SS.mmm``."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _cue_times(u: Utterance, duration: float) -> tuple[int, int] | None:
    """Return the cue's (start, end) in ms clipped to the clip, or None when nothing is left."""
    limit = math.floor(duration * 1000)  # never past the clip's end, even by rounding
    start = max(0, math.floor(u.start * 1000 + 1e-6))
    end = min(limit, math.ceil(u.end * 1000 - 1e-6))
    return (start, end) if end > start else None


def _role(channel: int, channels: int, roles: Mapping[int, str]) -> str:
    """Return the voice label for ``channel``; empty for mono calls."""
    if channels < 2:
        return ""
    label = roles.get(channel, f"channel {channel}")
    return " ".join(_ROLE_BAD.sub(" ", label).split())


def render_vtt(utterances: Iterable[Utterance], duration: float, channels: int,
               roles: Mapping[int, str]) -> str:
    """Return a WebVTT document with one cue per utterance, ordered by time then channel.

    Cue times are clipped to ``[0, duration]`` seconds (start rounded down, end up, to the
    millisecond); an utterance with no time or no text left is dropped. Stereo calls label each
    cue with a voice span ``<v ROLE>`` from ``roles`` (channel -> role); mono calls have none.
    """
    lines = ["WEBVTT", ""]
    ordered = sorted(utterances, key=lambda u: (u.start, u.channel, u.end, u.text))
    for u in ordered:
        times = _cue_times(u, duration)
        text = _escape(plain_text(u.text))
        if times is None or not text:
            continue
        role = _role(u.channel, channels, roles)
        lines.append(f"{timestamp(times[0])} --> {timestamp(times[1])}")
        lines.append(f"<v {role}>{text}" if role else text)
        lines.append("")
    return "\n".join(lines)


def transcription(utterances: Iterable[Utterance], fallback: str = "") -> str:
    """Return the redacted transcript as plain text, one utterance per line, in time order.

    ``fallback`` (a report's ``redacted_transcript``) is used when there are no utterances.
    """
    ordered = sorted(utterances, key=lambda u: (u.start, u.channel, u.end, u.text))
    lines = [plain_text(u.text) for u in ordered] if ordered else \
        [plain_text(line) for line in fallback.splitlines()]
    return "\n".join(line for line in lines if line)
