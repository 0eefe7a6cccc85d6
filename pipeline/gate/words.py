"""What single words of a transcript may leak, for the release gate (:mod:`pipeline.gate.risks`).

Every test here reuses a lexicon or a fold the recognizers already use: number words are
read by :func:`pipeline.fi.normalize.normalize` (inflected and misheard forms included), letter
names and the at-sign words come from :mod:`pipeline.fi.normalize`, mail services from
:mod:`pipeline.detect.spoken.email`, names from :mod:`pipeline.detect.lexical.name_words`, health
terms from :mod:`pipeline.detect.lexical.health`. Pure functions, memoised per word or text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.detect.lexical.context import ACKS, GLUE, STREETS
from pipeline.detect.lexical.health import classify as health_class
from pipeline.detect.lexical.health import lexicon as health_lexicon
from pipeline.detect.lexical.name_words import Kind, colloquial
from pipeline.detect.lexical.name_words import classify as name_class
from pipeline.detect.spoken.document import FILLERS
from pipeline.detect.spoken.email import PROVIDERS, TLDS, domain_word
from pipeline.detect.spoken.nearby import unit_word
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_number_word, fold_spelling
from pipeline.fi.normalize import KEYWORDS, LETTER_NAMES, normalize
from pipeline.fi.numberwords import LEXICON, parse_fuzzy
from pipeline.redact.textmap import TextLayout

# words before a number that make it a time of day, not an identifier ("kello viisitoista")
CLOCK_WORDS = frozenset({"kello", "klo", "kellon", "kelloa"})
AT_WORDS = frozenset(w for w, (kind, _) in KEYWORDS.items() if kind == "at")
HEALTH_NEAR = 78  # fuzz.ratio on folded forms: a near miss the recognizer (86) let through
_WRITTEN_ADDRESS = re.compile(r"[^\W\d_]{2,}\.[^\W\d_]{2,}")


def core(text: str) -> str:
    """Return a word without edge punctuation, in lower case."""
    return text.strip("\"'“”‘’«»()[]{}<>.,;:!?…-–—*/\\").lower()


def filler(text: str) -> bool:
    """Tell whether a word carries nothing: acknowledgement, glue or hesitation."""
    low = core(text)
    return not low or low in ACKS or low in GLUE or low in FILLERS


@dataclass(frozen=True)
class Number:
    """A spoken or written number: the word indices it spans and its weight.

    ``weight`` counts number words, or digits when written with numerals ("123" weighs 3).
    ``plain`` is False for a quantity (a unit word follows: "kaksikymmentä euroa") or a time
    of day ("kello kolme"): such numbers are ordinary speech, not residue. ``amount`` is True
    for the quantities alone.
    """

    first: int
    last: int
    weight: int
    plain: bool
    amount: bool = False


def numbers(lay: TextLayout, words: Sequence[str]) -> list[Number]:
    """Return the numbers of the analysed text, as read by the project's normaliser."""
    groups: dict[tuple[int, int], int] = {}
    for tok in normalize(lay.text):
        if tok.kind == "digit":
            groups[(tok.start, tok.end)] = groups.get((tok.start, tok.end), 0) + 1
    out = []
    for (start, end), digits in sorted(groups.items()):
        idx = lay.words_touching(start, end)
        if not idx:
            continue
        written = any(ch.isdigit() for ch in lay.text[start:end])
        weight = digits if written else len(idx)
        clock, unit = _clock_before(lay, words, idx[0]), _unit_after(lay, words, idx[-1])
        out.append(Number(idx[0], idx[-1], weight, not (clock or unit), unit))
    return _quantities(out, lay, words)


def amounts(found: Sequence[Number]) -> frozenset[int]:
    """Return the word indices of the numbers said with a unit: amounts, not identifiers.

    "104,8 euroa", "90 prosenttia", "kaksi viikkoa"; a time of day is not an amount.
    """
    return frozenset(k for n in found if n.amount for k in range(n.first, n.last + 1))


