"""Phonetic folds: map an ASR spelling and a lexicon form to one key before comparing them.

Two folds, each tuned for what it compares; they differ on purpose:

- :func:`fold_number_word` for number words (cardinals, ordinals) as heard: drops "h",
  which ASR drops or moves in "yhdeksän"/"kahdeksan", and hears "b" as "p".
- :func:`fold_spelling` for names and vocabulary (names, health terms, cue words): keeps
  "h", reads "b" as "v" by default ("Birtanen" ~ "Virtanen") and drops hyphens and
  apostrophes ("Anna-Liisa").

Both lower-case, drop umlauts (ä→a, ö→o, å→o) and voicing (d→t, g→k), read foreign letters
the Finnish way (w→v, z→s, c→k, q→k, x→ks, é→e) and collapse doubled letters.
"""

from __future__ import annotations

import re

_DOUBLE = re.compile(r"(.)\1+")
_NUMBER_WORD = str.maketrans({"ä": "a", "ö": "o", "å": "o", "b": "p", "d": "t", "g": "k",
                              "w": "v", "z": "s", "c": "k", "q": "k", "é": "e", "x": "ks"})
_SPELLING = str.maketrans({"w": "v", "z": "s", "c": "k", "q": "k", "x": "ks", "å": "o",
                           "é": "e", "ü": "y", "d": "t", "g": "k", "ä": "a", "ö": "o",
                           "-": None, "'": None})


def fold_number_word(word: str) -> str:
    """Fold a number word as heard: "Yhdeksän" → "yteksan", "kahdeksan" → "kateksan".

    Lower case, umlauts and voicing dropped (b→p, d→t, g→k), "h" dropped, doubled letters
    single. Used to match garbled cardinals and ordinals (numberwords, dates, normalize).
    """
    return _DOUBLE.sub(r"\1", word.lower().translate(_NUMBER_WORD).replace("h", ""))


def fold_spelling(word: str, b_as: str = "v") -> str:
    """Fold a word for fuzzy matching of ASR spellings: "Birtanen" → "virtanen".

    Lower case, b→v (or ``b_as``), d→t, g→k, w→v, ä→a, ö→o, doubled letters single,
    hyphens and apostrophes dropped; "h" is kept. Used for names, health terms and cues.
    """
    return _DOUBLE.sub(r"\1", word.lower().replace("b", b_as).translate(_SPELLING))
