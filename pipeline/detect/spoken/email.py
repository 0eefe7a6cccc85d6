"""E-mail addresses, written ("liisa.virtanen@example.fi") or spoken.

Spoken: local-part words, "ät" (or "at", "miukumauku"), domain words joined by "piste",
and a top-level domain ("liisa piste virtanen ät gmail piste com"). Both forms normalise to
the same tokens, so one rule serves both: an at sign with at least one local-part token on
its left (up to three words back, stopping at ordinary function words and cue words) and a
domain on its right. The span covers the whole address.

Scores: a domain with a dot and a known top-level domain 0.9; a dotted domain with another
last label 0.75; a lone domain word ("ät gmail") 0.6.

When the at sign itself was misheard ("eskelinenä saunalahti", "loppat, mailpiste kom"), a
word that names a mail service (fuzzily), has "mail" in it, or glues "piste" to a top-level
domain or a service ("pistekom", "gmailpiste") anchors the address instead: up to four
words of the same line before it (the local part) and three after it (the rest of the
domain) are marked, 0.5 ``fuzzy``, for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.detect.spoken.document import FILLERS, Document, Match
from pipeline.fi import lexicon
from pipeline.fi.normalize import Token

ENTITY = "EMAIL_ADDRESS"
TLDS = frozenset({"fi", "com", "net", "org", "eu", "se", "info", "io", "ax", "de", "uk", "nu",
                  "biz", "me", "kom", "komi", "dk", "no", "ee"})
STOP = lexicon.words("email_stop_words") | FILLERS
LOCAL_WORDS = 3
# mail services Finns use: the domain of a spoken address, even when the "ät" is lost
# (not those that are also ordinary words or company names: luukku, kotiposti, jippii)
PROVIDERS = ("gmail", "hotmail", "outlook", "yahoo", "icloud", "saunalahti", "elisanet",
             "suomi24", "welho", "protonmail", "mbnet", "dnainternet", "windowslive")
DOMAIN_TAIL = 3  # words after the anchor that may still be the domain ("piissä ja vii")
_PART = frozenset({"word", "digit", "letter"})


def _local_start(doc: Document, at: int) -> int | None:
    """Return the index of the first local-part token before the at sign, or None."""
    tokens, first, words = doc.tokens, None, 0
    last_span = None
    written = doc.text[tokens[at].start:tokens[at].end] == "@"
    for j in range(at - 1, -1, -1):
        tok = tokens[j]
        gap = doc.text[tok.end:tokens[j + 1].start]
        if tok.kind == "word" and (tok.value in STOP or tok.value.startswith("sähköpost")):
            break
        if tok.kind not in _PART | {"dot", "sep"} or "\n" in gap or (written and gap):
            break
        if (tok.start, tok.end) != last_span:
            words += 1
            last_span = (tok.start, tok.end)
        if words > LOCAL_WORDS:
            break
        first = j
    while first is not None and tokens[first].kind in {"dot", "sep"}:
        first = first + 1 if first + 1 < at else None
    return first


def _domain_end(tokens: tuple[Token, ...], at: int) -> tuple[int, float] | None:
    """Return (index of the last domain token, score) after the at sign, or None."""
    j = at + 1
    if j >= len(tokens) or tokens[j].kind not in _PART or tokens[j].value in STOP:
        return None
    last, labels, dots = j, [tokens[j].value], 0
    j += 1
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind in {"dot", "sep"} and j + 1 < len(tokens) and tokens[j + 1].kind in _PART:
            dots += tok.kind == "dot"
            labels.append(tokens[j + 1].value)
            last = j + 1
            j += 2
        elif tok.kind in _PART and (tok.start == tokens[last].start  # same written word
                                    or tok.kind == tokens[last].kind == "letter"):  # "äf ii"
            labels[-1] += tok.value
            last = j
            j += 1
        elif tok.kind == "word" and tok.value in TLDS and dots == 0:  # "ät gmail com"
            return j, 0.75
        else:
            break
    tld = labels[-1].lower()
    if dots and tld in TLDS:
        return last, 0.9
    return last, 0.75 if dots else 0.6


def find(doc: Document) -> Iterator[Match]:
    """Propose e-mail addresses around every at sign in the document."""
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.kind != "at":
            continue
        first = _local_start(doc, k)
        domain = _domain_end(tokens, k)
        if first is None or domain is None:
            continue
        last, value = domain
        yield Match(ENTITY, tokens[first].start, tokens[last].end, value, "pattern")


@lru_cache(maxsize=4096)
def domain_word(word: str) -> bool:
    """Tell whether ``word`` is a mail service's name, maybe misheard or glued to "piste"."""
    if len(word) < 4 or not word.isalnum():
        return False
    head, dot, tail = word.partition("piste")
    if "mail" in word or dot and (tail in TLDS or head in PROVIDERS):  # "mailpiste", "pistekom"
        return True
    return any(fuzz.ratio(p, word) >= 80 or (word.startswith(p) and len(word) <= len(p) + 6)
               for p in PROVIDERS)


def find_without_at(doc: Document) -> Iterator[Match]:
    """Propose addresses anchored on a mail-service word when no at sign was heard."""
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.kind != "word" or not domain_word(tok.value):
            continue
        first = k
        for j in range(k - 1, max(-1, k - 1 - LOCAL_WORDS - 1), -1):
            if tokens[j].kind not in _PART | {"sep"} or tokens[j].value in STOP \
                    or "\n" in doc.text[tokens[j].end:tokens[j + 1].start]:
                break
            first = j
        last = k
        for j in range(k + 1, min(len(tokens), k + 1 + DOMAIN_TAIL)):
            if tokens[j].kind not in _PART | {"sep"} or \
                    "\n" in doc.text[tokens[j - 1].end:tokens[j].start]:
                break
            last = j
        if first < k or last > k:
            yield Match(ENTITY, tokens[first].start, tokens[last].end, 0.5, "fuzzy")
