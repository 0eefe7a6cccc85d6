"""Health data in Finnish (ASR) text: a lexicon matched on Voikko base forms.

``data/health_fi.txt`` lists diagnoses, symptoms, medicines (generic and brand), procedures,
care places and Kela benefits. A word matches on any of its base forms ("diabetesta",
"masennukseen"), as a compound whose head or first part is a health term ("rintasyöpä",
"diabeteshoitaja"), or — when Voikko does not know it — after stripping case endings
("metformiinia"), by a medicine-name suffix ("-statiini", "-sartaani") or fuzzily ("diapetes").
Generic words (lääkäri, terveyskeskus, resepti) count only in a turn with other health
evidence. Cues ("sairastan", "minulla on todettu", "lääkkeenä") raise the scores in their
turn and mark the next 1–3 content words even when the lexicon does not know them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from rapidfuzz import fuzz, process

from pipeline.detect.lexical.name_words import colloquial
from pipeline.detect.results import make_result
from pipeline.fi import lexicon as fi_lexicon
from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.tokens import Token, lines_of, tokenize

ENTITY = "HEALTH"
SCORES = {"diagnosis": 0.65, "medicine": 0.65, "procedure": 0.6, "place": 0.6, "benefit": 0.55,
          "symptom": 0.5, "compound": 0.55, "suffix": 0.45, "fuzzy": 0.45, "weak": 0.35,
          "cue": 0.5}
CUE_BOOST = 0.15
# base forms (or lower-case surface forms) whose next 1-3 content words are marked
MARKING_CUES = frozenset({"sairastaa", "sairastan", "todettu", "diagnosoida",
                          "diagnoosi", "diagnoosina", "lääkkeenä", "lääkettä", "lääkitys",
                          "lääkityksenä", "sairastunut", "sairastua"})
BOOST_CUES = MARKING_CUES | {"määrätä", "resepti", "hoitojakso", "sairausloma", "lähete", "lääkäri",
                             "potilas", "oire", "hoito", "kela", "apteekki", "sairaala"}
GLUE = frozenset({"on", "oli", "olla", "nimeltä", "eli", "se", "semmonen", "sellainen",
                  "tyypin", "jotain", "joku", "kanssa"})
STOP_CLASSES = frozenset({"teonsana", "sidesana", "kieltosana", "asemosana", "seikkasana"})
DRUG_SUFFIXES = ("statiini", "sartaani", "pratsoli", "olooli", "priili", "tsepaami",
                 "oksetiini", "mysiini", "silliini", "sykliini", "triptaani", "gliptiini",
                 "flotsiini", "tiatsidi", "setroni", "dipiini", "lukasti", "mabi", "nibi",
                 "tsolaami", "pramiini", "triptyliini", "kortisoni", "soloni", "tidiini")


@dataclass(frozen=True)
class Lexicon:
    """Health terms by category; ``multi`` maps word tuples; ``heads`` end compounds."""

    terms: dict[str, str]
    multi: dict[tuple[str, ...], str]
    heads: frozenset[str]
    weak: frozenset[str]
    folded: tuple[list[str], list[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read ``data/health_fi.txt`` once."""
    terms: dict[str, str] = {}
    multi: dict[tuple[str, ...], str] = {}
    heads: set[str] = set()
    weak: set[str] = set()
    for section, rows in fi_lexicon.sections("health_fi").items():
        for word in (w for line in rows for w in line.lower().split()):
            if section == "head":
                heads.add(word)
            elif section == "weak":
                weak.add(word)
            elif "_" in word:
                multi[tuple(word.split("_"))] = section
            else:
                terms.setdefault(word, section)
    keys = [w for w in terms if len(w) >= 6]
    return Lexicon(terms, multi, frozenset(heads), frozenset(weak),
                   ([fold_spelling(w) for w in keys], keys))


def _compound(base: str, lex: Lexicon) -> bool:
    """Tell whether ``base`` ends in a health head or starts with a specific health term."""
    if any(base.endswith(h) and len(base) >= len(h) + 3 for h in lex.heads):
        return True
    if any(base.endswith(t) and len(base) >= len(t) + 3 for t in _specific_terms()):
        return True  # a compound's last part is its head: "polventähystys" is a tähystys
    return any(base.startswith(t) and len(base) >= len(t) + 3 and len(t) >= 5
               and lex.terms[t] in {"diagnosis", "medicine"} for t in _prefixes(base, lex))


@lru_cache(maxsize=1)
def _specific_terms() -> tuple[str, ...]:
    """Terms long and specific enough to head a compound (not symptoms or places)."""
    return tuple(t for t, cat in lexicon().terms.items()
                 if len(t) >= 6 and cat in {"diagnosis", "medicine", "procedure"})


def _prefixes(base: str, lex: Lexicon) -> list[str]:
    return [base[:k] for k in range(5, len(base) - 2) if base[:k] in lex.terms]


