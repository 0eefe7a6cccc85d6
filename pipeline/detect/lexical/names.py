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

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.detect.lexical.name_cues import cue_slots
from pipeline.detect.lexical.name_repeats import repeats
from pipeline.detect.lexical.name_runs import bridge, extend, run_score, split_words, trim, vocative
from pipeline.detect.lexical.name_words import Kind, capital_mid, classify
from pipeline.detect.results import make_result
from pipeline.fi.tokens import Token, lines_of, tokenize

ENTITY = "PERSON"


def line_hits(toks: Sequence[Token]) -> list[tuple[int, int, float, str]]:
    """PERSON spans (start, end, score, reason) in one line of tokens."""
    infos = [classify(t.text) for t in toks]
    split_words(toks, infos)
    slots = cue_slots(toks, infos)
    namey = [inf.kind >= Kind.WEAK or i in slots or bridge(toks, infos, i)
             or (inf.kind == Kind.UNKNOWN and capital_mid(toks, i)) for i, inf in enumerate(infos)]
    hits, i = [], 0
    while i < len(toks):
        if not namey[i]:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and namey[j] and not toks[j - 1].ends_sentence:
            j += 1
        run = trim(infos, range(i, j), slots)
        score, reason = run_score(toks, infos, run, slots) if run else (0.0, "")
        if reason == "vocative":  # only the word said alone between pauses
            hits += [(toks[k].start, toks[k].end, score, reason) for k in run
                     if vocative(toks, infos, k)]
        elif score > 0:
            run = extend(toks, infos, run)
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
