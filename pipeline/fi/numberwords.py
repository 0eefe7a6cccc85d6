"""Finnish cardinal number words: lexicon, approximate segmentation and the number grammar.

A number word is cut into *atoms* (``("U", 3)`` for "kolme", ``("K", 0)`` for "kymmentä",
...); :func:`combine` applies the grammar to a stream of atoms from adjacent words, so glued
("kaksikymmentäkolme") and split ("kaksi kymmentä kolme") forms both give 23.

ASR garbles ("satakalme", "meisikymmentä", "yteksan") are parsed by :func:`parse_fuzzy`, a
dynamic-programming segmentation of the phonetically folded word into morphemes where each
morpheme may be a few edits away from its lexicon form (Levenshtein distance on the folded
forms). Whether a fuzzy parse is believed is decided by the caller, from the word's
neighbours (see :mod:`pipeline.fi.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.fi.folds import fold_number_word

Atom = tuple[str, int]
# Atom kinds: U unit 0-9, TEN "kymmenen" (10, closed), K "kymmentä" (x10), TO "toista" (+10),
# H "sata" (100), HM "sataa" (x100), TH "tuhat" (1000), THM "tuhatta" (x1000),
# C a unit stem that only occurs before a multiplier ("kol", "nel", "seit" as in "seitkyt").
MULTIPLIERS = frozenset({"K", "TO", "HM", "THM"})

_UNITS: dict[int, tuple[str, ...]] = {
    0: ("nolla",),
    1: ("yksi", "yks", "ykkönen"),
    2: ("kaksi", "kaks", "kakkonen"),
    3: ("kolme", "kolmonen"),
    4: ("neljä", "nelonen"),
    5: ("viisi", "viis", "vitonen"),
    6: ("kuusi", "kuus", "kutonen", "kuutonen"),
    7: ("seitsemän", "seittemän", "seitsämän", "seitsemä", "seittemä", "seiska"),
    8: ("kahdeksan", "kaheksan", "kahdeksa", "kaheksa", "kasi"),
    9: ("yhdeksän", "yheksän", "yhdeksä", "yheksä", "ysi"),
}
_OTHER: dict[str, Atom] = {
    "kol": ("C", 3), "nel": ("C", 4), "seit": ("C", 7),
    "kymmenen": ("TEN", 10), "kymppi": ("TEN", 10),
    "kymmentä": ("K", 0), "kymment": ("K", 0), "kyt": ("K", 0),
    "toista": ("TO", 0), "toist": ("TO", 0),
    "sata": ("H", 100), "sataa": ("HM", 0),
    "tuhat": ("TH", 1000), "tuhatta": ("THM", 0),
}
LEXICON: dict[str, Atom] = {
    **{form: ("U", d) for d, forms in _UNITS.items() for form in forms}, **_OTHER}
_MAX_FORM = max(len(f) for f in LEXICON)

def _max_edits(folded_form: str) -> int:
    """Edits a morpheme may take; a short one's second edit needs an exact anchor (below)."""
    return 0 if len(folded_form) <= 3 else 2


def _plain_limit(size: int) -> int:
    return 1 if size <= 5 else 2


_FOLDED: tuple[tuple[str, Atom, int], ...] = tuple(sorted(
    {(fold_number_word(f), a, _max_edits(fold_number_word(f))) for f, a in LEXICON.items()}))


def _by_length() -> tuple[tuple[tuple[tuple[str, Atom, int], ...], tuple[str, ...]], ...]:
    """Index the folded lexicon by the substring lengths each form may match."""
    top = max(len(f) + d for f, _, d in _FOLDED)
    table = []
    for length in range(top + 1):
        entries = tuple(e for e in _FOLDED if abs(len(e[0]) - length) <= e[2])
        table.append((entries, tuple(e[0] for e in entries)))
    return tuple(table)


_BY_LENGTH = _by_length()


def well_formed(atoms: tuple[Atom, ...]) -> bool:
    """Return True when every multiplier follows a unit and every stem precedes a multiplier.

    A multiplier may open the word: it then binds to the previous word ("kaksi kymmentä").
    """
    for i, (kind, _) in enumerate(atoms):
        prev = atoms[i - 1][0] if i else "U"
        nxt = atoms[i + 1][0] if i + 1 < len(atoms) else ""
        if kind == "C" and nxt not in MULTIPLIERS:
            return False
        if kind in {"K", "TO", "HM"} and prev not in {"U", "C"}:
            return False
    return True


