"""Piip's spoken-Finnish recognizers, one module per entity.

``finnish_recognizers`` is the single list the analyzer registers; a test asserts its
contents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

    from pipeline.config import DetectConfig


def finnish_recognizers(cfg: DetectConfig) -> list[EntityRecognizer]:
    """Return fresh instances of every spoken-Finnish recognizer."""
    import importlib

    found: list[EntityRecognizer] = []
    for module, cls in _RECOGNIZERS:
        mod = importlib.import_module(f"pipeline.detect.{module}")
        factory = getattr(mod, cls)
        found.append(factory(max_words=cfg.context_max_words) if cls == "ContextAnswerRecognizer"
                     else factory())
    return found


_RECOGNIZERS = [
    ("spoken.hetu", "SpokenHetuRecognizer"),
    ("spoken.phone", "SpokenPhoneRecognizer"),
    ("spoken.iban", "SpokenIbanRecognizer"),
    ("spoken.card", "SpokenCardRecognizer"),
    ("spoken.email", "SpokenEmailRecognizer"),
    ("spoken.number_run", "NumberSequenceRecognizer"),
    ("spoken.address", "AddressRecognizer"),
    ("lexical.names", "FinnishNameRecognizer"),
    ("lexical.health", "HealthRecognizer"),
    ("lexical.context", "ContextAnswerRecognizer"),
]
