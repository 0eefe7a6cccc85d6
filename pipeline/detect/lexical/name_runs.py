"""Runs of name-like words in one line: re-join, trim, score and widen them.

:mod:`pipeline.detect.lexical.names` cuts a line into runs of adjacent name-like words; the
functions here re-join a name the recogniser split in two (:func:`split_words`), drop edge
words that do not fit a Finnish full name (:func:`trim`), score a run by what supports it
(:func:`run_score`: a cue, a Voikko name, a first-name + surname pair, a fuzzy match, a
vocative, a capital mid-sentence) and take in a misheard neighbour (:func:`extend`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.detect.lexical.name_words import (
    FILLERS,
    SCORES,
    Kind,
    NameWord,
    capital_mid,
    classify,
    near_surname,
)
from pipeline.fi import morphology as m
from pipeline.fi.numberwords import parse_exact, parse_fuzzy
from pipeline.fi.tokens import Token


def split_words(toks: Sequence[Token], infos: list[NameWord]) -> None:
    """Re-join a name the recogniser split in two ("virta nen", "korho -sen"), in place."""
    for i in range(len(toks) - 1):
        a, b = infos[i], infos[i + 1]
        if a.kind == Kind.STRONG or b.kind == Kind.STRONG or toks[i].ends_sentence:
            continue
        if not (b.kind <= Kind.WEAK or toks[i + 1].hyphen_lead or a.kind <= Kind.WEAK):
            continue
        both_known = m.known(toks[i].text) and m.known(toks[i + 1].text)
        if not both_known or toks[i + 1].hyphen_lead or len(toks[i + 1].text) <= 3:
            joined = classify(toks[i].lower + toks[i + 1].lower)
            if both_known and joined.kind < Kind.STRONG:
                continue  # two ordinary words glue into a name only if nothing else
            if joined.kind >= Kind.AMBIGUOUS and joined.reason.startswith("voikko") or (
                    joined.kind == Kind.FUZZY and joined.last and joined.reason == "fuzzy"
                    and len(toks[i].text) >= 2 and len(toks[i + 1].text) >= 4):
                infos[i] = infos[i + 1] = NameWord(joined.kind, joined.first, joined.last,
                                                   joined.place, "split")


def vocative(toks: Sequence[Token], infos: Sequence[NameWord], i: int) -> bool:
    """Tell whether word ``i`` is a name said alone between pauses ("Kiitos, leva, mukavaa").

    The recogniser writes the pauses around a name in address (or an inserted one) as commas.
    Counts: a word unknown to Voikko but close to a first name ("leva", "manko"), or an
    inflected surname that is also a common word ("viestin, karjalaiselle, mutta"). Not at a
    sentence start ("Selmä," for "selvä") nor among number words.
    """
    before = i > 0 and toks[i - 1].comma_after
    after = i == len(toks) - 1 or toks[i].comma_after or toks[i].ends_sentence
    info = infos[i]
    misheard = info.first and info.kind in (Kind.WEAK, Kind.FUZZY)
    shadowed = (info.last and info.kind == Kind.AMBIGUOUS and not info.nominative
                and not info.place)
    if not (before and after and (misheard or shadowed) and len(toks[i].text) >= 4):
        return False
    return not any(_numberish(t.lower) for t in toks[max(0, i - 1):i + 2])


def _numberish(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or parse_fuzzy(word) is not None


def run_score(toks: Sequence[Token], infos: Sequence[NameWord], run: range,
               slots: set[int]) -> tuple[float, str]:
    """Score one run of adjacent name-like words; 0 when nothing supports it."""
    kinds = [infos[i].kind for i in run]
    strong = [i for i in run if infos[i].kind == Kind.STRONG]
    cue = any(i in slots for i in run)
    pair = any(infos[i].first and infos[i].nominative and infos[j].last
               for i in run for j in run if j > i)
    if cue:
        return (SCORES["cue-strong"], "cue") if strong else (SCORES["cue"], "cue")
    if strong:
        best = max(SCORES.get(infos[i].reason, SCORES["voikko"]) for i in strong)
        return (SCORES["pair-strong"], infos[strong[0]].reason) if pair else (
            best, infos[strong[0]].reason)
    if Kind.FUZZY in kinds:
        reason = next(infos[i].reason for i in run if infos[i].kind == Kind.FUZZY)
        return (SCORES["pair"] if pair else SCORES[reason]), reason
    if any(vocative(toks, infos, i) for i in run):
        return SCORES["vocative"], "vocative"
    if pair:
        weak = Kind.WEAK in kinds
        return (SCORES["weak-pair"] if weak else SCORES["pair"]), "fuzzy" if weak else "pair"
    if any(capital_mid(toks, i) and not infos[i].place and infos[i].kind == Kind.AMBIGUOUS
           for i in run):
        return SCORES["capitalised"], "capitalised"
    if any(capital_mid(toks, i) and infos[i].kind in (Kind.UNKNOWN, Kind.WEAK) for i in run):
        return SCORES["capitalised-unknown"], "capitalised"
    return 0.0, ""


GLUED = frozenset({"glued", "fuzzy"})  # reasons of one word read as first name + surname


def extend(toks: Sequence[Token], infos: Sequence[NameWord], run: range) -> range:
    """Take in an unknown word right after a first name or right before a surname.

    A misheard surname next to a first name is taken in even when it is an ordinary word
    ("rantainen Yanne" for Rantanen Janne, "matti lehtainen"). A run that begins with one
    word holding both names ("mattivirtanen") is not extended.
    """
    lo, hi = run.start, run.stop
    if infos[lo].first and infos[lo].last and infos[lo].reason in GLUED:
        return run  # the run begins with a whole name: nothing before it is its first name
    if hi < len(toks) and infos[hi - 1].first and not toks[hi - 1].ends_sentence and (
            infos[hi].kind == Kind.UNKNOWN and len(toks[hi].text) >= 4
            or near_surname(toks[hi].text)):
        hi += 1
    if lo > 0 and not toks[lo - 1].ends_sentence and (
            infos[lo - 1].kind == Kind.UNKNOWN and infos[lo].last and len(toks[lo - 1].text) >= 4
            or infos[lo].first and near_surname(toks[lo - 1].text)
            or _misheard_first(toks, infos, lo)):
        lo -= 1
    return range(lo, hi)


def _misheard_first(toks: Sequence[Token], infos: Sequence[NameWord], lo: int) -> bool:
    """Tell whether the word before a lone surname may be its first name, misheard.

    A Finnish full name is said first name first; the recogniser often turns the first name
    into an ordinary word ("ero mäkelä", "sana hyönen", "hella fymmönen"). A noun, adjective
    or unknown word there is taken in (fail closed); verbs, pronouns, particles and cue
    words ("tässä", "on") are not.
    """
    surer_after = (lo + 1 < len(toks) and infos[lo + 1].last
                   and infos[lo + 1].kind >= Kind.AMBIGUOUS > infos[lo].kind)
    if not infos[lo].last or infos[lo].first or surer_after:
        return False
    prev = toks[lo - 1]
    if len(prev.lower) < 3 or prev.lower in FILLERS or parse_exact(prev.lower) is not None \
            or any(ch.isdigit() for ch in prev.lower):
        return False
    classes = {a.wordclass for a in m.analyse(prev.text)}
    return not classes or classes <= {"nimisana", "laatusana", "nimisana_laatusana", "etunimi",
                                      "sukunimi", "paikannimi"}


def trim(infos: Sequence[NameWord], run: range, slots: set[int]) -> range:
    """Drop ordinary-word readings at a run's edges that do not fit a full name's pattern.

    Only a surname inflects in a Finnish full name: a leading ambiguous word must be a first
    name in the nominative ("onni mäkiselle"), a trailing one a name after a first name
    ("liisa laine"); "päivää elisan" keeps only "elisan".
    """
    lo, hi = run.start, run.stop

    def loose(i: int) -> bool:
        return infos[i].kind in (Kind.AMBIGUOUS, Kind.WEAK) and i not in slots

    while hi - lo > 1 and loose(lo) and not (infos[lo].first and infos[lo].nominative):
        lo += 1
    while hi - lo > 1 and loose(hi - 1) and not (infos[hi - 1].last or infos[hi - 2].first):
        hi -= 1
    return range(lo, hi)


def bridge(toks: Sequence[Token], infos: Sequence[NameWord], i: int) -> bool:
    """Tell whether word ``i`` is a fragment of one or two letters inside a full name.

    The recogniser splits a first name ("johan i harju" for Juhani Harju): a fragment between
    a first-name word and a surname word joins them.
    """
    if not 0 < i < len(toks) - 1 or len(toks[i].text) > 2 or toks[i - 1].ends_sentence \
            or toks[i].ends_sentence:
        return False
    before, after = infos[i - 1], infos[i + 1]
    return (before.first and before.kind >= Kind.AMBIGUOUS and after.last
            and after.kind >= Kind.AMBIGUOUS)
