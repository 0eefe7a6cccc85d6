r"""Piip's one Finnish token type, and the word tokenizer of the lexical recognizers.

A :class:`Token` is one unit of a transcript with the character span of the word it came
from. Two producers make them:

- :func:`tokenize` cuts text into words (kind ``"word"``): ``value`` is the word as written,
  without edge punctuation, with its turn (``line``), position in the turn (``index``) and
  the punctuation around it. The lexical recognizers (names, health, context) read these.
- :func:`pipeline.fi.normalize.normalize` reads spoken identifiers: ``kind`` is ``digit``,
  ``letter``, ``sep``, ``at``, ``dot``, ``plus`` or ``word`` and ``value`` the normalised
  unit ("4", "T", "-", a lower-case word); several tokens may share one word's span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("digit", "letter", "sep", "at", "dot", "plus", "word")
_WORD = re.compile(r"\S+")
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?…-–—*/\\"
_CLOSERS = "\"')]”’»"
_SENTENCE_END = (".", "?", "!", "…")


@dataclass(frozen=True)
class Token:
    r"""One unit of the text; ``start``/``end`` are the character span of its source word.

    ``value`` is the unit (see the module docstring); ``kind`` one of :data:`KINDS`.
    ``fuzzy`` marks digits read from an approximate match of a garbled number word.
    Words of :func:`tokenize` also carry ``line`` (``\n``-separated turns), ``index`` (the
    word's position in its line), ``ends_sentence`` (the raw word ended with ``. ? ! …``),
    ``hyphen_lead`` (it started with a hyphen: an ASR fragment such as ``-kälainen``) and
    ``comma_after`` (it ended with ``, ; :``).
    """

    value: str
    start: int
    end: int
    line: int = 0
    index: int = 0
    kind: str = "word"
    fuzzy: bool = False
    ends_sentence: bool = False
    hyphen_lead: bool = False
    comma_after: bool = False

    @property
    def text(self) -> str:
        """Return the word as written (the same as ``value``; the lexical callers' name)."""
        return self.value

    @property
    def lower(self) -> str:
        """Return the word in lower case."""
        return self.value.lower()

    @property
    def capitalised(self) -> bool:
        """Return True when the word starts with an upper-case letter."""
        return self.value[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words with offsets; pure punctuation is dropped."""
    out: list[Token] = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    line, index = 0, 0
    for match in _WORD.finditer(text):
        while line + 1 < len(line_starts) and match.start() >= line_starts[line + 1]:
            line, index = line + 1, 0
        raw = match.group()
        core = raw.strip(_EDGE)
        if not core:
            continue
        start = match.start() + raw.index(core)
        out.append(Token(core, start, start + len(core), line, index,
                         ends_sentence=raw.rstrip(_CLOSERS).endswith(_SENTENCE_END),
                         hyphen_lead=raw.startswith(("-", "–")),
                         comma_after=raw.rstrip(_CLOSERS).endswith((",", ";", ":"))))
        index += 1
    return out


def lines_of(tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens by line (turn), keeping empty lines out."""
    lines: dict[int, list[Token]] = {}
    for tok in tokens:
        lines.setdefault(tok.line, []).append(tok)
    return [lines[k] for k in sorted(lines)]
