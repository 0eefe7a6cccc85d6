"""Run every spoken-identifier recognizer on a text (the helper of tests/test_spoken_*.py)."""

from __future__ import annotations

import pytest

from pipeline.detect.registry import SPOKEN_RECOGNIZERS
from pipeline.fi import morphology

RECOGNIZERS = [cls() for cls in SPOKEN_RECOGNIZERS]
needs_voikko = pytest.mark.skipif(not morphology.available(), reason="Voikko not installed")

Hit = tuple[str, str, float, str]


def found(text: str) -> list[Hit]:
    """Every result of every spoken recognizer, in text order.

    Each is (entity, the exact text it covers, score, reason): a test comparing the whole
    list fails on a span too wide or too narrow, and on any extra result.
    """
    hits = []
    for rec in RECOGNIZERS:
        for r in rec.analyze(text, None, None):
            hits.append((r.start, r.end, (r.entity_type, text[r.start:r.end], r.score,
                                          r.recognition_metadata["reason"])))
    return [hit for _, _, hit in sorted(hits)]
