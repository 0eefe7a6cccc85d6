"""Spoken identifiers, word by word: classify each piece of a word, then settle the guesses.

:func:`classify` cuts a text into words and each word into classified pieces (:class:`Item`):
digits, letter names ("tee" → T), separator / at / dot words ("viiva", "ät", "piste"), exact
number words ("num"), fuzzy number-word candidates ("cand": "satakalme") and ordinary words.
:func:`join_splits` glues a number word that ASR split in two ("se itsemän"), and
:func:`resolve` decides which candidates are believed as numbers from their neighbours.
:mod:`pipeline.fi.normalize` turns the result into tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.fi import lexicon
from pipeline.fi.folds import fold_number_word
from pipeline.fi.numberwords import MULTIPLIERS, parse_exact, parse_fuzzy

LETTER_NAMES: dict[str, str] = dict(lexicon.table("letter_names", "both", "normalize"))
KEYWORDS: dict[str, tuple[str, str]] = {
    **{w: ("sep", "-") for w in ("viiva", "väliviiva", "tavuviiva", "miinus", "yhdysmerkki",
                                 "ajatusviiva")},
    "alaviiva": ("sep", "_"), "kauttaviiva": ("sep", "/"),
    "plus": ("plus", "+"), "plussa": ("plus", "+"),
    **{w: ("at", "@") for w in ("ät", "ätt", "æt", "at", "miukumauku", "kissanhäntä",
                                "ätmerkki")},
    "piste": ("dot", "."), "dot": ("dot", "."),
}
COUNTRY_WORDS = {"fi": "FI", "fii": "FI", "äfii": "FI", "efii": "FI", "äffii": "FI", "efi": "FI"}
_PUNCT = {"-": ("sep", "-"), "–": ("sep", "-"), "—": ("sep", "-"), "/": ("sep", "/"),
          "_": ("sep", "_"), "+": ("plus", "+"), "@": ("at", "@"), ".": ("dot", ".")}
_WORD = re.compile(r"\S+")
_SEGMENT = re.compile(r"\d+|[^\W\d_]+|\S")


@dataclass(frozen=True)
class Item:
    """One classified piece of a whitespace-separated word."""

    kind: str  # digits | letters | num | cand | word | sep | plus | at | dot
    value: str
    start: int
    end: int
    word: int
    atoms: tuple[tuple[str, int], ...] = ()
    fuzzy: bool = False
    anchored: bool = False
    edits: int = 0


def _classify_letters(seg: str, start: int, word: int, in_code: bool) -> Item:
    """Classify a run of letters: keyword, letter(s), number word, candidate or word."""
    low = seg.lower()
    end = start + len(seg)
    if (in_code and len(seg) <= 2) or (seg.isupper() and 2 <= len(seg) <= 3):
        return Item("letters", seg.upper(), start, end, word)
    if low in KEYWORDS:
        kind, value = KEYWORDS[low]
        return Item(kind, value, start, end, word)
    if low in LETTER_NAMES or len(low) == 1:
        return Item("letters", LETTER_NAMES.get(low, low.upper()), start, end, word)
    atoms = parse_exact(low)
    if atoms is not None:
        return Item("num", low, start, end, word, atoms)
    atoms = _inflected_number(low)
    if atoms is not None:  # "neljät", "kahden": a number word in another case, exactly
        return Item("cand", low, start, end, word, atoms, True, True, 0)
    guess = parse_fuzzy(low)
    if guess is not None:
        return Item("cand", low, start, end, word, guess.atoms, True, guess.anchored,
                     guess.edits)
    for cut in (1, 2):  # a letter or two of the next word glued on: "ysin", "seitsemänsä"
        atoms = parse_exact(low[:-cut]) if len(low) - cut >= 3 * cut else None
        if atoms is not None:
            return Item("cand", low, start, end, word, atoms, True, False, cut)
    if _near_separator(low):
        return Item("sepcand", low, start, end, word, fuzzy=True)
    return Item("word", low, start, end, word)


_SEPARATOR_FORMS = tuple(fold_number_word(w) for w, (kind, _) in KEYWORDS.items()
                         if kind == "sep" and len(fold_number_word(w)) >= 4)


def _near_separator(word: str) -> bool:
    """Return True for a word within one edit of a dash word ("viyva", "miiva", "viivä")."""
    f = fold_number_word(word)
    return len(f) >= 4 and any(Levenshtein.distance(f, form, score_cutoff=1) <= 1
                               for form in _SEPARATOR_FORMS)


def classify(text: str) -> list[Item]:
    """Cut the text into words and the words into classified segments."""
    out: list[Item] = []
    for w, match in enumerate(_WORD.finditer(text)):
        raw = match.group()
        in_code = any(c.isdigit() for c in raw)
        segs = list(_SEGMENT.finditer(raw))
        for n, seg in enumerate(segs):
            s, start = seg.group(), match.start() + seg.start()
            if s[0].isdigit():
                out.append(Item("digits", s, start, start + len(s), w))
            elif s[0].isalpha():
                out.append(_classify_letters(s, start, w, in_code))
            elif s == "." and 0 < n < len(segs) - 1 and (
                    segs[n - 1].group()[0].isdigit() and segs[n + 1].group()[0].isdigit()):
                out.append(Item("sep", ".", start, start + 1, w))  # "13.10.52", "040.123"
            elif s in _PUNCT:
                kind, value = _PUNCT[s]
                out.append(Item(kind, value, start, start + len(s), w))
    return out


_JOINABLE = frozenset({"word", "cand", "sepcand"})


def _joined(a: Item, b: Item, text: str) -> Item | None:
    """Return the number word that ``a`` and ``b`` make glued together, or None.

    ASR splits a number word at a syllable ("se itsemän", "no la", "kol me"): the two pieces
    are read as one when their concatenation is a number word up to folding and at least one
    piece is not a word Voikko knows. Two number words are left to the number grammar.
    """
    if (a.kind not in _JOINABLE and b.kind not in _JOINABLE) or not text[a.end:b.start].isspace():
        return None
    if not (a.value.isalpha() and b.value.isalpha()) or "num" in {a.kind, b.kind}:
        return None
    glued = a.value + b.value
    atoms = parse_exact(glued)
    if atoms is None:
        guess = parse_fuzzy(glued)
        if guess is None or guess.edits > 0:
            return None
        atoms = guess.atoms
    if atoms[0][0] in MULTIPLIERS or (known_word(a.value) and known_word(b.value)):
        return None  # a lone multiplier ("toi sta") is no number by itself
    return Item("num", glued, a.start, b.end, a.word, atoms, fuzzy=True)


def join_splits(items: list[Item], text: str) -> list[Item]:
    """Glue number words split in two by ASR (see :func:`_joined`); renumber the words."""
    out: list[Item] = []
    shift = 0
    k = 0
    while k < len(items):
        item = replace(items[k], word=items[k].word - shift) if shift else items[k]
        nxt = items[k + 1] if k + 1 < len(items) else None
        alone = nxt is not None and nxt.word == items[k].word + 1 and (
            k == 0 or items[k - 1].word != items[k].word) and (
            k + 2 >= len(items) or items[k + 2].word != nxt.word)
        glued = _joined(items[k], nxt, text) if alone and nxt is not None else None
        if glued is not None:
            out.append(replace(glued, word=item.word))
            shift += 1
            k += 2
            continue
        out.append(item)
        k += 1
    return out


@lru_cache(maxsize=20_000)
def _inflected_number(word: str) -> tuple[tuple[str, int], ...] | None:
    """Return the number morphemes of an inflected cardinal Voikko knows ("neljät" → 4)."""
    from pipeline.fi import morphology

    try:
        readings = morphology.analyse(word)
    except morphology.VoikkoUnavailableError:
        return None
    numbers = [parse_exact(a.baseform.lower()) for a in readings if a.wordclass == "lukusana"]
    if not numbers or None in numbers:  # an ordinal reading too ("kuudetta"): dates own it
        return None
    return numbers[0]


def known_word(word: str) -> bool:
    """Return True when Voikko knows ``word``; without Voikko, nothing is known."""
    from pipeline.fi import morphology

    try:
        return morphology.known(word)
    except morphology.VoikkoUnavailableError:
        return False


def _garble(item: Item) -> bool:
    """Return True for a word of three letters or more that Voikko does not know."""
    return item.kind == "word" and len(item.value) >= 3 and item.value.isalpha() and (
        not known_word(item.value))


def _neighbour(items: list[Item], k: int, step: int) -> Item | None:
    """Return the nearest item before/after ``k`` in a nearby word.

    Separators are skipped, and so is one unknown word (a garbled digit: "viis, neuvia
    seisäkus" still has a number before "seisäkus").
    """
    j = k + step
    garbles = 0
    while 0 <= j < len(items) and (items[j].kind == "sep" or (
            garbles < 1 and _garble(items[j]))):
        garbles += items[j].kind != "sep"
        j += step
    if not 0 <= j < len(items) or abs(items[j].word - items[k].word) > 2 + garbles:
        return None
    return items[j]


NUMERIC = frozenset({"digits", "num"})


def _believe(items: list[Item], k: int) -> bool:
    """Decide whether the fuzzy number candidate at ``k`` is read as a number.

    An unknown word needs an exact morpheme of four letters or more, or a number (or another
    candidate) next to it. A word Voikko knows needs numbers on both sides, or on one
    side when it differs from a number word only by folding ("nollaa", "yhdeksään").
    """
    item = items[k]
    sides = [_neighbour(items, k, -1), _neighbour(items, k, 1)]
    numeric = [n is not None and n.kind in NUMERIC for n in sides]
    if known_word(item.value):
        return all(numeric) or (item.edits == 0 and any(numeric))
    if item.anchored or any(numeric):
        return True
    return any(n is not None and n.kind == "cand" for n in sides)


def resolve(items: list[Item]) -> list[Item]:
    """Turn fuzzy candidates into numbers, dashes or words, and "fi" before a number into FI.

    Two passes: a candidate believed in the first pass is a number the second pass can lean
    on ("kuus kesi molla viis": "molla" makes "kesi" believable).
    """
    out = list(items)
    for _ in range(2):
        for k, item in enumerate(items):
            if item.kind == "cand" and out[k].kind != "num" and _believe(out, k):
                out[k] = replace(item, kind="num")
    for k, item in enumerate(items):
        if item.kind == "cand" and out[k].kind == "cand":
            out[k] = replace(item, kind="word", fuzzy=False)
    for k, item in enumerate(items):
        if item.kind == "sepcand":
            sides = [_neighbour(out, k, -1), _neighbour(out, k, 1)]
            numeric = all(n is not None and n.kind in NUMERIC for n in sides)
            out[k] = (replace(item, kind="sep", value="-") if numeric
                      else replace(item, kind="word", fuzzy=False))
        elif item.kind == "word" and item.value in COUNTRY_WORDS and k + 1 < len(items) and (
                items[k + 1].kind in {"digits", "num", "cand"}):
            out[k] = replace(item, kind="letters", value=COUNTRY_WORDS[item.value])
    return out
