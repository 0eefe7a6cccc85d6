"""Name-likeness of single Finnish word forms, for :mod:`pipeline.detect.lexical.names`.

:func:`classify` tells whether a word is only a name in Voikko's lexicon ("Virtasella"), a name
and an ordinary word ("tuuli"), an unknown word close to a known name after phonetic folding
("birtanen" → Virtanen, checked against the bundled name lists and Voikko's suggestions), an
unknown word shaped like a -nen surname ("pätyselle"), two names glued together, or none of
these. The name lists in ``data/`` fill gaps in Voikko's lexicon (Nieminen, Kaija).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.fi import lexicon
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.tokens import Token

# the score of a name span by its reason, for names and name_repeats
SCORES = {"voikko": 0.85, "voikko-derived": 0.75, "glued": 0.85, "split": 0.85,
          "fuzzy": 0.45, "surname-shape": 0.45, "pair": 0.55, "weak-pair": 0.45, "cue": 0.7,
          "cue-strong": 0.9, "pair-strong": 0.9, "capitalised": 0.55, "capitalised-unknown": 0.4,
          "repeat": 0.6, "vocative": 0.45}
# an unknown word inflected like a -nen surname ("pätynen", "pätyselle"); not -inen, which
# is mostly a productive adjective ("serologinen", "tämäntasoisesta")
_SURNAME_SHAPE = re.compile(r"^[a-zäöå]{2,12}[aeouyäö](?:nen|s(?:en|elle|ella|ellä|elta|eltä"
                            r"|essa|essä|esta|estä|een|ena|enä|eksi))$")

# skipped between a name cue and the name; never the word before a name (fi/data/fillers.txt)
FILLERS = lexicon.words("fillers", "hesitation", "names")


class Kind(enum.IntEnum):
    """How name-like a single word is, weakest first."""

    COMMON = 0  # an ordinary word, or colloquial / filler
    UNKNOWN = 1  # Voikko does not know it and it resembles no name
    WEAK = 2  # resembles a name, but also (more) a common word
    AMBIGUOUS = 3  # a name and an ordinary word ("Tuuli", "Mäki")
    FUZZY = 4  # unknown word close to a known name ("Birtanen")
    STRONG = 5  # only a name reading ("Virtasella")


@dataclass(frozen=True)
class NameWord:
    """The name-likeness of one word form."""

    kind: Kind
    first: bool = False
    last: bool = False
    place: bool = False
    reason: str = ""
    nominative: bool = True  # may be an uninflected first name (only a surname inflects)


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (lexicon.words("first_names_fi"), lexicon.words("surnames_fi"),
            lexicon.words("colloquial_fi"))


_Index = tuple[list[str], list[tuple[str, bool]]]


@lru_cache(maxsize=1)
def _fuzzy_index() -> dict[str, _Index]:
    """Index folded name forms and stems (``virtanen``, ``virtase``, ``virtas``).

    Each maps to (name, is_first); grouped by initial letter ('' holds them all).
    """
    first, last, _ = _lists()
    index: dict[str, _Index] = {}
    for names, is_first in ((first, True), (last, False)):
        for name in sorted(names):
            forms = {name}
            if name.endswith("nen"):
                forms |= {name[:-3] + "se", name[:-3] + "s"}
            for form in (fold_spelling(f) for f in forms if len(f) >= 4):
                for key in ("", form[0]):
                    keys, vals = index.setdefault(key, ([], []))
                    keys.append(form)
                    vals.append((name, is_first))
    return index


def _closest_name(form: str, max_edits: int) -> tuple[int, bool] | None:
    """Return the edit distance to the nearest known name form, and whether it is a first name.

    Only names with the same initial are compared: the recogniser seldom mishears an onset.
    """
    keys, vals = _fuzzy_index().get(form[:1], ([], []))
    hit = process.extractOne(form, keys, scorer=Levenshtein.distance, score_cutoff=max_edits)
    return None if hit is None else (int(hit[1]), vals[hit[2]][1])


def _allowed(form: str) -> int:
    """Edits a misspelt name may have: 1, or 2 in a long word."""
    return 2 if len(form) >= 8 else 1


def _derived(reading: m.Analysis, names: set[str], word: str) -> bool:
    """Tell whether a common reading merely shadows a surname ("järvinen", "toivonen")."""
    base = reading.baseform.lower()
    if reading.wordclass == "teonsana":  # potential mood "toivonen", not "tuominen" (noun)
        return word.endswith("nen") and not word.endswith(("minen", "mänen"))
    return (base in names and base.endswith("inen")
            and not base.endswith(("lainen", "läinen")))


def _odd_plural(a: m.Analysis) -> bool:
    """Tell whether a plural name reading is nearly always an ordinary word ("kait").

    The comitative ("Liisoineen") and the Virtanens ("Virtaset", "Virtasille") stay names.
    """
    if not a.is_name or a.number != "plural" or a.case == "seuranto":
        return False
    return a.wordclass == "etunimi" or a.case == "osanto"


def _from_readings(word: str, readings: Sequence[m.Analysis]) -> NameWord:
    first_l, last_l, _ = _lists()
    kept = [a for a in readings if not _odd_plural(a)]
    if readings and not kept:  # only an odd plural of a name: colloquial ("kait"), or
        odd = readings[0]  # a misheard name ("harryt" for Harri): name-like, not sure
        return NameWord(Kind.WEAK, odd.wordclass == "etunimi", odd.wordclass == "sukunimi",
                        reason="plural-name")
    readings = kept
    bases = {a.baseform.lower() for a in readings}
    first = any(a.wordclass == "etunimi" for a in readings) or bool(bases & first_l)
    last = any(a.wordclass == "sukunimi" for a in readings) or bool(bases & last_l)
    place = any(a.wordclass == "paikannimi" for a in readings)
    if not (first or last):
        return NameWord(Kind.COMMON, place=place)
    names = {a.baseform.lower() for a in readings if a.is_name} | (bases & (first_l | last_l))
    common = [a for a in readings if not a.is_proper]
    real = [a for a in common if not _derived(a, names, word)]
    nominative = any(a.case == "nimento" for a in readings if a.is_name) or word in bases
    if real or (len(word) <= 3 and not bases & (first_l | last_l)):  # "art" (art. 12)
        return NameWord(Kind.AMBIGUOUS, first, last, place, "voikko", nominative)
    reason = "voikko-derived" if common else "voikko"
    return NameWord(Kind.STRONG, first, last, place, reason, nominative)


def _potential_only(word: str) -> bool:
    """Tell whether ``word`` is only a rare potential-mood verb form ("päätynen")."""
    return word.endswith("nen") and all(a.wordclass == "teonsana" for a in m.analyse(word))


def _fuzzy(word: str) -> NameWord:
    """Compare an unknown word with known names (folded), and with Voikko's suggestions.

    Edit distances on folded forms: the whole word may differ by 1 edit (2 when long), a stem
    with a case ending stripped by 1. A word that a common word fits as well, or that is
    short (< 6 folded letters, where one edit turns many words into names), is only WEAK.
    """
    folded = fold_spelling(word)
    best, first, last = 99, False, False
    for b_as in ("v", "p"):
        for k, form in enumerate(m.strip_endings(fold_spelling(word, b_as), min_stem=5)):
            hit = _closest_name(form, _allowed(form) if k == 0 else 1)
            if hit is not None and hit[0] < best:
                best, first, last = hit[0], hit[1], not hit[1]
    common = 99
    for sug in m.suggest(word)[:6]:
        if " " in sug:
            continue
        dist = Levenshtein.distance(folded, fold_spelling(sug))
        info = _from_readings(sug.lower(), m.analyse(sug))
        if info.kind >= Kind.AMBIGUOUS and dist <= _allowed(folded):
            if dist < best:
                best, first, last = dist, info.first, info.last
        elif m.known(sug) and not _potential_only(sug):
            common = min(common, dist)
    if best == 99:
        if _SURNAME_SHAPE.match(word) and common > 1:
            return NameWord(Kind.FUZZY, last=True, reason="surname-shape")
        return NameWord(Kind.UNKNOWN)
    kind = Kind.WEAK if common <= best or len(folded) < 6 else Kind.FUZZY
    return NameWord(kind, first, last, reason="fuzzy")


def _glued(word: str) -> NameWord | None:
    """Split an unknown word glued from two names ("mattivirtanen").

    A sure first name glued to a misspelt surname ("terhivainjo") is a FUZZY name.
    """
    for cut in range(3, len(word) - 2):
        left, right = (_from_readings(p, m.analyse(p)) for p in (word[:cut], word[cut:]))
        if left.kind >= Kind.AMBIGUOUS and right.kind >= Kind.AMBIGUOUS and left.first \
                and right.last and Kind.STRONG in (left.kind, right.kind):
            return NameWord(Kind.STRONG, left.first, right.last, reason="glued")
    for cut in range(4, len(word) - 4):
        left = _from_readings(word[:cut], m.analyse(word[:cut]))
        if left.kind == Kind.STRONG and left.first and not m.known(word[cut:]):
            right = _fuzzy(word[cut:])
            if right.kind >= Kind.WEAK:
                return NameWord(Kind.FUZZY, True, True, reason="fuzzy")
    return None


def _name_tail(word: str) -> NameWord | None:
    """Find a surname at the end of an unknown word ("nonjärvisen" for "Einon Järvisen").

    The recogniser glues the end of a first name onto the surname after it. The tail must be
    six letters or more and read only as a name (not "-mäki", "-virta", which end ordinary
    compounds too).
    """
    for cut in range(2, len(word) - 5):
        tail = word[cut:]
        info = _from_readings(tail, m.analyse(tail))
        if info.kind == Kind.STRONG and info.last:
            return NameWord(Kind.FUZZY, last=True, reason="fuzzy", nominative=info.nominative)
    return None


@lru_cache(maxsize=100_000)
def classify(word: str) -> NameWord:
    """Return how name-like one word form is (case-insensitive, any inflection)."""
    key = word.lower().strip("-'")
    if len(key) < 2 or not key.replace("-", "").replace("'", "").isalpha():
        return NameWord(Kind.COMMON)
    if "-" in key.strip("-"):  # "anna-liisa", "meri-tuuli"
        parts = [classify(p) for p in key.split("-") if p]
        if len(parts) > 1 and all(p.kind >= Kind.AMBIGUOUS for p in parts):
            return NameWord(Kind.STRONG, parts[0].first, parts[-1].last, reason="voikko")
    readings = m.analyse(key)
    if readings:
        return _from_readings(key, readings)
    if key in _lists()[2]:
        return NameWord(Kind.COMMON)
    if 7 <= len(key) <= 20 and (glued := _glued(key)) is not None:
        return glued
    if len(key) >= 8 and (tail := _name_tail(key)) is not None:
        return tail
    if len(key) < 4:
        return NameWord(Kind.UNKNOWN)
    return _fuzzy(key)


def near_surname(word: str) -> bool:
    """Tell whether a -nen word is one edit from a known surname ("rantainen" → Rantanen).

    Such a word may be an ordinary adjective; callers use it only next to a name.
    """
    key = word.lower()
    if len(key) < 7 or not key.endswith("nen") or not key.isalpha():
        return False
    hit = _closest_name(fold_spelling(key), 1)
    return hit is not None and not hit[1]


def colloquial() -> frozenset[str]:
    """Spoken forms and fillers Voikko does not know ("mä", "tota", "semmonen")."""
    return _lists()[2]


def capital_mid(toks: Sequence[Token], i: int) -> bool:
    """Tell whether word ``i`` is in Title case and does not start a sentence or turn."""
    text = toks[i].text
    return (i > 0 and not toks[i - 1].ends_sentence and len(text) >= 3 and text[0].isupper()
            and text[1:].replace("-", "").islower())
