"""Finnish spoken forms of numbers, letters and identifiers, as callers say them.

Pure functions: every random choice of style comes from the ``random.Random`` passed in, so a
seeded generator always produces the same words.
"""

from __future__ import annotations

import random

DIGITS = ("nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän",
          "kahdeksan", "yhdeksän")
COLLOQUIAL_DIGITS = ("nolla", "yks", "kaks", "kolme", "neljä", "viis", "kuus", "seiska",
                     "kasi", "ysi")
# "nelonen, vitonen, kutonen": number nouns some callers use for single digits.
DIGIT_NOUNS = {4: "nelonen", 5: "vitonen", 6: "kutonen"}
COLLOQUIAL_TENS = ("", "", "kakskyt", "kolkyt", "nelkyt", "viiskyt", "kuuskyt", "seitkyt",
                   "kasikyt", "ysikyt")
LETTER_NAMES = {
    "A": "aa", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "äf", "G": "gee",
    "H": "hoo", "I": "ii", "J": "jii", "K": "koo", "L": "äl", "M": "äm", "N": "än",
    "O": "oo", "P": "pee", "Q": "kuu", "R": "är", "S": "äs", "T": "tee", "U": "uu",
    "V": "vee", "W": "kaksoisvee", "X": "äks", "Y": "yy", "Z": "tset", "Å": "ruotsalainen oo",
    "Ä": "ää", "Ö": "öö",
}
ORDINALS = ("", "ensimmäinen", "toinen", "kolmas", "neljäs", "viides", "kuudes", "seitsemäs",
            "kahdeksas", "yhdeksäs", "kymmenes")
ORDINAL_PARTITIVES = ("", "ensimmäistä", "toista", "kolmatta", "neljättä", "viidettä",
                      "kuudetta", "seitsemättä", "kahdeksatta", "yhdeksättä", "kymmenettä",
                      "yhdettätoista", "kahdettatoista")
MONTH_PARTITIVES = ("", "tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
                    "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta",
                    "marraskuuta", "joulukuuta")
_ORDINAL_STEMS = ("", "yhdes", "kahdes", "kolmas", "neljäs", "viides", "kuudes", "seitsemäs",
                  "kahdeksas", "yhdeksäs")


def _parts(n: int) -> list[str]:
    """Return the compound parts of ``n`` (0..999 999), largest first."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"number out of range 0..999999: {n}")
    if n < 10:
        return [DIGITS[n]]
    if n == 10:
        return ["kymmenen"]
    if n < 20:
        return [DIGITS[n - 10] + "toista"]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [DIGITS[tens] + "kymmentä"] + ([DIGITS[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "sata" if hundreds == 1 else DIGITS[hundreds] + "sataa"
        return [head] + (_parts(rest) if rest else [])
    thousands, rest = divmod(n, 1000)
    head = "tuhat" if thousands == 1 else "".join(_parts(thousands)) + "tuhatta"
    return [head] + (_parts(rest) if rest else [])


def cardinal(n: int, spaced: bool = False) -> str:
    """Return ``n`` in Finnish words: 52 → "viisikymmentäkaksi" (or "viisikymmentä kaksi")."""
    return (" " if spaced else "").join(_parts(n))


def colloquial_cardinal(n: int) -> str:
    """Return a colloquial form for 20..99 ("nelkytviis"), else the standard word."""
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return COLLOQUIAL_TENS[tens] + (COLLOQUIAL_DIGITS[ones] if ones else "")
    return cardinal(n)


def ordinal(n: int) -> str:
    """Return the nominative ordinal for 1..31: 13 → "kolmastoista"."""
    if not 1 <= n <= 31:
        raise ValueError(f"ordinal out of range 1..31: {n}")
    if n <= 10:
        return ORDINALS[n]
    if n < 20:
        return _ORDINAL_STEMS[n - 10] + "toista"
    tens, ones = divmod(n, 10)
    head = _ORDINAL_STEMS[tens] + "kymmenes"
    return head + (ORDINALS[ones] if ones else "")


def read_digits(digits: str, rng: random.Random, colloquial: bool | None = None) -> str:
    """Read a digit string one digit at a time, standard or colloquial."""
    if colloquial is None:
        colloquial = rng.random() < 0.35
    words = []
    for ch in digits:
        d = int(ch)
        if colloquial and d in DIGIT_NOUNS and rng.random() < 0.2:
            words.append(DIGIT_NOUNS[d])
        else:
            words.append((COLLOQUIAL_DIGITS if colloquial else DIGITS)[d])
    return " ".join(words)


def read_group(digits: str, rng: random.Random) -> str:
    """Read a group as one number ("308" → "kolmesataakahdeksan"); leading zeros as "nolla"."""
    stripped = digits.lstrip("0")
    zeros = ["nolla"] * (len(digits) - len(stripped))
    if not stripped:
        return " ".join(zeros)
    n = int(stripped)
    word = colloquial_cardinal(n) if rng.random() < 0.3 else cardinal(n, rng.random() < 0.5)
    return " ".join(zeros + [word])


def read_pairs(digits: str, rng: random.Random) -> str:
    """Read a digit string two digits at a time: "131052" → "kolmetoista kymmenen ..."."""
    pairs = [digits[i:i + 2] for i in range(0, len(digits), 2)]
    return " ".join(read_group(p, rng) for p in pairs)


def read_number_string(digits: str, rng: random.Random) -> str:
    """Read digits in a randomly chosen style: one by one, colloquially, in pairs or groups."""
    style = rng.choice(("digits", "digits", "colloquial", "pairs", "group"))
    if style == "digits":
        return read_digits(digits, rng, colloquial=False)
    if style == "colloquial":
        return read_digits(digits, rng, colloquial=True)
    if style == "pairs":
        return read_pairs(digits, rng)
    return " ".join(read_group(digits[i:i + 3], rng) for i in range(0, len(digits), 3))


def letter(ch: str) -> str:
    """Return the Finnish name of a letter: "F" → "äf"."""
    return LETTER_NAMES[ch.upper()]


def year_words(year: int, rng: random.Random) -> str:
    """Say a year in full ("tuhat yhdeksänsataa ...") or by its last two digits."""
    if rng.random() < 0.5:
        return cardinal(year, spaced=rng.random() < 0.6)
    short = year % 100
    return read_group(f"{short:02d}", rng)
