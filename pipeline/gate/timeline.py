"""Time algebra of the release gate: which words are exposed, and risk items settled.

A word is *exposed* when less than :data:`COVERED` of its time lies under a bleep (bleeps
silence every channel). Risk items are padded, cut to the audio that is not bleeped, and
merged per channel; a merged item keeps the most serious of its reasons
(:data:`PRIORITY`). Also the two risk sources that need no text: bleeps whose edges the word
timing does not support, and speech with no words that was not bleeped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.redact.coverage import uncovered_speech
from pipeline.schema import PiiSpan, RiskItem, Word

COVERED = 0.8  # share of a word's time under a bleep for the word to count as bleeped
MIN_PIECE = 0.05  # seconds: shorter unbleeped slivers of a risk item are dropped
WORDLESS_MIN = 0.25  # seconds of wordless speech that are a risk item
EDGE_SECONDS = 1.5  # how far past an unsupported bleep edge an untimed word may lie
LOOP_REPEATS = 4  # a word or a group of up to LOOP_UNIT words said this many times in a row
LOOP_UNIT = 3
SHUFFLE_WINDOW = 12  # words in a row with at most a third of them different: a loop too
_CHAR_LOOP = re.compile(r"(..{1,3}?)\1{4,}")  # a loop inside one word: "aksaksaksaksaks"
PRIORITY = ("unbleeped_answer", "number_residue", "spelled_letters", "email_residue",
            "name_residue", "health_residue", "greeting_words", "between_bleeps",
            "unsupported_edge", "wordless_speech", "doubted_speech")

Raw = tuple[float, float, int, str]


def covered_share(start: float, end: float, bleeps: Sequence[PiiSpan]) -> float:
    """Return the share of [start, end] under ``bleeps`` (a point: 1.0 or 0.0)."""
    if end <= start:
        return float(any(b.start <= start <= b.end for b in bleeps))
    inside = sum(max(0.0, min(end, b.end) - max(start, b.start)) for b in bleeps)
    return min(1.0, inside / (end - start))


def exposed_words(words: Sequence[Word], bleeps: Sequence[PiiSpan]) -> list[bool]:
    """Return, per word, whether it is audible in the output (not bleeped)."""
    return [covered_share(w.start, w.end, bleeps) < COVERED for w in words]


def _subtract(a: float, b: float, bleeps: Iterable[PiiSpan]) -> list[tuple[float, float]]:
    pieces = [(a, b)]
    for s in bleeps:
        nxt = []
        for x, y in pieces:
            if s.end <= x or s.start >= y:
                nxt.append((x, y))
                continue
            if s.start > x:
                nxt.append((x, s.start))
            if s.end < y:
                nxt.append((s.end, y))
        pieces = nxt
    return [(x, y) for x, y in pieces if y - x >= MIN_PIECE]


def settle(raw: Iterable[Raw], bleeps: Sequence[PiiSpan], pad: float) -> list[RiskItem]:
    """Keep what of each raw item lies outside every bleep, pad it, cut again, merge per channel.

    Cutting before padding drops an item whose own time is bleeped and only its padding
    would reach past the bleep.
    """
    rank = {r: k for k, r in enumerate(PRIORITY)}
    pieces = sorted((x, y, ch, reason) for a, b, ch, reason in raw
                    for a2, b2 in _subtract(a, b, bleeps)
                    for x, y in _subtract(max(0.0, a2 - pad), b2 + pad, bleeps))
    merged: dict[int, list[list]] = {}
    for x, y, ch, reason in pieces:
        out = merged.setdefault(ch, [])
        if out and x <= out[-1][1]:
            out[-1][1] = max(out[-1][1], y)
            if rank.get(reason, 99) < rank.get(out[-1][2], 99):
                out[-1][2] = reason
        else:
            out.append([x, y, reason])
    items = [RiskItem(round(x, 3), round(y, 3), ch, reason)
             for ch, rows in merged.items() for x, y, reason in rows]
    return sorted(items, key=lambda r: (r.start, r.channel))


def unsupported_edges(words: Sequence[Word], bleeps: Sequence[PiiSpan]
                      ) -> tuple[list[PiiSpan], list[Raw]]:
    """Return fail-closed bleeps past bleep edges where an untimed word may lie, and risks.

    A word without a trustworthy timestamp (``timing_ok`` False) that a bleep overlaps was
    said somewhere between the timed words around it on its channel. The part of that gap
    within :data:`EDGE_SECONDS` of the bleep is bleeped too (the convention: an untimed word
    widens the redaction); where the gap goes on further, its next :data:`EDGE_SECONDS` are
    an ``unsupported_edge`` risk item for a person to hear. A bleep placed on a timing
    fallback is unsupported on both sides the same way.
    """
    widen: list[PiiSpan] = []
    out: list[Raw] = []
    for b in bleeps:
        untimed = [w for w in words if not w.timing_ok and w.start < b.end and b.start < w.end]
        spots = [(w.start, w.end, w.channel) for w in untimed]
        if b.reason == "timing_fallback" and not untimed:
            spots.append((b.start, b.end, b.channel))
        for start, end, ch in spots:
            prev = [w.end for w in words if w.channel == ch and w.timing_ok and w.end <= start]
            nxt = [w.start for w in words if w.channel == ch and w.timing_ok and w.start >= end]
            lo_gap, hi_gap = max([0.0, *prev]), min([b.end + 3 * EDGE_SECONDS, *nxt])
            lo, hi = max(lo_gap, b.start - EDGE_SECONDS), min(hi_gap, b.end + EDGE_SECONDS)
            for x, y in _subtract(min(lo, b.start), max(hi, b.end), bleeps):
                widen.append(PiiSpan(x, y, b.entity_type, b.score, "ReleaseGate", ch,
                                     reason="unsupported_edge", review=True))
            far = [(max(lo_gap, lo - EDGE_SECONDS), lo), (hi, min(hi_gap, hi + EDGE_SECONDS))]
            out += [(x, y, ch, "unsupported_edge") for a, c in far if c > a
                    for x, y in _subtract(a, c, bleeps)]
    return widen, out


def wordless_speech(speech: Sequence[tuple[float, float, int]], words: Sequence[Word]
                    ) -> list[Raw]:
    """Return speech with no words near it (as :func:`pipeline.redact.coverage.uncovered_speech`).

    Shorter stretches count than the ones bleeped as untranscribed: a first name is said in
    :data:`WORDLESS_MIN` seconds.
    """
    return [(s.start, s.end, s.channel, "wordless_speech")
            for s in uncovered_speech(speech, words, min_seconds=WORDLESS_MIN)]


def _loop_length(keys: Sequence[str], i: int) -> int:
    """Return how many words from ``i`` on repeat one group of 1..LOOP_UNIT words, or 0."""
    best = 0
    for n in range(1, LOOP_UNIT + 1):
        unit, reps = keys[i:i + n], 1
        if len(unit) < n or not all(unit):
            break
        while tuple(keys[i + reps * n:i + (reps + 1) * n]) == tuple(unit):
            reps += 1
        if reps >= LOOP_REPEATS:
            best = max(best, reps * n)
    return best


def loop_words(words: Sequence[Word]) -> frozenset[int]:
    """Return the indices of words written by one of Whisper's repetition loops.

    A decoder caught in a loop writes one word or phrase again and again ("hei, hei, hei,
    ..."), or shuffles a handful of words ("luone hän ettei kautta hän ettei ..."), with
    high confidence; the words say nothing about what was said. A loop is a group of up to
    :data:`LOOP_UNIT` words said :data:`LOOP_REPEATS` times in a row, or
    :data:`SHUFFLE_WINDOW` words in a row on one channel with at most a third of them
    different (the words said three times or more in it), or one word that repeats two to
    four letters five times or more ("katsaksaksaksaksaks...", which may cover half a minute).
    """
    out: set[int] = set()
    for ch in sorted({w.channel for w in words}):
        mine = [k for k, w in enumerate(words) if w.channel == ch]
        keys = [words[k].text.lower().strip(".,!?;:\"'-") for k in mine]
        out.update(k for k, key in zip(mine, keys, strict=True) if _CHAR_LOOP.search(key))
        i = 0
        while i < len(mine):
            length = _loop_length(keys, i)
            out.update(mine[i:i + length])
            i += max(1, length)
        for i in range(len(mine) - SHUFFLE_WINDOW + 1):
            window = keys[i:i + SHUFFLE_WINDOW]
            if all(window) and len(set(window)) <= SHUFFLE_WINDOW // 3:
                out.update(mine[i + j] for j, key in enumerate(window)
                           if window.count(key) >= 3)
    return frozenset(out)


def looped_speech(words: Sequence[Word], looped: frozenset[int] | None = None) -> list[Raw]:
    """Return the speech under Whisper's repetition loops (:func:`loop_words`).

    The speech from a loop's first word to the next word outside it on that channel is a
    ``wordless_speech`` risk item, since no real word describes it. ``looped``: the loop
    words' indices when the caller has them already.
    """
    looped = loop_words(words) if looped is None else looped
    out: list[Raw] = []
    for ch in sorted({w.channel for w in words}):
        mine = [k for k, w in enumerate(words) if w.channel == ch]
        i = 0
        while i < len(mine):
            if mine[i] not in looped:
                i += 1
                continue
            j = i
            while j + 1 < len(mine) and mine[j + 1] in looped:
                j += 1
            loop = [words[k] for k in mine[i:j + 1]]
            start = min(w.start for w in loop)
            after = [words[mine[j + 1]].start] if j + 1 < len(mine) else []
            end = max([w.end for w in loop] + after)
            if end > start:
                out.append((start, end, ch, "wordless_speech"))
            i = j + 1
    return out
