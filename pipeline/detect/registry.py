"""Piip's Finnish recognizers, spoken identifiers first, then the lexical ones.

``finnish_recognizers`` is the single list the analyzer registers; a test asserts its
contents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.detect.lexical.context import ContextAnswerRecognizer
from pipeline.detect.lexical.health import HealthRecognizer
from pipeline.detect.lexical.names import FinnishNameRecognizer
from pipeline.detect.spoken.number_run import NumberSequenceRecognizer
from pipeline.detect.spoken.recognizers import (
    AddressRecognizer,
    SpokenCardRecognizer,
    SpokenEmailRecognizer,
    SpokenHetuRecognizer,
    SpokenIbanRecognizer,
    SpokenPhoneRecognizer,
)

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

    from pipeline.config import DetectConfig

# in registration order; each takes no arguments (ContextAnswerRecognizer is added last)
SPOKEN_RECOGNIZERS = (SpokenHetuRecognizer, SpokenPhoneRecognizer, SpokenIbanRecognizer,
                      SpokenCardRecognizer, SpokenEmailRecognizer, NumberSequenceRecognizer,
                      AddressRecognizer)
RECOGNIZERS = (*SPOKEN_RECOGNIZERS, FinnishNameRecognizer, HealthRecognizer)


def finnish_recognizers(cfg: DetectConfig) -> list[EntityRecognizer]:
    """Return fresh instances of every Finnish recognizer, configured from ``cfg``."""
    found: list[EntityRecognizer] = [cls() for cls in RECOGNIZERS]
    found.append(ContextAnswerRecognizer(max_words=cfg.context_max_words))
    return found
