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

from functools import lru_cache

from pipeline.fi.numberwords import combine
from pipeline.fi.spoken_items import KEYWORDS as KEYWORDS
from pipeline.fi.spoken_items import LETTER_NAMES as LETTER_NAMES
from pipeline.fi.spoken_items import Item, classify, join_splits, resolve
from pipeline.fi.spoken_items import known_word as known_word
from pipeline.fi.tokens import Token


def _number_tokens(items: list[Item], group: list[int], breaks: frozenset[int],
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
        placed.append((chunk.first, [Token(d, span[0].start, span[-1].end, kind="digit",
                                           fuzzy=fuzzy) for d in chunk.digits]))
    for k in orphans:  # a multiplier that bound to nothing is an ordinary word
        placed.append((k, [Token(items[k].value, items[k].start, items[k].end)]))
    placed.sort(key=lambda p: p[0])
    return [t for _, toks in placed for t in toks]


def _emit(item: Item) -> list[Token]:
    if item.kind == "digits":
        return [Token(d, item.start, item.end, kind="digit") for d in item.value]
    if item.kind == "letters":
        return [Token(c, item.start, item.end, kind="letter") for c in item.value]
    return [Token(item.value, item.start, item.end, kind=item.kind, fuzzy=item.fuzzy)]


def _tokens(items: list[Item], breaks: frozenset[int]) -> tuple[list[Token], list[int]]:
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
    return tuple(_tokens(resolve(join_splits(classify(text), text)), frozenset())[0])


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
    items = resolve(join_splits(classify(text), text))
    _, joins = _tokens(items, frozenset())
    joins = joins[:max_joins]
    out: dict[str, None] = {}
    for mask in range(1 << len(joins)):
        breaks = frozenset(j for b, j in enumerate(joins) if mask >> b & 1)
        tokens, _ = _tokens(items, breaks)
        out["".join(_CHAR[t.kind] or t.value for t in tokens if t.kind in _CHAR)] = None
    return tuple(out)
