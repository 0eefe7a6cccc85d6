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
        mod = importlib.import_module(f"pipeline.recognizers.{module}")
        factory = getattr(mod, cls)
        found.append(factory(max_words=cfg.context_max_words) if cls == "ContextAnswerRecognizer"
                     else factory())
    return found


_RECOGNIZERS = [
    ("hetu", "SpokenHetuRecognizer"),
    ("phone", "SpokenPhoneRecognizer"),
    ("iban", "SpokenIbanRecognizer"),
    ("card", "SpokenCardRecognizer"),
    ("email", "SpokenEmailRecognizer"),
    ("number_run", "NumberSequenceRecognizer"),
    ("address", "AddressRecognizer"),
    ("names", "FinnishNameRecognizer"),
    ("health", "HealthRecognizer"),
    ("context", "ContextAnswerRecognizer"),
]
