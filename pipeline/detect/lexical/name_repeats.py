"""Other mentions of a name found surely elsewhere in the call, exactly or one edit away."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from pipeline.detect.lexical.name_words import SCORES, colloquial
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.tokens import Token

MIN_FUZZY_REPEAT = 4  # letters; a shorter misheard word is too often one edit from a name
REPEAT_FROM = 0.55  # names found at least this surely mark their other mentions
_NEVER_REPEAT = frozenset({"olla", "on", "ja", "se", "hei", "kiitos"})


def _forms(tok: Token) -> set[str]:
    return {tok.lower} | m.baseforms(tok.text)


def repeats(tokens: Sequence[Token], hits: Sequence[tuple[int, int, float, str]]
            ) -> list[tuple[int, int, float, str]]:
    """Find other mentions of a name found with confidence elsewhere in the transcript.

    Any inflection counts ("tässä on tuuli mäkinen" ... "selvä tuuli"); reason ``repeat``.
    """
    starts = [t.start for t in tokens]
    inside: set[int] = set()
    known: set[str] = set()
    for a, b, score, _ in hits:
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            inside.add(k)
            if score >= REPEAT_FROM and len(tokens[k].text) >= 3:
                known |= _forms(tokens[k])
    known -= _NEVER_REPEAT
    if not known:
        return []
    folded = {fold_spelling(f) for f in known if len(f) >= MIN_FUZZY_REPEAT}
    out = []
    for k, t in enumerate(tokens):
        if k in inside or len(t.text) < 3:
            continue
        if _forms(t) & known:
            out.append((t.start, t.end, SCORES["repeat"], "repeat"))
        elif _misheard_repeat(t, folded):
            out.append((t.start, t.end, SCORES["fuzzy"], "fuzzy"))
    return out


def _misheard_repeat(tok: Token, folded: set[str]) -> bool:
    """Tell whether an unknown word is one edit from a name found elsewhere ("menllä", Venla).

    Only words Voikko does not know count: a misheard name is rarely a real word.
    """
    if len(tok.text) < MIN_FUZZY_REPEAT or m.known(tok.text) or tok.lower in colloquial():
        return False
    word = fold_spelling(tok.lower)
    stems = {word, *(s for s in m.strip_endings(word, min_stem=MIN_FUZZY_REPEAT))}
    return any(Levenshtein.distance(s, f) <= 1 for s in stems for f in folded)
