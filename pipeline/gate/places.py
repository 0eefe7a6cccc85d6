"""Where personal data hides in unbleeped speech: next to bleeps, between them, in greetings.

Risk items found by *place* rather than by what the words say (:mod:`pipeline.gate.risks`
gathers them). Pure functions over the words, the merged bleeps and the voice activity;
each returns raw items ``(start, end, channel, reason)``:

- :func:`bleep_neighbours` (``unsupported_edge``, narrowband only): a doubted, unknown or
  digit word just past a bleep of personal data or of untrusted speech;
- :func:`between_bleeps` (``between_bleeps``): a short stretch between two bleeps that holds
  a word that may be data heard wrong, or speech with no words;
- :func:`greetings` (``greeting_words``): such a word in the first or last seconds of a
  channel, where agents and callers say names.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.config import GateConfig
from pipeline.detect.lexical.name_words import Kind
from pipeline.detect.lexical.name_words import classify as name_class
from pipeline.fi.numberwords import LEXICON
from pipeline.gate.answers import NUMERIC
from pipeline.gate.decision import UNTRUSTED, union
from pipeline.gate.timeline import Raw
from pipeline.gate.words import (
    core,
    filler,
    garbled_common,
    letter_word,
    name_prefixed,
    number_fragment,
    unknown,
)
from pipeline.schema import PiiSpan, Word

EDGE_ENTITIES = NUMERIC | {"PERSON", "ADDRESS", "EMAIL_ADDRESS", "NUMBER_SEQUENCE"}
NEIGHBOUR_GAP = 0.6  # seconds between a bleep and an exposed word that may hold its tail


def bleep_neighbours(words: Sequence[Word], exposed: list[bool], bleeps: Sequence[PiiSpan],
                     gate: GateConfig) -> list[Raw]:
    """Return exposed words just next to a bleep of personal data that may hold its tail.

    On narrowband audio Whisper's word times are often off by a few hundred milliseconds, so
    a digit or a syllable of a name can lie just past the bleep, in a word Whisper doubted,
    a word Voikko does not know, or a digit (``unsupported_edge``); a doubted filler ("mä")
    counts, since a garbled digit is often written as one. Speech bleeped as
    unsure or untranscribed counts too: its edges come from voice activity, not from words.
    """
    out: list[Raw] = []
    for b in bleeps:
        if b.entity_type not in EDGE_ENTITIES | UNTRUSTED:
            continue
        for k, w in enumerate(words):
            if not exposed[k] or w.channel != b.channel:
                continue
            if not (0 <= b.start - w.end <= NEIGHBOUR_GAP or 0 <= w.start - b.end <= NEIGHBOUR_GAP):
                continue
            doubted = w.prob < gate.review_prob  # a doubted "mä" may be a garbled digit
            if doubted or not filler(w.text) and (unknown(w.text) or any(
                    ch.isdigit() for ch in w.text)):
                out.append((w.start, w.end, w.channel, "unsupported_edge"))
    return out


BETWEEN_MAX = 2.5  # seconds: unbleeped speech between two bleeps this close is a risk item


def between_bleeps(words: Sequence[Word], speech: Sequence[tuple[float, float, int]],
                   bleeps: Sequence[PiiSpan], gate: GateConfig, amount: frozenset[int]
                   ) -> list[Raw]:
    """Return short stretches of speech left between two bleeps on one channel.

    ``bleeps`` are the final ones, the gate's own fail-closed bleeps included; ``amount``
    the word indices of numbers said with a unit (:func:`pipeline.gate.words.amounts`).

    An address, a card number or a name is often bleeped in pieces: the middle of one item
    ("Kaivokatu [kolmekymmentä] kuusi ...") falls between two bleeps when Whisper garbled it.
    A gap of up to :data:`BETWEEN_MAX` seconds that holds speech but no words, or a word that
    may be personal data heard wrong (:func:`suspect`), is ``between_bleeps``.
    """
    out: list[Raw] = []
    for ch in sorted({b.channel for b in bleeps}):
        mine = union([(b.start, b.end) for b in bleeps if b.channel == ch])
        for (_, a), (b, _) in zip(mine, mine[1:], strict=False):
            if not 0 < b - a <= BETWEEN_MAX:
                continue
            inside = [k for k, w in enumerate(words)
                      if w.channel == ch and w.start < b and w.end > a]
            heard = any(c == ch and x < b and y > a for x, y, c in speech)
            if any(suspect(words, k, gate, amount) for k in inside) or heard and not inside:
                out.append((a, b, ch, "between_bleeps"))
    return out


def suspect(words: Sequence[Word], k: int, gate: GateConfig, amount: frozenset[int],
            strict: bool = False, doubt: float | None = None) -> bool:
    """Tell whether word ``k`` may be personal data heard wrong.

    It may when Whisper gave it under ``doubt`` (default: half the review probability), when
    Voikko does not know it and it is not an ordinary word misheard (not with ``strict``), or
    when it is a number (not an amount), a letter or a name.
    """
    w = words[k]
    if filler(w.text):
        return False
    text = core(w.text)
    number = any(ch.isdigit() for ch in text) or text in LEXICON or number_fragment(text)
    return (w.prob < (gate.review_prob / 2 if doubt is None else doubt)
            or not strict and unknown(text) and not garbled_common(text)
            or number and k not in amount
            or letter_word(text) or name_class(text).kind >= Kind.FUZZY)


GREETING_SECONDS = 4.0  # the first and last seconds of each channel's speech
MONO_OPENING = 10.0  # on one channel both speakers greet: the agent, then the caller


def greetings(words: Sequence[Word], exposed: list[bool], gate: GateConfig,
              amount: frozenset[int], channels: int = 1, narrowband: bool = False
              ) -> list[Raw]:
    """Return words in each channel's greeting and goodbye that may be a name heard wrong.

    Agents say their own name as they answer ("asiakaspalvelu, Esa Tuominen"), callers say
    theirs right after ("hei, täällä Tuula Ketola"), and agents thank callers by name as the
    call ends ("Kiitos Tuula, mukavaa päivää"): a word that may be personal data heard wrong
    (:func:`suspect`) in the first or last :data:`GREETING_SECONDS` of a channel's speech is
    ``greeting_words``. When both speakers share one channel the caller's introduction
    follows the agent's greeting: up to :data:`MONO_OPENING` seconds in, an unknown word
    counts only when it starts with a name ("tuulaket") or is otherwise strictly suspect.
    On narrowband audio a word Whisper doubted at all (under ``gate.review_prob``) is
    suspect there: on the telephone a name is heard as ordinary words Whisper doubts
    ("Kiitos Markku" as "Kiitos, mutta").
    """
    opening = MONO_OPENING if channels == 1 else GREETING_SECONDS
    doubt = gate.review_prob if narrowband else None
    out: list[Raw] = []
    for ch in sorted({w.channel for w in words}):
        first = min(w.start for w in words if w.channel == ch)
        last = max(w.end for w in words if w.channel == ch)
        for k, w in enumerate(words):
            if w.channel != ch or not exposed[k]:
                continue
            edge = w.end <= first + GREETING_SECONDS or w.start >= last - GREETING_SECONDS
            if edge and suspect(words, k, gate, amount, doubt=doubt) or (
                    w.end <= first + opening and (name_prefixed(w.text) or suspect(
                        words, k, gate, amount, strict=True, doubt=doubt))):
                out.append((w.start, w.end, ch, "greeting_words"))
    return out