def _regrammar(atoms: tuple[Atom, ...]) -> tuple[Atom, ...]:
    """Read "sata"/"tuhat" after a unit above one as the multiplier it must be.

    "kolmesata" (a lost letter, or folding that merges "sataa" and "sata") is 300.
    """
    out = list(atoms)
    for i in range(1, len(out)):
        prev_kind, prev_val = out[i - 1]
        if prev_kind in {"U", "C"} and prev_val >= 2 and out[i][0] in {"H", "TH"}:
            out[i] = ("HM" if out[i][0] == "H" else "THM", 0)
    return tuple(out)


@lru_cache(maxsize=65536)
def parse_exact(word: str) -> tuple[Atom, ...] | None:
    """Segment a lower-case word exactly into number morphemes, or return None."""
    n = len(word)
    best: list[tuple[Atom, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + _MAX_FORM) + 1):
            atom = LEXICON.get(word[i:j])
            if atom is not None and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = (*best[i], atom)
    atoms = best[n]
    return _regrammar(atoms) if atoms and well_formed(atoms) else None


@dataclass(frozen=True)
class FuzzyParse:
    """A fuzzy segmentation: its atoms, total edits, and whether some long morpheme was exact."""

    atoms: tuple[Atom, ...]
    edits: int
    anchored: bool