def _unknown_word(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """Match a word Voikko does not know: stripped endings, drug suffix, fuzzy."""
    forms = m.strip_endings(word)
    for form in forms:
        if form in lex.terms:
            return lex.terms[form], "lexicon"
        if _compound(form, lex):
            return "compound", "compound"
    if any(f.endswith(DRUG_SUFFIXES) and len(f) >= 7 for f in forms):
        return "suffix", "suffix"
    if len(word) >= 8:
        for form in forms[:3]:
            hit = process.extractOne(fold_spelling(form), lex.folded[0], scorer=fuzz.ratio,
                                     score_cutoff=86)
            if hit:
                return "fuzzy", "fuzzy"
        for sug in m.suggest(word)[:4]:
            if m.baseforms(sug) & lex.terms.keys():
                return "fuzzy", "fuzzy"
    return None


@lru_cache(maxsize=100_000)
def classify(word: str) -> tuple[str, str] | None:
    """Return (category, reason) for a health word, or None; ``weak`` for generic words."""
    key = word.lower().strip("-")
    if len(key) < 3 or not key.replace("-", "").isalpha():
        return None
    lex = lexicon()
    bases = m.baseforms(key)
    for base in sorted(bases):
        if base in lex.terms:
            return lex.terms[base], "lexicon"
    if key in lex.terms:
        return lex.terms[key], "lexicon"
    if bases & lex.weak or key in lex.weak:
        return "weak", "lexicon"
    if any(_compound(b, lex) for b in bases):
        return "compound", "compound"
    if not bases and len(key) >= 5 and key not in colloquial():
        return _unknown_word(key, lex)
    return None


def _is_cue(tok: Token, cues: frozenset[str]) -> bool:
    return tok.lower in cues or bool(m.baseforms(tok.text) & cues)


def _cue_marks(toks: Sequence[Token]) -> set[int]:
    """Return the indices of up to three content words after each marking cue."""
    marks: set[int] = set()
    for i, tok in enumerate(toks):
        if not _is_cue(tok, MARKING_CUES) or tok.ends_sentence:
            continue
        taken, j = 0, i + 1
        while j < len(toks) and taken < 3:
            low = toks[j].lower
            classes = {a.wordclass for a in m.analyse(low)}
            if low in GLUE or m.baseforms(low) & GLUE or low in {"öö", "tota", "niinku"}:
                j += 1
                continue
            if (classes and classes <= STOP_CLASSES) or _is_cue(toks[j], MARKING_CUES):
                break
            marks.add(j)
            taken += 1
            if toks[j].ends_sentence:
                break
            j += 1
    return marks


def _modifier(tok: Token) -> bool:
    """Tell whether a word is a genitive noun that says what a health term concerns.

    "paksusuolen tähystys", "polven leikkaus": the organ is health data too.
    """
    if tok.ends_sentence or tok.comma_after:
        return False
    readings = m.analyse(tok.text)
    return bool(readings) and all(a.wordclass == "nimisana" and a.case == "omanto"
                                  for a in readings)


def _multi(toks: Sequence[Token], lex: Lexicon) -> list[tuple[int, int, str]]:
    """Multi-word terms ("korkea verenpaine") as (first, last, category)."""
    out = []
    for i, tok in enumerate(toks):
        firsts = {tok.lower} | m.baseforms(tok.text)
        for words, cat in lex.multi.items():
            n = len(words)
            if words[0] not in firsts or i + n > len(toks):
                continue
            if all(words[k] == toks[i + k].lower or words[k] in m.baseforms(toks[i + k].text)
                   for k in range(1, n)):
                out.append((i, i + n - 1, cat))
    return out


def line_hits(toks: Sequence[Token]) -> list[tuple[int, int, float, str]]:
    """HEALTH spans (start, end, score, reason) in one line of tokens."""
    lex = lexicon()
    found = {i: c for i, t in enumerate(toks) if (c := classify(t.text)) is not None}
    multi = _multi(toks, lex)
    marks = _cue_marks(toks)
    cue = any(_is_cue(t, BOOST_CUES) for t in toks)
    strong = any(cat != "weak" for cat, _ in found.values()) or bool(multi) or bool(marks)
    boost = CUE_BOOST if cue else 0.0
    hits = []
    for i, (cat, reason) in found.items():
        if cat == "weak" and not strong:
            continue
        score = min(SCORES[cat] + boost, 0.85)
        first = i - 1 if cat != "weak" and i > 0 and _modifier(toks[i - 1]) else i
        hits.append((toks[first].start, toks[i].end, round(score, 2), reason))
    for first, last, cat in multi:
        hits.append((toks[first].start, toks[last].end, min(SCORES[cat] + boost, 0.85),
                     "lexicon"))
    for i in sorted(marks - found.keys()):
        hits.append((toks[i].start, toks[i].end, SCORES["cue"], "cue"))
    return hits


class HealthRecognizer(EntityRecognizer):
    """HEALTH: diagnoses, symptoms, medicines, procedures, care places, Kela benefits."""

    def __init__(self, supported_language: str = "fi") -> None:
        """Build the recognizer; the lexicon and Voikko load on first use."""
        super().__init__(supported_entities=[ENTITY], supported_language=supported_language,
                         name="HealthRecognizer")

    def load(self) -> None:
        """Nothing to load eagerly."""

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Return HEALTH spans in ``text``."""
        if entities and ENTITY not in entities:
            return []
        results = []
        for toks in lines_of(tokenize(text)):
            for start, end, score, reason in line_hits(toks):
                results.append(make_result(self, ENTITY, start, end, score, reason))
        return results
