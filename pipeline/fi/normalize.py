"""Spoken Finnish → a stream of typed tokens (digits, letters, separators, words).

``normalize("nolla neljä nolla viiva kaksikymmentäkolme")`` gives digit tokens 0 4 0, a
separator and digits 2 3, each carrying the character span of the word it came from, so a
recognizer can match on the digits and report the words. Number words follow the full
grammar of :mod:`pipeline.fi.numberwords`; a number word read in an identifier gives its digits
("kolmetoista" → 1 3). Letters are read by their Finnish names ("tee" → T).

ASR near-misses of number words ("satakalme", "yteksan") become digits marked ``fuzzy``, but
only where believable: a garbled word that Voikko knows as an ordinary Finnish word ("kasvi",
"kolmeen") counts as a number only between two numbers, and an unknown one only next to a
number or when it holds an exact number morpheme of four letters or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.fi import lexicon
from pipeline.fi.numberwords import MULTIPLIERS, combine, fold, parse_exact, parse_fuzzy

KINDS = ("digit", "letter", "sep", "at", "dot", "plus", "word")


@dataclass(frozen=True)
class Token:
    """One normalised unit of the text; ``start``/``end`` are the span of its source word.

    ``fuzzy`` marks digits read from an approximate match of a garbled number word.
    """

    kind: str
    value: str
    start: int
    end: int
    fuzzy: bool = False


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
class _Item:
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


def _classify_letters(seg: str, start: int, word: int, in_code: bool) -> _Item:
    """Classify a run of letters: keyword, letter(s), number word, candidate or word."""
    low = seg.lower()
    end = start + len(seg)
    if (in_code and len(seg) <= 2) or (seg.isupper() and 2 <= len(seg) <= 3):
        return _Item("letters", seg.upper(), start, end, word)
    if low in KEYWORDS:
        kind, value = KEYWORDS[low]
        return _Item(kind, value, start, end, word)
    if low in LETTER_NAMES or len(low) == 1:
        return _Item("letters", LETTER_NAMES.get(low, low.upper()), start, end, word)
    atoms = parse_exact(low)
    if atoms is not None:
        return _Item("num", low, start, end, word, atoms)
    atoms = _inflected_number(low)
    if atoms is not None:  # "neljät", "kahden": a number word in another case, exactly
        return _Item("cand", low, start, end, word, atoms, True, True, 0)
    guess = parse_fuzzy(low)
    if guess is not None:
        return _Item("cand", low, start, end, word, guess.atoms, True, guess.anchored,
                     guess.edits)
    for cut in (1, 2):  # a letter or two of the next word glued on: "ysin", "seitsemänsä"
        atoms = parse_exact(low[:-cut]) if len(low) - cut >= 3 * cut else None
        if atoms is not None:
            return _Item("cand", low, start, end, word, atoms, True, False, cut)
    if _near_separator(low):
        return _Item("sepcand", low, start, end, word, fuzzy=True)
    return _Item("word", low, start, end, word)


_SEPARATOR_FORMS = tuple(fold(w) for w, (kind, _) in KEYWORDS.items()
                         if kind == "sep" and len(fold(w)) >= 4)


def _near_separator(word: str) -> bool:
    """Return True for a word within one edit of a dash word ("viyva", "miiva", "viivä")."""
    f = fold(word)
    return len(f) >= 4 and any(Levenshtein.distance(f, form, score_cutoff=1) <= 1
                               for form in _SEPARATOR_FORMS)


def _items(text: str) -> list[_Item]:
    """Cut the text into words and the words into classified segments."""
    items: list[_Item] = []
    for w, match in enumerate(_WORD.finditer(text)):
        raw = match.group()
        in_code = any(c.isdigit() for c in raw)
        segs = list(_SEGMENT.finditer(raw))
        for n, seg in enumerate(segs):
            s, start = seg.group(), match.start() + seg.start()
            if s[0].isdigit():
                items.append(_Item("digits", s, start, start + len(s), w))
            elif s[0].isalpha():
                items.append(_classify_letters(s, start, w, in_code))
            elif s == "." and 0 < n < len(segs) - 1 and (
                    segs[n - 1].group()[0].isdigit() and segs[n + 1].group()[0].isdigit()):
                items.append(_Item("sep", ".", start, start + 1, w))  # "13.10.52", "040.123"
            elif s in _PUNCT:
                kind, value = _PUNCT[s]
                items.append(_Item(kind, value, start, start + len(s), w))
    return items


_JOINABLE = frozenset({"word", "cand", "sepcand"})


def _joined(a: _Item, b: _Item, text: str) -> _Item | None:
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
    return _Item("num", glued, a.start, b.end, a.word, atoms, fuzzy=True)


def _join_splits(items: list[_Item], text: str) -> list[_Item]:
    """Glue number words split in two by ASR (see :func:`_joined`); renumber the words."""
    out: list[_Item] = []
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


def _garble(item: _Item) -> bool:
    """Return True for a word of three letters or more that Voikko does not know."""
    return item.kind == "word" and len(item.value) >= 3 and item.value.isalpha() and (
        not known_word(item.value))


def _neighbour(items: list[_Item], k: int, step: int) -> _Item | None:
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


_NUMERIC = frozenset({"digits", "num"})


def _believe(items: list[_Item], k: int) -> bool:
    """Decide whether the fuzzy number candidate at ``k`` is read as a number.

    An unknown word needs an exact morpheme of four letters or more, or a number (or another
    candidate) next to it. A word Voikko knows needs numbers on both sides, or on one
    side when it differs from a number word only by folding ("nollaa", "yhdeksään").
    """
    item = items[k]
    sides = [_neighbour(items, k, -1), _neighbour(items, k, 1)]
    numeric = [n is not None and n.kind in _NUMERIC for n in sides]
    if known_word(item.value):
        return all(numeric) or (item.edits == 0 and any(numeric))
    if item.anchored or any(numeric):
        return True
    return any(n is not None and n.kind == "cand" for n in sides)


def _resolve(items: list[_Item]) -> list[_Item]:
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
            numeric = all(n is not None and n.kind in _NUMERIC for n in sides)
            out[k] = (replace(item, kind="sep", value="-") if numeric
                      else replace(item, kind="word", fuzzy=False))
        elif item.kind == "word" and item.value in COUNTRY_WORDS and k + 1 < len(items) and (
                items[k + 1].kind in {"digits", "num", "cand"}):
            out[k] = replace(item, kind="letters", value=COUNTRY_WORDS[item.value])
    return out


def _number_tokens(items: list[_Item], group: list[int], breaks: frozenset[int],
                   joins: list[int]) -> list[Token]:
    """Combine the number words at ``group`` (adjacent items) into digit tokens.

    Appends to ``joins`` the items that joined a number across a word boundary.
    """
    chunks, orphans, joined = combine([(a, k) for k in group for a in items[k].atoms], breaks)
    joins.extend(joined)
    placed: list[tuple[int, list[Token]]] = []
    for chunk in chunks:
        span = items[chunk.first:chunk.last + 1]
        fuzzy = any(i.fuzzy for i in span)
        placed.append((chunk.first, [Token("digit", d, span[0].start, span[-1].end, fuzzy)
                                     for d in chunk.digits]))
    for k in orphans:  # a multiplier that bound to nothing is an ordinary word
        placed.append((k, [Token("word", items[k].value, items[k].start, items[k].end)]))
    placed.sort(key=lambda p: p[0])
    return [t for _, toks in placed for t in toks]


def _emit(item: _Item) -> list[Token]:
    if item.kind == "digits":
        return [Token("digit", d, item.start, item.end) for d in item.value]
    if item.kind == "letters":
        return [Token("letter", c, item.start, item.end) for c in item.value]
    return [Token(item.kind, item.value, item.start, item.end, item.fuzzy)]


def _tokens(items: list[_Item], breaks: frozenset[int]) -> tuple[list[Token], list[int]]:
    """Emit the tokens of classified items; also return the ambiguous cross-word joins."""
    tokens: list[Token] = []
    joins: list[int] = []
    group: list[int] = []
    for k, item in enumerate(items):
        if item.kind == "num" and (not group or items[group[-1]].word >= item.word - 1):
            group.append(k)
            continue
        if group:
            tokens.extend(_number_tokens(items, group, breaks, joins))
            group = []
        if item.kind == "num":
            group.append(k)
        else:
            tokens.extend(_emit(item))
    if group:
        tokens.extend(_number_tokens(items, group, breaks, joins))
    return tokens, joins


@lru_cache(maxsize=64)
def normalize(text: str) -> tuple[Token, ...]:
    """Return the token stream of ``text`` (see the module docstring)."""
    return tuple(_tokens(_resolve(_join_splits(_items(text), text)), frozenset())[0])


_CHAR = {"digit": None, "letter": None, "sep": "-", "plus": "+"}


@lru_cache(maxsize=1024)
def readings(text: str, max_joins: int = 6) -> tuple[str, ...]:
    """Return the digit-and-letter strings ``text`` can be read as, the usual reading first.

    Each string has one character per digit, letter (upper case), separator ("-") or plus;
    words are left out. The readings differ in whether a number word joins the number
    before it across a word boundary: "nolla kaksikymmentä yksi" is "021" or "0201" (a
    group "020" and a final "1"). Checksum validators try them all; at most ``max_joins``
    ambiguous joins are varied (64 readings).
    """
    items = _resolve(_join_splits(_items(text), text))
    _, joins = _tokens(items, frozenset())
    joins = joins[:max_joins]
    out: dict[str, None] = {}
    for mask in range(1 << len(joins)):
        breaks = frozenset(j for b, j in enumerate(joins) if mask >> b & 1)
        tokens, _ = _tokens(items, breaks)
        out["".join(_CHAR[t.kind] or t.value for t in tokens if t.kind in _CHAR)] = None
    return tuple(out)