@lru_cache(maxsize=65536)
def parse_fuzzy(word: str) -> FuzzyParse | None:
    """Segment a word into number morphemes, each within a few edits of its folded form.

    The whole word must be covered; the total edits may not exceed one per six folded
    letters (at least one); a morpheme of four or five letters takes a second edit only in
    a word anchored by an exact morpheme of four letters or more ("meisi|kymmentä").
    Returns None when no such segmentation exists.
    """
    f = fold_number_word(word)
    n = len(f)
    if n < 3 or n > 40 or not f.isalpha():
        return None
    budget = max(1, n // 6)
    # best[i] = (edits, morphemes, -anchors, stretched, atoms)
    best: list[tuple[int, int, int, bool, tuple[Atom, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, False, ())
    for i in range(n):
        if best[i] is None:
            continue
        edits0, count0, anchors0, stretched0, atoms0 = best[i]
        for length in range(1, min(len(_BY_LENGTH) - 1, n - i) + 1):
            entries, forms = _BY_LENGTH[length]
            hits = process.extract(f[i:i + length], forms, scorer=Levenshtein.distance,
                                   score_cutoff=min(2, budget - edits0), limit=None)
            for _, d, k in hits:
                form, atom, max_d = entries[k]
                if d > max_d:
                    continue
                anchor = 1 if d == 0 and len(form) >= 4 else 0
                stretched = stretched0 or d > _plain_limit(len(form))
                cand = (edits0 + d, count0 + 1, anchors0 - anchor, stretched, (*atoms0, atom))
                j = i + length
                if best[j] is None or cand[:3] < best[j][:3]:
                    best[j] = cand
    if best[n] is None or not well_formed(best[n][4]):
        return None
    edits, _, anchors, stretched, atoms = best[n]
    if stretched and anchors == 0:
        return None
    if atoms[-1][0] == "H" and re.search(r"([aä])\1$", word.lower()):
        atoms = (*atoms[:-1], ("HM", 0))  # folding merged "sataa" into "sata"
    return FuzzyParse(_regrammar(atoms), edits, anchors < 0)


@dataclass
class _Num:
    """A number being built: ``floor`` is the lowest filled magnitude (1 = closed)."""

    value: int
    floor: int
    first: int
    last: int
    unit: int = -1  # the unit just added (a following multiplier may bind it), or -1
    before_unit: int = 10_000  # floor before that unit was added
    before_last: int = -1  # last item before that unit was added


@dataclass(frozen=True)
class Chunk:
    """One spoken number: its digits and the indices of the first and last item it spans."""

    digits: str
    first: int
    last: int


_FACTOR = {"K": 10, "HM": 100}
_SLOT = {"K": 10, "TO": 10, "HM": 100}


def _bind(cur: _Num, kind: str, idx: int) -> tuple[_Num | None, _Num | None]:
    """Bind a multiplier to the unit just read; return (finished number, current number)."""
    d = cur.unit
    if cur.before_unit > _SLOT[kind]:  # the slot is free: "sata kolme kymmentä" = 130
        cur.value += d * (_FACTOR[kind] - 1) if kind in _FACTOR else 10
        cur.floor = 1 if kind == "TO" else _SLOT[kind]
        cur.unit, cur.last = -1, idx
        return None, cur
    # the slot is taken: the unit starts a new number ("kaksikymmentä | kaksi kymmentä")
    done = _Num(cur.value - d, cur.before_unit, cur.first, max(cur.first, cur.before_last))
    value = 10 + d if kind == "TO" else d * _FACTOR[kind]
    return done, _Num(value, 1 if kind == "TO" else _SLOT[kind], cur.last, idx)


def _step(cur: _Num | None, atom: Atom, idx: int) -> tuple[_Num | None, _Num | None, bool]:
    """Feed one atom; return (finished number, current number, whether the atom was used)."""
    kind, val = atom
    if kind in {"U", "C"}:
        if cur and cur.floor > 1 and val != 0:
            cur.before_unit, cur.before_last = cur.floor, cur.last
            cur.value, cur.floor, cur.unit, cur.last = cur.value + val, 1, val, idx
            return None, cur, True
        return cur, _Num(val, 1, idx, idx, val), True
    if kind in _SLOT:
        if cur is None or cur.unit < 1:
            return cur, None, False
        done, new = _bind(cur, kind, idx)
        return done, new, True
    if kind == "THM":
        if cur is None or cur.value >= 1000 or cur.floor == 1000:
            return cur, None, False
        cur.value, cur.floor, cur.unit, cur.last = cur.value * 1000, 1000, -1, idx
        return None, cur, True
    if kind == "TEN" and cur and cur.floor >= 100:
        cur.value, cur.floor, cur.unit, cur.last = cur.value + 10, 1, -1, idx
        return None, cur, True
    if kind == "H" and cur and cur.floor == 1000:
        cur.value, cur.floor, cur.unit, cur.last = cur.value + 100, 100, -1, idx
        return None, cur, True
    if kind in {"H", "TH"} and cur and cur.unit == 1 and cur.before_unit > val:
        cur.value += val - 1  # "yksi sata" = 100, "yksi tuhat" = 1000
        cur.floor, cur.unit, cur.last = val, -1, idx
        return None, cur, True
    return cur, _Num(val, {"TEN": 1, "H": 100, "TH": 1000}[kind], idx, idx), True


def combine(atoms: list[tuple[Atom, int]], breaks: frozenset[int] = frozenset()
            ) -> tuple[list[Chunk], set[int], list[int]]:
    """Apply the number grammar to (atom, item index) pairs from adjacent words.

    Returns the numbers found, the indices of items holding a multiplier that attached to
    nothing (a lone "sataa" is the verb *to rain*, "toista" means *another*), and the
    indices of items that joined the number before them across a word boundary. Those
    joins are the grammar's only ambiguity: "kaksikymmentä yksi" is 21, or 20 and 1 when
    digits are read in groups. Items in ``breaks`` start a new number instead of joining.
    """
    chunks: list[Chunk] = []
    orphans: set[int] = set()
    joins: list[int] = []
    cur: _Num | None = None
    for atom, idx in atoms:
        crossing = cur is not None and cur.last != idx and atom[0] not in MULTIPLIERS
        if crossing and idx in breaks:
            chunks.append(Chunk(str(cur.value), cur.first, cur.last))
            cur = None
        before = cur
        done, cur, used = _step(cur, atom, idx)
        if crossing and done is None and cur is before and before is not None:
            joins.append(idx)
        if not used:
            orphans.add(idx)
        if done is not None:
            chunks.append(Chunk(str(done.value), done.first, done.last))
    if cur is not None:
        chunks.append(Chunk(str(cur.value), cur.first, cur.last))
    return chunks, orphans, joins
