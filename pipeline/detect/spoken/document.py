"""The normalised document every spoken-identifier finder reads.

A transcript is normalised once (:func:`document`, cached per text) and cut into *runs*:
stretches of identifier material (digits, letters, separators, a leading plus) that may
be interrupted by hesitations ("öö", "eli", "niin"), turn breaks, full stops between spoken
digit groups, and up to four words Voikko does not know (garbled digits: the run, and its
bleep, goes on across them). Unknown words right before or after a run are kept with it as
its *garbles*, so a fail-closed match can take them in. Each run has a
string with one character per token, so recognizers match plain regular expressions and
checksums on it and map a match back to the words it came from.

This is the bottom layer of :mod:`pipeline.detect.spoken`; imports run one way::

    document -> nearby -> finders (hetu, phone, iban, card, date, email, address)
             -> claims -> recognizers (Presidio views) -> number_run

Every finder proposes :class:`Match` objects; :func:`~pipeline.detect.spoken.claims.claims`
settles overlaps once per text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.fi import lexicon
from pipeline.fi.normalize import Token, known_word, normalize, readings
from pipeline.fi.numberwords import parse_exact

MATERIAL = frozenset({"digit", "letter", "sep", "plus"})
FILLERS = lexicon.words("fillers", "hesitation", "spoken")
MAX_FILLERS = 2
MAX_BRIDGE = 4  # unknown words (garbled digits) in a row a run continues across


@dataclass(frozen=True)
class Run:
    """A stretch of identifier material; ``chars`` holds one character per token."""

    tokens: tuple[Token, ...]
    chars: str
    garbles: tuple[Token, ...] = ()

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Return the character span of the text covered by tokens ``i`` to ``j - 1``."""
        return self.tokens[i].start, self.tokens[j - 1].end

    def wide_span(self, i: int, j: int) -> tuple[int, int]:
        """Return :meth:`span`, widened over the garbles just before or after the run.

        Unknown words next to a run are most likely garbled digits of it: a fail-closed
        match that reaches the run's edge takes them in.
        """
        start, end = self.span(i, j)
        if i == 0:
            start = min([start, *(g.start for g in self.garbles)])
        if j == len(self.tokens):
            end = max([end, *(g.end for g in self.garbles)])
        return start, end

    def garbles_in(self, start: int, end: int) -> int:
        """Return how many of the run's garbles lie inside characters ``start:end``."""
        return sum(start <= g.start and g.end <= end for g in self.garbles)

    def fuzzy(self, i: int, j: int) -> bool:
        """Return True when any of tokens ``i`` to ``j - 1`` comes from a garbled word."""
        return any(t.fuzzy for t in self.tokens[i:j])


@dataclass(frozen=True)
class Match:
    """A proposed identifier: entity type, character span, score and reason."""

    entity: str
    start: int
    end: int
    score: float
    reason: str

    def overlaps(self, other: Match) -> bool:
        """Return True when the two character spans share a character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Document:
    """A text with its tokens and runs."""

    text: str
    tokens: tuple[Token, ...]
    runs: tuple[Run, ...]


def _char(token: Token) -> str:
    return {"sep": "-", "plus": "+"}.get(token.kind, token.value)


def _close(current: list[Token], garbles: list[Token], out: list[Run]) -> None:
    """Trim separators (and a trailing plus) off a finished run and keep it if it has digits."""
    while current and current[-1].kind in {"sep", "plus"}:
        current.pop()
    while current and current[0].kind == "sep":
        current.pop(0)
    if any(t.kind == "digit" for t in current):
        out.append(Run(tuple(current), "".join(_char(t) for t in current), tuple(garbles)))


def garble(tok: Token) -> bool:
    """Return True for a word of three letters or more that Voikko does not know.

    Next to digits such a word is most likely a garbled digit ("neuvia", "ytiksän").
    """
    return (tok.kind == "word" and len(tok.value) >= 3 and tok.value.isalpha()
            and tok.value not in FILLERS and not known_word(tok.value))


def _bridge(tok: Token) -> bool:
    """Return True for a word a run may continue across.

    A hesitation, an unknown word (a garbled digit), or a number word the grammar left
    unattached ("toista" after a garbled unit).
    """
    return tok.kind == "word" and (
        tok.value in FILLERS or garble(tok) or parse_exact(tok.value) is not None)


def _leading_dot(tokens: tuple[Token, ...], k: int) -> bool:
    """Return True for a dot glued to the written digits after it (Whisper's "20 .03 .07")."""
    tok = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return (tok.kind == "dot" and nxt is not None and nxt.kind == "digit"
            and nxt.start == tok.end)


_BIRTH_DATE = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})[0-9]{2}$")


