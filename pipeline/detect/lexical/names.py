"""Finnish person names in ASR text: Voikko morphology, name cues and fuzzy matching.

A word is a *name word* when Voikko reads it as ``etunimi``/``sukunimi`` in any case or
inflection ("rautiaiselle" → Rautiainen), or its base form is in the bundled name lists. Many
names are also ordinary words ("Onni", "Tuuli", "Mäki", "Aho"): those *ambiguous* words count
only with support — a name cue ("nimeni on _", "kiitos _"), a neighbouring name word, a
first-name + surname pair, or a capital letter mid-sentence. Words Voikko does not know are
compared with known name forms after phonetic folding ("Birtanen" → Virtanen, reason
``fuzzy``); words split or glued by the recogniser are re-joined or split ("virta nen").
Adjacent name words become one span.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from rapidfuzz.distance import Levenshtein

from pipeline.detect.lexical.name_repeats import repeats
from pipeline.detect.lexical.name_words import DATA, SCORES, Kind, NameWord, classify, near_surname
from pipeline.detect.results import make_result
from pipeline.fi import lexicon
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.numberwords import parse_exact, parse_fuzzy
from pipeline.fi.tokens import Token, lines_of, tokenize

ENTITY = "PERSON"
FILLERS = lexicon.words("fillers", "hesitation", "names")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[tuple[str, ...], bool], ...]:
    """Name cues as (words, name_after); '_' in the data file marks the name's place."""
    cues = []
    for line in (DATA / "name_cues.txt").read_text(encoding="utf-8").splitlines():
        words = tuple(line.split("#", 1)[0].split())
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
    if nominal and _capital_mid(toks, j):
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
    for words, after in _cues():
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


def _split_words(toks: Sequence[Token], infos: list[NameWord]) -> None:
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


def _capital_mid(toks: Sequence[Token], i: int) -> bool:
    """Tell whether word ``i`` is in Title case and does not start a sentence or turn."""
    text = toks[i].text
    return (i > 0 and not toks[i - 1].ends_sentence and len(text) >= 3 and text[0].isupper()
            and text[1:].replace("-", "").islower())


def _vocative(toks: Sequence[Token], infos: Sequence[NameWord], i: int) -> bool:
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


def _run_score(toks: Sequence[Token], infos: Sequence[NameWord], run: range,
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
    if any(_vocative(toks, infos, i) for i in run):
        return SCORES["vocative"], "vocative"
    if pair:
        weak = Kind.WEAK in kinds
        return (SCORES["weak-pair"] if weak else SCORES["pair"]), "fuzzy" if weak else "pair"
    if any(_capital_mid(toks, i) and not infos[i].place and infos[i].kind == Kind.AMBIGUOUS
           for i in run):
        return SCORES["capitalised"], "capitalised"
    if any(_capital_mid(toks, i) and infos[i].kind in (Kind.UNKNOWN, Kind.WEAK) for i in run):
        return SCORES["capitalised-unknown"], "capitalised"
    return 0.0, ""


GLUED = frozenset({"glued", "fuzzy"})  # reasons of one word read as first name + surname


def _extend(toks: Sequence[Token], infos: Sequence[NameWord], run: range) -> range:
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


def _trim(infos: Sequence[NameWord], run: range, slots: set[int]) -> range:
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


def _bridge(toks: Sequence[Token], infos: Sequence[NameWord], i: int) -> bool:
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


def line_hits(toks: Sequence[Token]) -> list[tuple[int, int, float, str]]:
    """PERSON spans (start, end, score, reason) in one line of tokens."""
    infos = [classify(t.text) for t in toks]
    _split_words(toks, infos)
    slots = cue_slots(toks, infos)
    namey = [inf.kind >= Kind.WEAK or i in slots or _bridge(toks, infos, i)
             or (inf.kind == Kind.UNKNOWN and _capital_mid(toks, i)) for i, inf in enumerate(infos)]
    hits, i = [], 0
    while i < len(toks):
        if not namey[i]:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and namey[j] and not toks[j - 1].ends_sentence:
            j += 1
        run = _trim(infos, range(i, j), slots)
        score, reason = _run_score(toks, infos, run, slots) if run else (0.0, "")
        if reason == "vocative":  # only the word said alone between pauses
            hits += [(toks[k].start, toks[k].end, score, reason) for k in run
                     if _vocative(toks, infos, k)]
        elif score > 0:
            run = _extend(toks, infos, run)
            hits.append((toks[run.start].start, toks[run.stop - 1].end, score, reason))
        i = j
    return hits


class FinnishNameRecognizer(EntityRecognizer):
    """Person names in Finnish (ASR) text, lower-case or cased, inflected or misspelt.

    Works without spaCy artefacts. Scores: 0.85–0.9 for Voikko names and supported pairs,
    0.7 after a name cue, 0.45–0.55 for fuzzy, paired or capitalised ambiguous words.
    """

    def __init__(self, supported_language: str = "fi") -> None:
        """Build the recognizer; Voikko and the name lists load on first use."""
        super().__init__(supported_entities=[ENTITY], supported_language=supported_language,
                         name="FinnishNameRecognizer")

    def load(self) -> None:
        """Nothing to load eagerly: Voikko opens lazily, once per process."""

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Return PERSON spans in ``text``."""
        if entities and ENTITY not in entities:
            return []
        tokens = tokenize(text)
        hits = [h for toks in lines_of(tokens) for h in line_hits(toks)]
        hits += repeats(tokens, hits)
        return [make_result(self, ENTITY, start, end, score, reason)
                for start, end, score, reason in sorted(hits)]
