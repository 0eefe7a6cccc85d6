"""Context-triggered redaction: the answer to a request for personal data.

When someone asks for (or starts to give) personal data, the answer that follows is marked
even if nothing in it was recognised. The request is found by its cue words
(:mod:`pipeline.detect.lexical.context_cues`: "henkilötunnuksesi", "puhelin numeronne").
The answer is the rest of the cue's line when it goes on with content ("henkilötunnukseni
on ..."); when the line asks (a question word, "?", a second-person possessive, or the cue
near the line's end), the words after the question's end on the same line (mono calls:
"...tunnuksesi? Joo, se on ..."), or else, if the cue is near the line's end, the next turn
that is more than an acknowledgement. Leading filler ("joo se on") is not marked; at most
``max_words`` words are (fewer for names and dates), extended while the words still look
like a spoken identifier (digits, number words, letter names, "viiva", "ät", "piste").
"""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.detect.lexical.context_cues import (
    ADDRESS,
    CUES,
    DOB,
    EMAIL,
    PERSON,
    STRICT_CUES,
    cue_entity,
    cues_in,
)
from pipeline.detect.results import make_result
from pipeline.fi import lexicon
from pipeline.fi import morphology as m
from pipeline.fi.numberwords import parse_fuzzy
from pipeline.fi.tokens import Token, lines_of, tokenize

SCORE = 0.5
TYPE_LIMITS = {PERSON: 5, DOB: 8}
LONG_TYPES = frozenset({EMAIL, ADDRESS})
STREETS = lexicon.entries("street_suffixes", "both", "context")
QUESTION_WORDS = frozenset({
    "mikä", "mitä", "mikäs", "mikähän", "mistä", "missä", "milloin", "mihin", "minne", "kuka",
    "kenen", "millä", "mille", "voisitko", "voisitteko",
    "voitko", "voitteko", "kertoisitko", "kertoisitteko", "kertoa", "kertoo", "saisinko",
    "saanko", "saisin", "sanoisitko", "sanoisitteko", "tarvitsen", "tarvitsisin", "tarvitaan",
    "tarvittaisiin", "pyytäisin", "pyydän", "vahvistaa", "vahvistaisitko", "tarkistaa",
    "onko", "olisiko", "antaa", "antaisitko", "antaisitteko", "ilmoittaa"})
ACKS = lexicon.words("acknowledgements")
GLUE = frozenset({"se", "on", "olisi", "oli", "ois", "eli", "siis", "että", "mun", "minun",
                  "meidän", "niin", "joo", "juu", "kyllä", "no", "öö", "tota", "se on",
                  "olen", "oon", "mä", "minä"})
# a sentence end this close after a cue ends the question; the answer may follow on the line
QUESTION_TAIL = 6
# the answer is looked for in the next turn only when the cue is this close to its line's end
NEXT_TURN_WITHIN = 10
BREAKERS = frozenset({"jotta", "että", "koska", "kun", "jos", "ja", "mutta", "vai", "tai"})
SPOKEN_ID = frozenset(lexicon.table("letter_names", "both", "context")) | frozenset({
    "ää", "öö", "viiva", "miinus", "piste", "väli", "plus", "ät", "alaviiva", "kauttaviiva",
    "yks", "kaks", "viis", "kuus", "seiska", "kasi", "ysi", "nolla", "nelonen", "vitonen",
    "kutonen", "kymppi", "fi"})


def line_asks(toks: Sequence[Token], at: int, text: str) -> bool:
    """Tell whether the cue's line asks for the data; ``text`` is the line after the cue."""
    if any(t.lower in QUESTION_WORDS for t in toks) or "?" in text:
        return True
    if at + 1 < len(toks) and toks[at + 1].lower in {"kiitos", "kiitoksia", "vielä", "please"}:
        return True  # "nimi kiitos", "sähköpostiosoite vielä"
    if any(a.possessive in {"2s", "2p"} for a in m.analyse(toks[at].text)):
        return True
    strict = bool(m.baseforms(toks[at].text) & STRICT_CUES) or toks[at].lower in STRICT_CUES
    return not strict and len(toks) - at <= 3


def id_like(tok: Token, prev_id: bool) -> bool:
    """Tell whether a word looks like part of a spoken identifier (after one, when ``prev_id``).

    Digits, letter names, "viiva"/"ät"/"piste", number words, and words Voikko does not know
    that read as garbled number words (or follow one).
    """
    low = tok.lower
    if any(ch.isdigit() for ch in low) or low in SPOKEN_ID or len(low) == 1:
        return True
    readings = m.analyse(low)
    if any(a.wordclass == "lukusana" for a in readings):
        return True
    # glued or misheard number words ("satakalme", "nulla", "kusikaheksan")
    return not readings and (prev_id or parse_fuzzy(low) is not None)


def _verb(tok: Token) -> bool:
    """Tell whether a word can only be a verb, adverb, conjunction or pronoun (no answer)."""
    classes = {a.wordclass for a in m.analyse(tok.text)}
    return bool(classes) and classes <= {"teonsana", "kieltosana", "seikkasana", "sidesana",
                                         "asemosana"}


def _answer_like(tok: Token, entity: str) -> bool:
    """Tell whether a word can begin an answer given in the asking line itself."""
    if id_like(tok, False):
        return True
    readings = m.analyse(tok.text)
    if not readings or tok.capitalised:
        return entity in {PERSON, EMAIL, ADDRESS}
    if entity == PERSON:
        return any(a.is_name for a in readings)
    if entity == ADDRESS:
        return any(a.wordclass == "paikannimi" for a in readings) or tok.lower.endswith(STREETS)
    return False