class _RunBuilder:
    """The state of :func:`find_runs`: the run being read and the words around it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: list[Run] = []
        self.current: list[Token] = []
        self.garbles: list[Token] = []  # unknown words before and inside the run
        self.pending: list[Token] = []  # words bridged since the run's last material
        self.before: list[Token] = []  # unknown words just before any run

    def _joined(self, a: Token, b: Token) -> bool:
        """Return True when no turn break or question separates tokens ``a`` and ``b``."""
        return not any(c in self.text[a.end:b.start] for c in "\n?!")

    def _birth_date(self) -> bool:
        """Return True when the run so far ends in six digits of a day and month (DDMMYY).

        A plus after them is the century sign of an identity code born in the 1800s, not
        the start of an international phone number.
        """
        m = _BIRTH_DATE.search("".join(_char(t) for t in self.current))
        return bool(m) and 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12

    def material(self, tok: Token) -> None:
        if tok.kind == "plus" and self.current and not self._birth_date():
            self.close()
        if not self.current:
            lead = self.before[-MAX_FILLERS:]
            self.garbles = lead if lead and self._joined(lead[-1], tok) else []
        self.garbles += [t for t in self.pending if garble(t)]
        self.current.append(tok)
        self.pending, self.before = [], []

    def _spoken(self, tok: Token | None) -> bool:
        """Return True for a digit read from a number word (not written with numerals)."""
        return (tok is not None and tok.kind == "digit"
                and not self.text[tok.start:tok.end].isdigit())

    def _slip(self, tok: Token, nxt: Token | None) -> bool:
        """Return True for a short word between digits read one by one: a misheard digit.

        "kaksi eikä kahdeksan": the run has three spoken number words or more, and a spoken
        digit follows at once.
        """
        words = {t.start for t in self.current if self._spoken(t)}
        return (tok.kind == "word" and len(tok.value) <= 4 and len(words) >= 3
                and self._spoken(self.current[-1]) and self._spoken(nxt))

    def word(self, tok: Token, nxt: Token | None) -> None:
        if self.current and len(self.pending) < MAX_BRIDGE and (
                _bridge(tok) or self._slip(tok, nxt)) and sum(
                not garble(t) for t in (*self.pending, tok)) <= MAX_FILLERS:
            self.pending.append(tok)
            return
        before = self.before if not self.current else []
        self.close()
        self.before = [*before, tok] if garble(tok) else []

    def dot(self, tok: Token, after: tuple[Token, ...]) -> None:
        """Continue the run across a full stop between spoken digit groups ("kaksi. Kahdeksan").

        A full stop before unknown words (garbled digits) and then more digits continues it too.
        """
        nxt = after[0] if after else None
        garbled = [garble(t) for t in after[:MAX_BRIDGE - 1]]
        resumes = bool(garbled) and garbled[0] and any(
            t.kind in MATERIAL for t in after[:garbled.index(False) if False in garbled else None])
        if self.current and not self.pending and (resumes or (
                self._spoken(self.current[-1]) and self._spoken(nxt))):
            self.pending.append(tok)
            return
        if (self.current and not self.pending and nxt is not None and garble(nxt)
                and self._joined(self.current[-1], nxt)):
            self.garbles.append(nxt)  # one unknown word after the stop: a garbled last digit
        self.close()

    def close(self) -> None:
        last = self.current[-1] if self.current else None
        trail = [t for t in self.pending if garble(t)]
        if last is not None and trail and self._joined(last, trail[-1]):
            self.garbles += trail
        _close(self.current, self.garbles, self.runs)
        self.current, self.garbles, self.pending, self.before = [], [], [], []


def find_runs(tokens: tuple[Token, ...], text: str) -> tuple[Run, ...]:
    """Cut the token stream of ``text`` into runs (see the module docstring)."""
    build = _RunBuilder(text)
    for k, tok in enumerate(tokens):
        if tok.kind == "sep" and tok.value == "." or _leading_dot(tokens, k):
            continue  # a dot between written digits groups them, like a space
        if tok.kind in MATERIAL:
            build.material(tok)
        elif tok.kind == "dot":
            build.dot(tok, tokens[k + 1:k + 1 + MAX_BRIDGE])
        else:
            build.word(tok, tokens[k + 1] if k + 1 < len(tokens) else None)
    build.close()
    return tuple(build.runs)


@lru_cache(maxsize=16)
def document(text: str) -> Document:
    """Return the normalised document of ``text`` (cached: every recognizer shares it)."""
    tokens = normalize(text)
    return Document(text, tokens, find_runs(tokens, text))


_DIGITS_SEPS = re.compile(r"\+?[0-9](?:-?[0-9])*")


def alternatives(doc: Document, run: Run) -> tuple[str, ...]:
    """Return the other ways the run's words can be read (see :func:`normalize.readings`)."""
    return readings(doc.text[run.tokens[0].start:run.tokens[-1].end])


def digit_span(run: Run) -> tuple[int, int]:
    """Return the character span from the run's first to its last digit."""
    idx = [k for k, c in enumerate(run.chars) if c.isdigit()]
    return run.span(idx[0], idx[-1] + 1)


def stretches(run: Run) -> list[tuple[int, int]]:
    """Return (i, j) token ranges of the run's digit stretches (digits, inner dashes, a plus)."""
    return [(m.start(), m.end()) for m in _DIGITS_SEPS.finditer(run.chars)]


def digits_only(run: Run, i: int, j: int) -> tuple[str, list[int]]:
    """Return the digits of tokens ``i:j`` and, for each digit, its token index in the run."""
    idx = [k for k in range(i, j) if run.chars[k].isdigit()]
    return "".join(run.chars[k] for k in idx), idx