def _same_line(lay: TextLayout, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n" not in lay.text[lay.ends[lo]:lay.starts[hi]]


def _clock_before(lay: TextLayout, words: Sequence[str], first: int) -> bool:
    before = core(words[first - 1]) if first > 0 and _same_line(lay, first - 1, first) else ""
    return before in CLOCK_WORDS


def _unit_after(lay: TextLayout, words: Sequence[str], last: int) -> bool:
    after = core(words[last + 1]) if last + 1 < len(words) and _same_line(
        lay, last, last + 1) else ""
    return bool(after) and unit_word(after)


def _quantities(found: list[Number], lay: TextLayout, words: Sequence[str]) -> list[Number]:
    """Mark a number right before a quantity as part of it ("sata kaksikymmentä euroa")."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        nxt = out[k + 1]
        if not nxt.plain and nxt.first == out[k].last + 1 and _same_line(
                lay, out[k].last, nxt.first):
            out[k] = Number(out[k].first, out[k].last, out[k].weight, False,
                            out[k].amount or nxt.amount)
    return out


def letter_word(text: str) -> bool:
    """Tell whether a word is a letter said by its Finnish name ("bee", "äks") or one letter."""
    low = core(text)
    return low in LETTER_NAMES or (len(low) == 1 and low.isalpha())


def email_word(text: str) -> bool:
    """Tell whether a word is an e-mail fragment: an at sign, a mail service, a written domain.

    "piste" alone is an ordinary word; it counts only before a top-level domain or a mail
    service (see :func:`email_pair`).
    """
    raw = text.strip().lower()
    low = core(text)
    if "@" in raw or low in AT_WORDS:
        return True
    if domain_word(low) or low in PROVIDERS:
        return True
    return bool(_WRITTEN_ADDRESS.search(raw)) and raw.rsplit(".", 1)[-1].strip(".,") in TLDS


def email_pair(first: str, second: str) -> bool:
    """Tell whether "piste" and the word after it read as a domain's dot and label."""
    nxt = core(second)
    return core(first) == "piste" and (nxt in TLDS or domain_word(nxt))


@lru_cache(maxsize=50_000)
def name_kind(text: str) -> Kind:
    """Return how name-like a word is (see :func:`pipeline.detect.lexical.name_words.classify`)."""
    return name_class(core(text)).kind


def unknown(text: str) -> bool:
    """Tell whether Voikko does not know a word of three letters or more (not colloquial)."""
    low = core(text)
    return (len(low) >= 3 and low.isalpha() and low not in colloquial()
            and low not in FILLERS and not m.known(low))


@lru_cache(maxsize=50_000)
def health_word(text: str) -> bool:
    """Tell whether a word is health data or a near miss of the health lexicon.

    Generic words (lääkäri, resepti) do not count alone. A word Voikko does not know counts
    when its folded form is close to a lexicon term (a looser cut-off than the recognizer's).
    """
    low = core(text)
    hit = health_class(low) if len(low) >= 3 else None
    if hit is not None:
        return hit[0] != "weak"
    if len(low) < 6 or not low.isalpha() or m.known(low) or low in colloquial():
        return False
    folded_terms = health_lexicon().folded[0]
    return any(process.extractOne(fold_spelling(form), folded_terms, scorer=fuzz.ratio,
                                  score_cutoff=HEALTH_NEAR) is not None
               for form in m.strip_endings(low)[:3])


@lru_cache(maxsize=50_000)
def garbled_common(text: str) -> bool:
    """Tell whether an unknown word is an ordinary word misheard, not a name or a street.

    True when Voikko does not know the word, it resembles no name (:func:`name_kind` below
    WEAK), and Voikko's first spelling suggestion is ordinary words only, within two edits
    ("äivitän" -> "päivitän", "osoiteesi" -> "osoitteesi", "joonnistunut" -> "jo
    onnistunut"), while none of the first four suggestions is a name or a street.
    """
    low = core(text)
    if not unknown(low) or name_kind(low) >= Kind.WEAK:
        return False
    suggestions = [s.lower() for s in m.suggest(low)[:4]]
    if not suggestions or Levenshtein.distance(low, suggestions[0]) > 2:
        return False
    for sug in suggestions:
        parts = sug.replace("-", " ").split()
        if sug.endswith(STREETS) or any(name_kind(p) >= Kind.AMBIGUOUS for p in parts):
            return False
    return all(m.known(p) for p in suggestions[0].replace("-", " ").split())


# an unknown word inflected like an -inen surname ("ilkaiskelinen", "järviisen"): the
# recognizers leave -inen alone (a productive adjective ending), but a word Voikko does not
# know with that ending is as likely a misheard surname (Eskelinen, Järvinen) as an adjective
_INEN_SHAPE = re.compile(r"[a-zäöå]{3,}i(?:nen|se(?:n|lle|lla|llä|lta|ltä|ksi|en)|st[aä]|si[aä])$")
# number words of four letters or more, folded as heard: a word that holds one is a number
# glued to a garble ("kategseiska", "kaivokatukolme")
_NUMBER_FORMS = tuple(sorted({fold_number_word(f) for f in LEXICON if len(f) >= 4}))


def surname_shaped(text: str) -> bool:
    """Tell whether a word Voikko does not know is shaped like an -inen surname, inflected."""
    low = core(text)
    return unknown(low) and bool(_INEN_SHAPE.search(low))


@lru_cache(maxsize=50_000)
def number_fragment(text: str) -> bool:
    """Tell whether a word Voikko does not know holds number words, glued or misheard.

    "kysikusysi" (ysi kuus ysi) parses as numbers; "kategseiska" and "bisnollaromaniä"
    hold one ("seiska", "nolla") glued to a garble.
    """
    low = core(text)
    if not unknown(low):
        return False
    folded = fold_number_word(low)
    return parse_fuzzy(low) is not None or any(f in folded for f in _NUMBER_FORMS)


@lru_cache(maxsize=50_000)
def name_prefixed(text: str) -> bool:
    """Tell whether a word Voikko does not know starts with a name ("tuulaket", "mattivir").

    Whisper glues a first name to the garbled surname after it; a prefix of four letters or
    more that reads only as a name, with at least two letters after it, marks the word.
    """
    low = core(text)
    if not unknown(low):
        return False
    return any(name_kind(low[:cut]) == Kind.STRONG for cut in range(4, len(low) - 1))
