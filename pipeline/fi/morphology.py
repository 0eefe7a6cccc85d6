"""A thin, cached wrapper over Voikko, Finnish morphology for the recognizers.

``analyse("rautiaiselle")`` gives ``(Analysis("Rautiainen", "sukunimi", ...), ...)``: every
reading Voikko knows, in any case, inflection and capitalisation. ``suggest`` gives Voikko's
spelling suggestions. Both are memoised per word; Voikko itself is opened once per process,
lazily, and guarded by a lock because one Voikko handle must not be used by two threads.

Word classes Voikko reports (Finnish grammar terms): ``etunimi`` (first name), ``sukunimi``
(surname), ``paikannimi`` (place), ``nimisana`` (noun), ``laatusana`` (adjective),
``nimisana_laatusana``, ``teonsana`` (verb), ``seikkasana`` (adverb), ``asemosana``
(pronoun), ``sidesana`` (conjunction), ``huudahdussana`` (interjection), ``lukusana``
(numeral), ``suhdesana`` (adposition), ``kieltosana`` (negation verb), ``lyhenne``
(abbreviation), ``nimi`` (other proper name).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.errors import ModelError

# the token type and tokenizer moved to pipeline.fi.tokens; re-exported for the gate's callers
from pipeline.fi.tokens import Token as Token
from pipeline.fi.tokens import lines_of as lines_of
from pipeline.fi.tokens import tokenize as tokenize

NAME_CLASSES = frozenset({"etunimi", "sukunimi"})
PROPER_CLASSES = frozenset({"etunimi", "sukunimi", "paikannimi", "nimi"})
_MAX_WORD = 60  # longer "words" are ASR debris or glued runs: not worth analysing
_LOCK = threading.Lock()


class VoikkoUnavailableError(ModelError, RuntimeError):
    """libvoikko or its Finnish dictionary cannot be loaded."""


@dataclass(frozen=True)
class Analysis:
    """One morphological reading of a word.

    ``case`` is Voikko's SIJAMUOTO (``nimento``, ``omanto``, ``ulkotulento``, ...),
    ``possessive`` its POSSESSIVE (``1s``, ``2s``, ``2p``, ...) and ``number`` its NUMBER
    (``singular``, ``plural``), each empty when absent.
    """

    baseform: str
    wordclass: str
    case: str = ""
    possessive: str = ""
    number: str = ""

    @property
    def is_name(self) -> bool:
        """Return True for a person-name reading (first name or surname)."""
        return self.wordclass in NAME_CLASSES

    @property
    def is_proper(self) -> bool:
        """Return True for any proper-noun reading (person, place, other name)."""
        return self.wordclass in PROPER_CLASSES


@lru_cache(maxsize=1)
def _voikko() -> Any:
    """Open Voikko for Finnish once per process, or explain what is missing."""
    hint = "install the Debian packages libvoikko1 and voikko-fi and the Python package libvoikko"
    try:
        import libvoikko
    except ImportError as exc:
        raise VoikkoUnavailableError(f"Python package libvoikko is missing: {hint}") from exc
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as exc:
        raise VoikkoUnavailableError(
            f"cannot open Voikko for Finnish ({type(exc).__name__}): {hint}") from exc


def available() -> bool:
    """Return True when Voikko can be opened (tests use this to skip)."""
    try:
        _voikko()
    except VoikkoUnavailableError:
        return False
    return True


def _key(word: str) -> str:
    return word.strip().lower()


@lru_cache(maxsize=200_000)
def _analyse_key(key: str) -> tuple[Analysis, ...]:
    if not key or len(key) > _MAX_WORD:
        return ()
    voikko = _voikko()
    with _LOCK:
        raw = voikko.analyze(key)
    seen: dict[Analysis, None] = {}
    for reading in raw:
        seen[Analysis(baseform=reading.get("BASEFORM", key),
                      wordclass=reading.get("CLASS", ""),
                      case=reading.get("SIJAMUOTO", "") or "",
                      possessive=reading.get("POSSESSIVE", "") or "",
                      number=reading.get("NUMBER", "") or "")] = None
    return tuple(seen)


def analyse(word: str) -> tuple[Analysis, ...]:
    """Return every reading of ``word`` (case-insensitive); empty when Voikko does not know it.

    Raises :class:`VoikkoUnavailableError` when Voikko is not installed.
    """
    return _analyse_key(_key(word))


@lru_cache(maxsize=50_000)
def _suggest_key(key: str) -> tuple[str, ...]:
    if len(key) < 2 or len(key) > _MAX_WORD:
        return ()
    voikko = _voikko()
    with _LOCK:
        return tuple(voikko.suggest(key))


def suggest(word: str) -> tuple[str, ...]:
    """Return Voikko's spelling suggestions for ``word`` (case-insensitive), best first."""
    return _suggest_key(_key(word))


def known(word: str) -> bool:
    """Return True when Voikko has at least one reading of ``word``."""
    return bool(analyse(word))


def baseforms(word: str) -> frozenset[str]:
    """Return the lower-cased base forms of every reading of ``word``."""
    return frozenset(a.baseform.lower() for a in analyse(word))


# --- stems for words Voikko does not know ----------------------------------------------

CASE_ENDINGS = ("ksi", "lla", "llä", "lta", "ltä", "lle", "ssa", "ssä", "sta", "stä", "tta",
                "ttä", "na", "nä", "en", "in", "an", "än", "on", "un", "yn", "ta", "tä",
                "n", "a", "ä", "e", "t")
POSSESSIVES = ("nsa", "nsä", "nne", "mme", "ni", "si", "an", "än", "en")


def strip_endings(word: str, min_stem: int = 3) -> tuple[str, ...]:
    """Return ``word`` and its candidate stems with one possessive and/or case ending removed.

    A crude, morphology-free fallback for words Voikko does not know (misspellings).
    """
    forms = [word.lower()]
    for poss in ("", *POSSESSIVES):
        base = forms[0]
        if poss:
            if not base.endswith(poss) or len(base) - len(poss) < min_stem:
                continue
            base = base[: -len(poss)]
            forms.append(base)
        for end in CASE_ENDINGS:
            if base.endswith(end) and len(base) - len(end) >= min_stem:
                forms.append(base[: -len(end)])
    return tuple(dict.fromkeys(forms))
