"""Frozen data passed between pipeline stages.

Every type knows ``to_dict``/``from_dict`` so it can cross process boundaries (Prefect tasks,
Dask workers) and be written to reports without custom encoders.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Word:
    """One transcribed word with its time on one channel.

    ``timing_ok`` is False when the recogniser's timestamp was missing or implausible and
    the times here are a widened fallback (the whole segment, say).
    """

    text: str
    start: float
    end: float
    prob: float = 1.0
    channel: int = 0
    segment: int = 0
    timing_ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        """Build from :meth:`to_dict` output."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Transcript:
    """All words of one recording, every channel, ordered by start time."""

    words: tuple[Word, ...]
    duration: float
    channels: int
    language: str = "fi"
    speech_seconds: float = 0.0
    speech: tuple[tuple[float, float, int], ...] = ()  # voice activity: (start, end, channel)
    sample_rate: int = 0  # of the recording transcribed; 0 when not known

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["words"] = [w.to_dict() for w in self.words]
        d["speech"] = [list(s) for s in self.speech]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Build from :meth:`to_dict` output."""
        d = dict(data)
        d["words"] = tuple(Word.from_dict(w) for w in d.get("words", ()))
        d["speech"] = tuple(tuple(s) for s in d.get("speech", ()))
        return _from_dict(cls, d)


@dataclass(frozen=True)
class TextSpan:
    """A detected entity as a character span of the analysed text."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    reason: str = "pattern"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextSpan:
        """Build from :meth:`to_dict` output."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class PiiSpan:
    """A time span to bleep, in seconds, with why it is bleeped."""

    start: float
    end: float
    entity_type: str
    score: float
    recognizer: str
    channel: int = 0
    reason: str = "pattern"
    review: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (times rounded to the millisecond, outward)."""
        d = asdict(self)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PiiSpan:
        """Build from :meth:`to_dict` output."""
        return _from_dict(cls, data)


RISK_REASONS = frozenset({
    "unbleeped_answer",   # an answer to a personal-data question that is not bleeped
    "number_residue",     # number words or digits (three or more in a short window)
    "spelled_letters",    # letters spelled out one by one
    "email_residue",      # "ät", "piste", a mail service's name
    "name_residue",       # a word Voikko knows as a name, or a capitalised/unknown word
    "health_residue",     # a near miss of the health lexicon
    "doubted_speech",     # words Whisper doubted (between the bleep and review thresholds)
    "wordless_speech",    # speech with no words that was not bleeped
    "unsupported_edge",   # a bleep whose edges the word timing does not support
    "between_bleeps",     # a short stretch of speech left between two bleeps
    "greeting_words",     # unclear words in a channel's first or last seconds (names)
})
DECISIONS = ("release", "review", "quarantine", "failed")


@dataclass(frozen=True)
class RiskItem:
    """A stretch of *unbleeped* audio a person must listen to before the call is released.

    ``reason`` is one of :data:`RISK_REASONS`; the item never holds the words themselves.
    """

    start: float
    end: float
    channel: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RiskItem:
        """Build from :meth:`to_dict` output."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Utterance:
    """One turn of the *redacted* transcript with its time.

    Entities are ``<TYPE>`` and unbleeped risk stretches ``<RISK>``; subtitles and the review
    page are built from these.
    """

    start: float
    end: float
    channel: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Utterance:
        """Build from :meth:`to_dict` output."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Report:
    """What happened to one source recording; holds no personal data but the redacted text."""

    source: str
    sha256: str
    status: str
    duration: float = 0.0
    sample_rate: int = 0
    channels: int = 0
    model: str = ""
    config_hash: str = ""
    redacted_transcript: str = ""
    spans: tuple[PiiSpan, ...] = ()
    review: tuple[str, ...] = ()
    error: str = ""
    output: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    risks: tuple[RiskItem, ...] = ()
    decision: str = ""
    decision_reasons: tuple[str, ...] = ()
    decided_by: str = "auto"
    utterances: tuple[Utterance, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["spans"] = [s.to_dict() for s in self.spans]
        d["review"] = list(self.review)
        d["risks"] = [r.to_dict() for r in self.risks]
        d["decision_reasons"] = list(self.decision_reasons)
        d["utterances"] = [u.to_dict() for u in self.utterances]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Build from :meth:`to_dict` output."""
        d = dict(data)
        d["spans"] = tuple(PiiSpan.from_dict(s) for s in d.get("spans", ()))
        d["review"] = tuple(d.get("review", ()))
        d["risks"] = tuple(RiskItem.from_dict(r) for r in d.get("risks", ()))
        d["decision_reasons"] = tuple(d.get("decision_reasons", ()))
        d["utterances"] = tuple(Utterance.from_dict(u) for u in d.get("utterances", ()))
        return _from_dict(cls, d)
