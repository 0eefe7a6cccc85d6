"""Street addresses and postal codes, written or spoken.

A street is a compound ending in a street word in any case ("Puijonkadulla", "Takomotie",
"mannerheimin tie"). It is followed by a house number (1–3 digits, maybe a range "1-3"), a
staircase letter ("bee", "rappu A"), an apartment number ("asunto seitsemän"), a postal code
(five digits, "nolla nolla yksi sata") and a town. The span covers all of it.

Scores: street with a house number 0.85; a street alone only when capitalised mid-sentence
or after an address cue ("osoite", "asun"), 0.5; a postal code followed by a town (a place
Voikko knows, or a mid-sentence capital) or after a cue 0.7.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.detect.spoken.document import Document, Match
from pipeline.detect.spoken.nearby import measure_after, word_before
from pipeline.fi import lexicon, morphology
from pipeline.fi.normalize import Token

ENTITY = "ADDRESS"
_SUFFIX = "|".join(lexicon.entries("street_suffixes", "both", "address"))
_ENDING = r"(?:|n|a|ä|ta|tä|lla|llä|lle|lta|ltä|ssa|ssä|sta|stä|an|en|ä|lla|ksi|na|nä|lt|ll)"
_STREET = re.compile(rf"\w{{3,}}(?:{_SUFFIX}){_ENDING}")
_BARE = re.compile(rf"(?:{_SUFFIX}){_ENDING}")
CUES = ("osoit", "asun", "asuin", "asumme", "kotiosoit", "muut", "postinum", "katuosoit")
STAIR_WORDS = ("rappu", "porras", "porra", "talo")
FLAT_WORDS = ("as", "asunto", "asunnossa", "huoneisto", "ovi")


def _block(tokens: tuple[Token, ...], j: int) -> int:
    """Return the index after the consecutive digit tokens starting at ``j``."""
    while j < len(tokens) and tokens[j].kind == "digit":
        j += 1
    return j


def _is_word(tokens: tuple[Token, ...], j: int, stems: tuple[str, ...]) -> bool:
    return j < len(tokens) and tokens[j].kind == "word" and tokens[j].value.startswith(stems)


def proper_case(doc: Document, tok: Token) -> bool:
    """Return True when ``tok`` is capitalised mid-sentence (a name, not a sentence start)."""
    if not doc.text[tok.start].isupper():
        return False
    before = doc.text[:tok.start].rstrip(" ")
    return bool(before) and before[-1] not in ".!?\n"


def _town(doc: Document, j: int) -> bool:
    """Return True when token ``j`` is a town: a place Voikko knows, or a mid-sentence capital."""
    tokens = doc.tokens
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    if proper_case(doc, tokens[j]):
        return True
    try:
        return any(a.wordclass == "paikannimi" for a in morphology.analyse(tokens[j].value))
    except morphology.VoikkoUnavailableError:
        return False


def _short(tokens: tuple[Token, ...], j: int) -> int:
    """Return the end of a 1–3 digit number at ``j``, leaving a following postal code.

    Spoken digits of a house number and a postal code run together ("kaksitoista nolla nolla
    yksi sata"): six to eight digits are cut before their last five.
    """
    end = _block(tokens, j)
    n = end - j
    if n <= 3:
        return end
    if 6 <= n <= 8:
        return end - 5
    first = j + 1
    while first < end and tokens[first].start == tokens[j].start:
        first += 1
    return first if first - j <= 3 else j


def _house(tokens: tuple[Token, ...], j: int) -> int:
    """Return the index after a house number, staircase and apartment starting at ``j``."""
    end = _short(tokens, j)
    if end == j:
        return j
    if end + 1 < len(tokens) and tokens[end].kind == "sep" and tokens[end + 1].kind == "digit":
        end = _short(tokens, end + 1)  # "1-3"
    stair = end + _is_word(tokens, end, STAIR_WORDS)
    if stair < len(tokens) and tokens[stair].kind == "letter":
        end = stair + 1
    if _is_word(tokens, end, FLAT_WORDS):
        end += 1
    return _short(tokens, end)


def _postcode(doc: Document, j: int) -> int:
    """Return the index after a postal code (and town) starting at ``j``, or ``j``."""
    end = _block(doc.tokens, j)
    if end - j != 5:
        return j
    return end + 1 if _town(doc, end) else end


def _street_at(doc: Document, k: int) -> int | None:
    """Return the index of the first word of a street name ending at token ``k``, or None."""
    tok = doc.tokens[k]
    if tok.kind != "word":
        return None
    if _STREET.fullmatch(tok.value):
        return k
    prev = doc.tokens[k - 1] if k else None
    if (_BARE.fullmatch(tok.value) and prev is not None and prev.kind == "word"
            and prev.value.endswith("n") and len(prev.value) > 3):
        return k - 1  # "mannerheimin tie"
    return None


def _streets(doc: Document) -> Iterator[Match]:
    tokens = doc.tokens
    for k in range(len(tokens)):
        first = _street_at(doc, k)
        if first is None:
            continue
        end = _house(tokens, k + 1)
        start = tokens[first].start
        if end > k + 1 and not measure_after(doc, tokens[end - 1].end):
            after = _postcode(doc, end)
            end = after if after > end else end + _town(doc, end)
            yield Match(ENTITY, start, tokens[end - 1].end, 0.85, "pattern")
        elif first == k and (proper_case(doc, tokens[k]) or word_before(doc, start, CUES, 6)):
            yield Match(ENTITY, start, tokens[k].end, 0.5, "pattern")


def _postcodes(doc: Document) -> Iterator[Match]:
    tokens = doc.tokens
    for k in range(len(tokens)):
        if tokens[k].kind != "digit" or (k and tokens[k - 1].kind == "digit"):
            continue
        end = _block(tokens, k)
        if end - k != 5:
            continue
        start = tokens[k].start
        if _town(doc, end) or word_before(doc, start, CUES, 6):
            last = end if _town(doc, end) else end - 1
            yield Match(ENTITY, start, tokens[last].end, 0.7, "pattern")


def find(doc: Document) -> Iterator[Match]:
    """Propose addresses and postal codes in the document."""
    yield from _streets(doc)
    yield from _postcodes(doc)
