"""Answers to personal-data questions that were not bleeped, for :mod:`pipeline.gate.risks`.

Questions are found with the context recognizer's own cue machinery
(:mod:`pipeline.detect.lexical.context`: Voikko base forms, compound heads, fuzzy stems,
garbled "-tunnus" compounds), so the gate and the context bleeping never disagree on what a
question is. A cue *asks* when its line has a question word, "?", a second-person possessive
("henkilötunnuksesi"), or ends soon after it; a cue for an identifier (not a name, e-mail,
address or date, which are also said in passing) always counts as asking.

The answer to an asking cue is, in a stereo call, the other speaker's words that start within
``answer_seconds`` after the cue; in a mono call, the words after the question's end on the
same line and the next utterance (the next line that is more than an acknowledgement), within
``answer_seconds``. A cue that does not ask ("henkilötunnukseni on ...") is answered by the
rest of its own line. Exposed (unbleeped) answer words other than fillers are risk items;
once part of the answer is bleeped (by detection or by the fail-closed rule below), only the
exposed words that look like data (unknown, a name, a number, a street, an e-mail or health
word) still are.

Fail closed: three or more number-like words in the exposed answer to an identifier question
are bleeped (from the first to the last of them), and name words in the exposed answer to a
name question are bleeped; both are flagged for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.config import GateConfig
from pipeline.detect.lexical.context import STREETS
from pipeline.detect.lexical.context import id_like as _id_like
from pipeline.detect.lexical.context import line_asks as _asks
from pipeline.detect.lexical.context_cues import (
    CARD,
    CUES,
    CUSTOMER,
    DOB,
    HETU,
    IBAN,
    PERSON,
    PHONE,
    STRICT_CUES,
)
from pipeline.detect.lexical.context_cues import cues_in as _cues_in
from pipeline.detect.lexical.name_words import Kind
from pipeline.fi import morphology as m
from pipeline.gate.words import (
    core,
    email_word,
    filler,
    garbled_common,
    health_word,
    name_kind,
    unknown,
)
from pipeline.redact.textmap import TextLayout
from pipeline.schema import PiiSpan, Word

NUMERIC = frozenset({HETU, PHONE, IBAN, CUSTOMER, CARD, DOB})
MAX_ANSWER_WORDS = 12  # content words of one answer that are looked at
MIN_NUMBERS = 3  # number-like words in an identifier's answer that are bleeped
RECOGNIZER = "ReleaseGate"
EARLY = 0.3  # seconds an answer may start before the cue's end (overlapping speech)


@dataclass(frozen=True)
class Question:
    """A cue for personal data: the word index of its last word, the entity, whether it asks."""

    word: int
    entity: str
    asks: bool
    line_end: int  # word index of the last word of the cue's line
    question_end: int | None  # word index of the sentence end after the cue, if any


def _cues(toks: Sequence[m.Token]) -> list[tuple[int, int, str]]:
    """Cues of a line as (first, last, entity); a base form Voikko does not know ("hetu") too."""
    found = _cues_in(toks)
    taken = {k for first, last, _ in found for k in range(first, last + 1)}
    found += [(k, k, CUES[t.lower][0]) for k, t in enumerate(toks)
              if k not in taken and t.lower in CUES]
    return sorted(found)


def questions(lay: TextLayout) -> list[Question]:
    """Return every personal-data cue of the analysed text."""
    out = []
    for toks in m.lines_of(m.tokenize(lay.text)):
        idx = [lay.words_touching(t.start, t.end)[0] for t in toks]
        for _first, last, entity in _cues(toks):
            eol = lay.text.find("\n", toks[-1].end)
            after = lay.text[toks[last].end:eol if eol >= 0 else len(lay.text)]
            strict = bool(m.baseforms(toks[last].text) & STRICT_CUES) or toks[
                last].lower in STRICT_CUES
            asks = _asks(toks, last, after) or not strict and entity in NUMERIC
            end = next((k for k in range(last, len(toks) - 1) if toks[k].ends_sentence), None)
            out.append(Question(idx[last], entity, asks, idx[-1],
                                None if end is None else idx[end]))
    return out


def _answer_words(q: Question, words: Sequence[Word], lay: TextLayout, channels: int,
                  gate: GateConfig) -> tuple[list[int], list[int]]:
    """Return the answer to ``q`` as (words on the cue's own line, reply words).

    The own-line part runs from the cue to the question's end (or the line's end); the
    reply is empty for a cue that does not ask (see the module docstring).
    """
    cue = words[q.word]
    until = cue.end + gate.answer_seconds
    stop = q.line_end if q.question_end is None or not q.asks else q.question_end
    inline = [k for k in range(q.word + 1, stop + 1) if words[k].start <= until]
    if not q.asks:
        return inline, []
    if channels > 1:
        return inline, [k for k, w in enumerate(words) if w.channel != cue.channel
                        and cue.end - EARLY <= w.start <= until]
    out = []
    if q.question_end is not None:
        out += [k for k in range(q.question_end + 1, q.line_end + 1) if words[k].start <= until]
    k = q.line_end + 1
    while k < len(words) and words[k].start <= until:
        line = _line_from(lay, k)
        if not all(filler(words[j].text) for j in line):
            out += [j for j in line if words[j].start <= until]
            break
        k = line[-1] + 1
    return inline, out


def _line_from(lay: TextLayout, k: int) -> list[int]:
    """Return the word indices of the line (turn) that starts at word ``k``."""
    out = [k]
    while out[-1] + 1 < len(lay.starts) and "\n" not in lay.text[
            lay.ends[out[-1]]:lay.starts[out[-1] + 1]]:
        out.append(out[-1] + 1)
    return out


def _token(words: Sequence[Word], k: int) -> m.Token:
    text = core(words[k].text) or "_"
    return m.Token(text, 0, len(text), 0, k)


def _fail_closed(q: Question, words: Sequence[Word], content: list[int]) -> PiiSpan | None:
    """Return a bleep for answer words that are very likely the data asked for, or None."""
    if q.entity in NUMERIC:
        flags, prev = [], False
        for k in content:
            prev = _id_like(_token(words, k), prev)
            flags.append(prev)
        hits = [k for k, f in zip(content, flags, strict=True) if f]
        if len(hits) < MIN_NUMBERS:
            return None
    elif q.entity == PERSON:
        hits = [k for k in content if name_kind(words[k].text) >= Kind.FUZZY
                or (words[k].text[:1].isupper() and unknown(words[k].text))]
        if not hits:
            return None
    else:
        return None
    chosen = [words[k] for k in range(hits[0], hits[-1] + 1)
              if words[k].channel == words[hits[0]].channel]
    return PiiSpan(min(w.start for w in chosen), max(w.end for w in chosen), q.entity, 0.5,
                   RECOGNIZER, words[hits[0]].channel, reason="residue", review=True)


NO_ANSWER = frozenset({"teonsana", "kieltosana", "seikkasana", "sidesana", "asemosana",
                       "laatusana", "huudahdussana"})


def _no_answer(text: str) -> bool:
    """Tell whether a word can only be a verb, adverb, adjective, pronoun or the like."""
    classes = {a.wordclass for a in m.analyse(core(text))}
    return bool(classes) and classes <= NO_ANSWER


def _data_like(words: Sequence[Word], k: int, amount: frozenset[int] = frozenset()) -> bool:
    """Tell whether an answer word looks like data: unknown, a name, a number, a street.

    An unknown word that is an ordinary word misheard (:func:`garbled_common`) and a number
    said with a unit ("104 euroa") do not.
    """
    text = words[k].text
    return (unknown(text) and not garbled_common(text) or name_kind(text) >= Kind.AMBIGUOUS
            or core(text).endswith(STREETS) or email_word(text) or health_word(text)
            or _id_like(_token(words, k), False) and k not in amount)


def _answered(answer: Sequence[int], exposed: Sequence[bool]) -> bool:
    """Tell whether detection already bleeped part of the answer (some word is not exposed).

    The data asked for was then found; the answer's other exposed words count only if they
    look like data themselves (:func:`_data_like`), as after a fail-closed bleep.
    """
    return any(not exposed[k] for k in answer)


def unbleeped_answers(words: Sequence[Word], lay: TextLayout, exposed: Sequence[bool],
                      channels: int, gate: GateConfig, amount: frozenset[int] = frozenset()
                      ) -> tuple[list[tuple[float, float, int]], list[PiiSpan]]:
    """Return the exposed answer words as (start, end, channel), and fail-closed bleeps.

    ``amount``: word indices of numbers said with a unit (:func:`pipeline.gate.words.amounts`),
    which are not data.
    """
    items: list[tuple[float, float, int]] = []
    bleeps: list[PiiSpan] = []
    asked = questions(lay)
    cue_words = {q.word for q in asked}
    for q in asked:
        inline, reply = _answer_words(q, words, lay, channels, gate)

        def live(ks: list[int]) -> list[int]:
            return [k for k in ks if k not in cue_words and exposed[k]  # noqa: B023
                    and not filler(words[k].text)][:MAX_ANSWER_WORDS]

        own = [k for k in live(inline) if _data_like(words, k, amount)]
        content = sorted(own + [k for k in live(reply) if not _no_answer(words[k].text)])
        span = _fail_closed(q, words, content) if content else None
        if span is not None:  # bleeped: what is left to hear counts only if it looks like data
            bleeps.append(span)
            content = [k for k in content if _data_like(words, k, amount)
                       and not span.start <= words[k].start < span.end]
        elif _answered(inline + reply, exposed):
            content = [k for k in content if _data_like(words, k, amount)]
        items += [(words[k].start, words[k].end, words[k].channel) for k in content]
    return items, bleeps
