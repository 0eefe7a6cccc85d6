"""The redacted transcript with risk stretches masked, and its turns as :class:`Utterance`.

Reports never print what the audio may leak: a detected entity becomes ``<TYPE>``, a word
mostly under a bleep given in ``masked`` becomes that bleep's ``<TYPE>`` (fail-closed residue,
unreliable speech: the audio is bleeped, so is the text), and a word overlapping a risk item
on its channel becomes ``<RISK>``. Adjacent words with the same mask become one. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.gate.timeline import COVERED, covered_share
from pipeline.redact.textmap import TextLayout, redact_text, word_aligned
from pipeline.schema import PiiSpan, RiskItem, TextSpan, Utterance, Word

RISK = "RISK"


def _labels(lay: TextLayout, words: Sequence[Word], found: Sequence[TextSpan],
            risks: Sequence[RiskItem], masked: Sequence[PiiSpan]) -> list[tuple[int, int, str]]:
    """Character spans to mask, each with its label; entities first, then bleeps, then risks."""
    out = [(*word_aligned(lay, s.start, s.end), s.entity_type) for s in found]
    for k, w in enumerate(words):
        hit = next((s.entity_type for s in masked
                    if covered_share(w.start, w.end, [s]) >= COVERED), None)
        if hit is None and any(r.channel == w.channel and r.start < w.end and w.start < r.end
                               for r in risks):
            hit = RISK
        if hit is not None:
            out.append((lay.starts[k], lay.ends[k], hit))
    return _joined(lay.text, out)


def _joined(text: str, labels: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join spans with the same label separated only by spaces (never across a turn)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in sorted(labels):
        if out and out[-1][2] == label and start >= out[-1][1] and \
                not text[out[-1][1]:start].strip(" "):
            out[-1] = (out[-1][0], max(out[-1][1], end), label)
        else:
            out.append((start, end, label))
    return out


def turns(lay: TextLayout) -> list[range]:
    """Return the word indices of each turn (line) of the analysed text."""
    out: list[range] = []
    first = 0
    for k in range(1, len(lay.starts) + 1):
        if k == len(lay.starts) or "\n" in lay.text[lay.ends[k - 1]:lay.starts[k]]:
            out.append(range(first, k))
            first = k
    return [r for r in out if r]


def utterances(lay: TextLayout, words: Sequence[Word], found: Sequence[TextSpan],
               risks: Sequence[RiskItem], masked: Sequence[PiiSpan] = ()
               ) -> tuple[Utterance, ...]:
    """Return one :class:`Utterance` per turn: its time, channel and masked text."""
    labels = _labels(lay, words, found, risks, masked)
    out = []
    for turn in turns(lay):
        a, b = lay.starts[turn[0]], lay.ends[turn[-1]]
        inside = [(max(s, a) - a, min(e, b) - a, lab) for s, e, lab in labels if s < b and a < e]
        chosen = [words[k] for k in turn]
        out.append(Utterance(round(min(w.start for w in chosen), 3),
                             round(max(w.end for w in chosen), 3), chosen[0].channel,
                             redact_text(lay.text[a:b], inside)))
    return tuple(out)


def masked_text(lay: TextLayout, words: Sequence[Word], found: Sequence[TextSpan],
                risks: Sequence[RiskItem], masked: Sequence[PiiSpan] = ()) -> str:
    """Return the redacted transcript with risk stretches masked, turns on separate lines."""
    return "\n".join(u.text for u in utterances(lay, words, found, risks, masked))
