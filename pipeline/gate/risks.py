"""Risk items: places in *unbleeped* speech a person must listen to before a call is released.

:func:`find_risks` is pure: from the words (after :func:`pipeline.redact.timing.narrow_untimed`),
their :class:`~pipeline.redact.textmap.TextLayout`, the merged bleeps and the voice activity it
returns :class:`RiskItem` objects (reasons in :data:`pipeline.schema.RISK_REASONS`) and
fail-closed bleeps for residue that is very likely personal data. Only *exposed* words count
(less than 80 % of their time bleeped). Reasons:

- ``unbleeped_answer``: exposed content words answering a personal-data question
  (:mod:`pipeline.gate.answers`);
- ``number_residue``: number words or digits, weighing three or more within
  ``gate.number_window`` seconds on one channel. Quantities (a unit word follows:
  "kaksikymmentä euroa", "kolme viikkoa") and times of day ("kello viisitoista") are
  ordinary speech and do not count. Numbers right next to (within 1 s of) a bleep of an
  identifier on the same channel are its unbleeped tail: bleeped, fail closed; so are
  unknown words there that hold a number word ("kategseiska");
- ``spelled_letters``: two letter names ("bee", "äks") within ``gate.number_window``, or one
  next to a number word;
- ``email_residue``: an at-sign word ("ät"), a mail service's name (fuzzy), a written
  domain, or "piste" before a top-level domain; the item covers three words before and two
  after;
- ``name_residue``: a word only Voikko's name lexicon knows, a misheard name capitalised or
  shaped like a -nen surname, an unknown word shaped like an inflected -inen surname
  ("järviisen"), a capitalised mid-sentence / unknown word in a name cue's slot
  ("nimeni on _"), or a word that is also a name right after that slot (a surname after a
  misheard first name: "tässä on verran laine");
- ``health_residue``: a health term or a near miss of the health lexicon, also of two words
  Whisper split ("en alaprilja");
- ``doubted_speech``: exposed words Whisper gave a probability under ``gate.review_prob``:
  two or more in a row, or one that is unknown, a name or a number;
- ``wordless_speech``: speech with no words that was not bleeped, and speech under one of
  Whisper's repetition loops (the same word or phrase four or more times in a row);
- ``unsupported_edge``: past a bleep edge that rests on a timing fallback, beyond the
  :data:`~pipeline.gate.timeline.EDGE_SECONDS` that are bleeped fail-closed; and on
  narrowband recordings (``gate.narrowband_hz``) a doubted, unknown or digit word within
  :data:`~pipeline.gate.places.NEIGHBOUR_GAP` of a bleep of personal data or of untrusted
  speech (:mod:`pipeline.gate.places`);
- ``between_bleeps``: a stretch of up to :data:`~pipeline.gate.places.BETWEEN_MAX` seconds
  between two bleeps on one channel that holds a word that may be data heard wrong, or
  speech with no words (one address or card number bleeped in pieces);
- ``greeting_words``: such a word in the first or last
  :data:`~pipeline.gate.places.GREETING_SECONDS` of a channel's speech, where agents say
  their name and thank callers by name.

Items are padded by ``gate.risk_pad``, cut to the unbleeped audio and merged per channel
(:func:`pipeline.gate.timeline.settle`): an item wholly inside a bleep disappears.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.config import GateConfig
from pipeline.detect.lexical.name_cues import cue_slots
from pipeline.detect.lexical.name_cues import cues as name_cues
from pipeline.detect.lexical.name_words import Kind
from pipeline.detect.lexical.name_words import capital_mid as _capital_mid
from pipeline.detect.lexical.name_words import classify as name_class
from pipeline.fi import morphology as m
from pipeline.gate.answers import NUMERIC, RECOGNIZER, unbleeped_answers
from pipeline.gate.places import between_bleeps, bleep_neighbours, greetings
from pipeline.gate.timeline import (
    Raw,
    exposed_words,
    looped_speech,
    settle,
    unsupported_edges,
    wordless_speech,
)
from pipeline.gate.words import (
    Number,
    amounts,
    core,
    email_pair,
    email_word,
    filler,
    health_word,
    letter_word,
    number_fragment,
    numbers,
    surname_shaped,
    unknown,
)
from pipeline.redact import spans
from pipeline.redact.textmap import TextLayout
from pipeline.schema import PiiSpan, RiskItem, TextSpan, Word

NUMBER_BLEEPS = NUMERIC | {"NUMBER_SEQUENCE"}
ADJACENT = 1.0  # seconds: a number this close to an identifier's bleep is part of it
MIN_WEIGHT = 3
EMAIL_BEFORE, EMAIL_AFTER = 3, 2


@dataclass(frozen=True)
class RiskFindings:
    """Risk items left after all bleeps, and the fail-closed residue bleeps (padded)."""

    items: tuple[RiskItem, ...]
    bleeps: tuple[PiiSpan, ...]


def find_risks(words: Sequence[Word], lay: TextLayout, found: Sequence[TextSpan],
               bleeps: Sequence[PiiSpan], speech: Sequence[tuple[float, float, int]],
               channels: int, gate: GateConfig, pad: tuple[float, float] = (0.25, 0.3),
               narrowband: bool = False, looped: frozenset[int] | None = None
               ) -> RiskFindings:
    """Return the risk items and residue bleeps of one call (see the module docstring).

    ``bleeps`` are the merged spans that will be bleeped; ``found`` the detected text spans
    (their words are bleeped already; kept for callers that map them); ``pad`` (before,
    after) widens the residue bleeps like the detected ones; ``looped`` the indices of the
    words of Whisper's loops (:func:`pipeline.gate.timeline.loop_words`), if known.
    """
    del found  # the bleeps, not the text spans, say what is audible
    exposed = exposed_words(words, bleeps)
    found_numbers = numbers(lay, [w.text for w in words])
    amount = amounts(found_numbers)
    raw, residue = _answers(words, lay, exposed, channels, gate, amount)
    nums, tails = _numbers(words, found_numbers, exposed, bleeps, gate)
    raw += nums
    residue += tails
    raw += _letters(words, lay, exposed, gate) + _emails(words, exposed)
    raw += _names(words, lay, exposed) + _health(words, exposed)
    raw += _doubted(words, exposed, gate, amount) + wordless_speech(speech, words)
    raw += looped_speech(words, looped)
    widen, edges = unsupported_edges(words, bleeps)
    raw += edges
    if narrowband:
        raw += bleep_neighbours(words, exposed, bleeps, gate)
    raw += greetings(words, exposed, gate, amount, channels, narrowband)
    padded = [spans.pad(s, *pad) for s in residue] + widen
    final = [*bleeps, *padded]
    raw += between_bleeps(words, speech, final, gate, amount)
    items = settle(raw, final, gate.risk_pad)
    return RiskFindings(tuple(items), tuple(padded))


def _answers(words: Sequence[Word], lay: TextLayout, exposed: list[bool], channels: int,
             gate: GateConfig, amount: frozenset[int]) -> tuple[list[Raw], list[PiiSpan]]:
    found, residue = unbleeped_answers(words, lay, exposed, channels, gate, amount)
    return [(a, b, ch, "unbleeped_answer") for a, b, ch in found], residue


def _stretch(words: Sequence[Word], first: int, last: int, reason: str) -> list[Raw]:
    """One item per channel over words ``first``..``last``."""
    chosen = words[first:last + 1]
    return [(min(w.start for w in chosen if w.channel == ch),
             max(w.end for w in chosen if w.channel == ch), ch, reason)
            for ch in sorted({w.channel for w in chosen})]


def _numbers(words: Sequence[Word], found: Sequence[Number], exposed: list[bool],
             bleeps: Sequence[PiiSpan], gate: GateConfig) -> tuple[list[Raw], list[PiiSpan]]:
    live = [n for n in found if n.plain and any(exposed[k] for k in range(n.first, n.last + 1))]
    out: list[Raw] = []
    tails: list[PiiSpan] = []
    for ch in sorted({words[n.first].channel for n in live}):
        mine = [n for n in live if words[n.first].channel == ch]
        for i, n in enumerate(mine):
            weight, j = 0, i
            while j < len(mine) and (words[mine[j].last].end - words[n.first].start
                                     <= gate.number_window):
                weight += mine[j].weight
                j += 1
            if weight >= MIN_WEIGHT:
                out += _stretch(words, n.first, mine[j - 1].last, "number_residue")
            start, end = words[n.first].start, words[n.last].end
            if _beside_number_bleep(start, end, ch, bleeps):
                tails.append(_tail(start, end, ch))
    for k, w in enumerate(words):  # number words glued to a garble ("kategseiska")
        if (exposed[k] and number_fragment(w.text)
                and _beside_number_bleep(w.start, w.end, w.channel, bleeps)):
            tails.append(_tail(w.start, w.end, w.channel))
    return out, tails


def _beside_number_bleep(start: float, end: float, ch: int, bleeps: Sequence[PiiSpan]) -> bool:
    return any(b.entity_type in NUMBER_BLEEPS and b.channel == ch
               and b.start - ADJACENT <= end and start <= b.end + ADJACENT for b in bleeps)


def _tail(start: float, end: float, ch: int) -> PiiSpan:
    return PiiSpan(start, end, "NUMBER_SEQUENCE", 0.5, RECOGNIZER, ch, reason="residue",
                   review=True)


def _letters(words: Sequence[Word], lay: TextLayout, exposed: list[bool],
             gate: GateConfig) -> list[Raw]:
    texts = [w.text for w in words]
    numeric = set()
    for n in numbers(lay, texts):
        numeric.update(range(n.first, n.last + 1))
    letters = [k for k, w in enumerate(words) if exposed[k] and letter_word(w.text)]
    out: list[Raw] = []
    for k in letters:
        w = words[k]
        near = [j for j in letters if j != k and words[j].channel == w.channel
                and abs(words[j].start - w.start) <= gate.number_window]
        beside = {k - 1, k + 1} & numeric
        if near or any(words[j].channel == w.channel for j in beside):
            out.append((w.start, w.end, w.channel, "spelled_letters"))
    return out


def _emails(words: Sequence[Word], exposed: list[bool]) -> list[Raw]:
    out: list[Raw] = []
    for k, w in enumerate(words):
        if not exposed[k]:
            continue
        pair = k + 1 < len(words) and email_pair(w.text, words[k + 1].text)
        if email_word(w.text) or pair:
            first, last = max(0, k - EMAIL_BEFORE), min(len(words) - 1, k + EMAIL_AFTER)
            out += [r for r in _stretch(words, first, last, "email_residue") if r[2] == w.channel]
    return out


def _cue_at(low: Sequence[str], i: int, cue: tuple[str, ...]) -> bool:
    """Tell whether the words from ``i`` on say ``cue``, misheard by one edit at most.

    Only cue words of five letters or more may be off ("nimense on" for "nimensä on",
    "nimenil on" for "nimeni on").
    """
    return all(a == b or len(b) >= 5 and Levenshtein.distance(a, b, score_cutoff=1) <= 1
               for a, b in zip(low[i:i + len(cue)], cue, strict=True))


def _slots(toks: Sequence[m.Token]) -> set[int]:
    """Return the first word in each name cue's slot, looser than the recognizer's.

    Cue words may be misheard by one edit (:func:`_cue_at`). A cue after the name
    ("_ täällä") may follow a sentence end (ASR punctuation), and a name after its cue may
    follow one when Voikko does not know it or it resembles a name ("täällä. Hanutuomi"); a
    name before a greeting ("_ hyvää päivää") counts only set off by commas ("Yritys, Nimi,
    ...").
    """
    low = [t.lower for t in toks]
    out: set[int] = set()
    for cue, after in name_cues():
        n = len(cue)
        for i in range(len(toks) - n + 1):
            if not _cue_at(low, i, cue):
                continue
            j = i + n if after else i - 1
            while 0 <= j < len(toks) and filler(toks[j].text):
                j += 1 if after else -1
            if not 0 <= j < len(toks):
                continue
            if after and toks[i + n - 1].ends_sentence and not (
                    unknown(toks[j].text) or name_class(core(toks[j].text)).kind >= Kind.WEAK):
                continue
            if cue[0] == "hyvää" and not after and not (
                    toks[j].comma_after and (j == 0 or toks[j - 1].comma_after)):
                continue
            out.add(j)
    return out


def _set_off(toks: Sequence[m.Token], j: int) -> bool:
    """Tell whether word ``j`` stands between commas, as a name in apposition does."""
    return toks[j].comma_after and j > 0 and toks[j - 1].comma_after


def _names(words: Sequence[Word], lay: TextLayout, exposed: list[bool]) -> list[Raw]:
    out: list[Raw] = []
    for toks in m.lines_of(m.tokenize(lay.text)):
        infos = [name_class(core(t.text)) for t in toks]
        slots = cue_slots(toks, infos) | _slots(toks)
        for j, (tok, info) in enumerate(zip(toks, infos, strict=True)):
            k = lay.words_touching(tok.start, tok.end)[0]
            if not exposed[k] or filler(tok.text):
                continue
            capital, slot = _capital_mid(toks, j), j in slots
            second = j - 1 in slots and not toks[j - 1].ends_sentence  # "tässä on _ Laine"
            name = (info.kind == Kind.STRONG
                    or info.kind == Kind.FUZZY and (capital or slot or second
                                                    or info.reason in {"surname-shape", "glued"})
                    or info.kind == Kind.AMBIGUOUS and (capital or slot or second)
                    or slot and (info.kind >= Kind.WEAK or unknown(tok.text)
                                 or _set_off(toks, j))
                    or capital and unknown(tok.text)
                    or surname_shaped(tok.text))
            if name:
                out.append((words[k].start, words[k].end, words[k].channel, "name_residue"))
    return out


SPLIT_GAP = 0.3  # seconds: two words this close may be one word Whisper split in two


def _health(words: Sequence[Word], exposed: list[bool]) -> list[Raw]:
    """Return health words, and health words Whisper split in two ("en alaprilja")."""
    out = [(w.start, w.end, w.channel, "health_residue") for k, w in enumerate(words)
           if exposed[k] and health_word(w.text)]
    for k in range(len(words) - 1):
        a, b = words[k], words[k + 1]
        if (not (exposed[k] or exposed[k + 1]) or a.channel != b.channel
                or b.start - a.end > SPLIT_GAP or not (unknown(a.text) or unknown(b.text))):
            continue
        if health_word(core(a.text) + core(b.text)):
            out.append((a.start, b.end, a.channel, "health_residue"))
    return out


def _doubted(words: Sequence[Word], exposed: list[bool], gate: GateConfig,
             amount: frozenset[int] = frozenset()) -> list[Raw]:
    """Return runs of doubted words: two or more in a row, or one unknown word, name or number.

    A run of numbers said with a unit after it ("102,30 euroa", "90 prosenttia") is a
    quantity, not an identifier, and is not a run.
    """
    out: list[Raw] = []
    run: list[int] = []

    def close() -> None:
        if run and not all(k in amount for k in run):
            if len(run) >= 2 or _telling(words[run[0]], gate.review_prob):
                out.extend((words[k].start, words[k].end, words[k].channel, "doubted_speech")
                           for k in run)
        run.clear()

    for k, w in enumerate(words):
        doubted = exposed[k] and w.prob < gate.review_prob and not filler(w.text)
        last = words[run[-1]] if run else None
        if doubted and last and (w.channel != last.channel or w.start - last.end > 1.0):
            close()
        if doubted:
            run.append(k)
        elif w.channel == (words[run[-1]].channel if run else w.channel):
            close()
    close()
    return out


def _telling(w: Word, review_prob: float) -> bool:
    """Tell whether one doubted word alone needs a listen.

    It does when it is a name, a number or a letter, or a word Voikko does not know that
    Whisper gave under half the review probability.
    """
    text = core(w.text)
    return (unknown(text) and w.prob < review_prob / 2 or any(ch.isdigit() for ch in text)
            or name_class(text).kind >= Kind.AMBIGUOUS or letter_word(text))
