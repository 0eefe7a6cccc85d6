"""Name cues: the phrases after (or before) which a name stands ("nimeni on _", "_ täällä").

The phrases live in ``pipeline/fi/data/name_cues.txt``. :func:`cue_slots` finds the words in
a cue's name slot (up to three, skipping fillers): an ambiguous or unknown word there counts
as a name, but a common word only when capitalised mid-sentence ("Kiitos, hyvää päivää" is
no name), and an unknown word not when it is a misspelt ordinary word ("jotapäivää").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.detect.lexical.name_words import FILLERS, Kind, NameWord, capital_mid, classify
from pipeline.fi import lexicon
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.tokens import Token


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[tuple[str, ...], bool], ...]:
    """Name cues as (words, name_after); '_' in the data file marks the name's place."""
    cues = []
    for line in lexicon.lines("name_cues"):
        words = tuple(line.split())
        if "_" in words:
            after = words[-1] == "_"
            cues.append((tuple(w for w in words if w != "_"), after))
    return tuple(sorted(cues, key=lambda c: -len(c[0])))


def _window_ok(toks: Sequence[Token], j: int, info: NameWord, prev: NameWord | None) -> bool:
    """Tell whether word ``j`` may stand in a cue's name slot after ``prev`` (None: first).

    A common word counts only when capitalised mid-sentence (not "Kiitos, hyvää päivää").
    """
    if info.kind > Kind.WEAK:
        return True
    tok = toks[j]
    if info.kind >= Kind.UNKNOWN:
        return not _misspelt_common(tok.text)
    readings = m.analyse(tok.text)
    nominal = any(a.wordclass in {"nimisana", "nimisana_laatusana", "laatusana", "paikannimi"}
                  for a in readings)
    if nominal and capital_mid(toks, j):
        return True
    # a surname that is only a noun to Voikko ("matti kivi"), after an uninflected first name
    return (prev is not None and prev.first and prev.nominative
            and any(a.wordclass == "nimisana" and a.case == "nimento" for a in readings))


@lru_cache(maxsize=20_000)
def _misspelt_common(word: str) -> bool:
    """Tell whether an unknown word is one edit from ordinary words ("jotapäivää", "samoin")."""
    if len(word) < 5:  # short fragments are as often pieces of a name ("IW -tanen")
        return False
    folded = fold_spelling(word)
    for sug in m.suggest(word)[:3]:
        parts = sug.split()
        if Levenshtein.distance(folded, fold_spelling("".join(parts))) <= 1 and all(
                m.known(p) and classify(p).kind <= Kind.WEAK for p in parts):
            return True
    return False


def cue_slots(toks: Sequence[Token], infos: Sequence[NameWord]) -> set[int]:
    """Return the indices of words in a name cue's slot (at most 3 words per cue)."""
    low = [t.lower for t in toks]
    slots: set[int] = set()
    for words, after in cues():
        n = len(words)
        for i in range(len(toks) - n + 1):
            if tuple(low[i:i + n]) != words or toks[i + n - 1].ends_sentence and after:
                continue
            step, j = (1, i + n) if after else (-1, i - 1)
            taken, prev = 0, None
            while 0 <= j < len(toks) and taken < 3:
                if not after and toks[j].ends_sentence:
                    break  # the word ends an earlier sentence
                if low[j] in FILLERS:
                    j += step
                    continue
                if not _window_ok(toks, j, infos[j], prev if after else None):
                    break
                slots.add(j)
                taken, prev = taken + 1, infos[j]
                if (toks[j].ends_sentence and after) or (j > 0 and toks[j - 1].ends_sentence
                                                         and not after):
                    break
                j += step
    return slots