def _take(toks: Sequence[Token], start: int, limit: int, cap: int,
          breakers: frozenset[str] = BREAKERS) -> list[int]:
    """Return the indices of the answer that starts at ``start``.

    Leading glue is skipped; ``limit`` words are taken, then more while the words still look
    like a spoken identifier (up to ``cap``). A sentence end stops the answer unless a spoken
    number goes on after it ("... kolmatta. Tuhat yhdeksänsataa ...").
    """
    i = start
    while i < len(toks) and (toks[i].lower in GLUE or toks[i].lower in ACKS
                             or cue_entity(toks[i].text) is not None
                             or "syntyä" in m.baseforms(toks[i].text)):
        i += 1
    if i < len(toks) and (toks[i].lower in breakers or _verb(toks[i])):
        return []
    out: list[int] = []
    while i < len(toks) and len(out) < cap:
        if len(out) >= limit and not id_like(toks[i], id_like(toks[i - 1], False)):
            break
        if out and toks[i].lower in breakers:
            break
        out.append(i)
        if toks[i].ends_sentence and len(out) >= 2 and not (
                i + 1 < len(toks) and id_like(toks[i], False) and id_like(toks[i + 1], False)):
            break
        i += 1
    return out


def _question_end(toks: Sequence[Token], last: int) -> int | None:
    """Return where the sentence of the cue at ``last`` ends, if soon and not at line end."""
    for k in range(last, min(last + QUESTION_TAIL + 1, len(toks) - 1)):
        if toks[k].ends_sentence:
            return k
    return None


class ContextAnswerRecognizer(EntityRecognizer):
    """Marks the answer to a question for personal data (reason ``context``, score 0.5).

    ``max_words`` bounds each answer (5 for names, 8 for dates, 1.5x for e-mail and address);
    an answer that still looks like a spoken identifier may run on to 3x ``max_words``.
    """

    def __init__(self, max_words: int = 12, supported_language: str = "fi") -> None:
        """Build the recognizer; ``max_words`` 0 turns it off."""
        self.max_words = max_words
        super().__init__(supported_entities=sorted({e for e, _ in CUES.values()}),
                         supported_language=supported_language, name="ContextAnswerRecognizer")

    def load(self) -> None:
        """Nothing to load eagerly."""

    def _limits(self, entity: str) -> tuple[int, int]:
        n = self.max_words
        limit = n + n // 2 if entity in LONG_TYPES else min(n, TYPE_LIMITS.get(entity, n))
        return limit, (limit if entity == PERSON else max(limit, 3 * n))

    def _answers(self, text: str, lines: list[list[Token]]) -> dict[tuple[int, int], str]:
        """Map each marked (line, token index) to its entity."""
        marked: dict[tuple[int, int], str] = {}
        firm: set[tuple[int, int]] = set()
        for li, toks in enumerate(lines):
            for _first, last, entity in cues_in(toks):
                limit, cap = self._limits(entity)
                brk = BREAKERS - {"että"} if entity == EMAIL else BREAKERS  # "ät" heard "että"
                same = _take(toks, last + 1, limit, cap, brk)
                asked = [n for n, k in enumerate(same) if text[toks[k].end:toks[k].end + 1] == "?"]
                if asked:  # the rest of the question is no answer: what follows it may be
                    same = _take(toks, same[asked[0]] + 1, limit, cap, brk)
                eol = text.find("\n", toks[-1].end)
                asks = line_asks(toks, last, text[toks[last].end:eol if eol >= 0 else len(text)])
                if asks and not (same and _answer_like(toks[same[0]], entity)):
                    # "...henkilötunnuksesi niin tarkistan tiedot"; but once the question
                    # has ended ("...henkilötunnuksesi? Joo, se on ..."), the reply follows
                    end = _question_end(toks, last)
                    same = [] if end is None else _take(toks, end + 1, limit, cap, brk)
                    # the first thing asked is answered first ("nimesi ja hetusi? Matti ...")
                    marked.update({(li, k): marked.get((li, k), entity) for k in same})
                    firm.update((li, k) for k in same)
                else:
                    marked.update({(li, k): entity for k in same if (li, k) not in firm})
                if not asks or len(toks) - last > NEXT_TURN_WITHIN:
                    continue  # the line went on: its own words were the answer, if any
                if sum(id_like(toks[k], True) for k in same) >= 3:
                    continue
                for nxt in range(li + 1, min(li + 3, len(lines))):
                    if all(t.lower in ACKS for t in lines[nxt]):
                        continue
                    marked.update({(nxt, k): entity
                                   for k in _take(lines[nxt], 0, limit, cap, brk)})
                    break
        return marked

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Return the answers that follow requests for personal data in ``text``."""
        if self.max_words <= 0:
            return []
        lines = lines_of(tokenize(text))
        marked = self._answers(text, lines)
        results: list[RecognizerResult] = []
        for (li, k), entity in sorted(marked.items()):
            if entities and entity not in entities:
                continue
            tok = lines[li][k]
            prev = results[-1] if results else None
            if prev and prev.entity_type == entity and (li, k - 1) in marked \
                    and marked[(li, k - 1)] == entity:
                prev.end = tok.end
                continue
            results.append(make_result(self, entity, tok.start, tok.end, SCORE, "context"))
        return results
