"""Words and colours for the report pages: why a span was bleeped, call flags, type colours."""

from __future__ import annotations

import zlib

from pipeline.schema import PiiSpan

_PALETTE = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
            "#17becf", "#bcbd22", "#7f7f7f")
_FIXED = {"FI_PERSONAL_IDENTITY_CODE": 0, "PERSON": 1, "PHONE_NUMBER": 2, "IBAN_CODE": 3,
          "EMAIL_ADDRESS": 4, "ADDRESS": 5, "LOCATION": 5, "HEALTH": 6, "DATE_OF_BIRTH": 7,
          "CREDIT_CARD": 8, "NUMBER_SEQUENCE": 9}

WHY = {
    "pattern": "pattern", "checksum": "checksum validated", "ner": "name lexicon / NER",
    "fuzzy": "fuzzy match", "context": "context: answer to a question",
    "unvalidated": "unvalidated number run", "timing_fallback": "timing fallback",
    "voikko": "name lexicon / NER", "voikko-derived": "name lexicon (inflected form)",
    "glued": "name lexicon (words run together)", "split": "name lexicon (split word)",
    "pair": "first name + surname pair", "cue": "context: name cue word",
    "capitalised": "capitalised unknown word", "surname-shape": "surname-like word shape",
    "compound": "compound of a lexicon term", "suffix": "drug-name suffix",
    "untranscribed": "speech with no transcribed words",
    "low_confidence": "speech the recogniser was unsure of",
}
FLAGS = {
    "empty_transcript": "Empty transcript: speech was heard but no words were recognised, "
                        "so nothing could be checked for personal data.",
    "sparse_transcript": "Sparse transcript: far fewer words than the speech suggests; "
                         "personal data may have been missed.",
    "untranscribed_speech": "Speech with no transcribed words was bleeped: listen to check "
                            "the clip is still usable.",
    "unsure_speech": "Speech the recogniser was unsure of was bleeped: listen to check the "
                     "clip is still usable.",
}


def colour(entity_type: str) -> str:
    """Return a stable colour for an entity type."""
    idx = _FIXED.get(entity_type, zlib.crc32(entity_type.encode()) % len(_PALETTE))
    return _PALETTE[idx]


def why(span: PiiSpan) -> str:
    """Return a human explanation of why ``span`` was bleeped."""
    if span.reason == "lexicon":
        return "name lexicon / NER" if span.entity_type == "PERSON" else "term lexicon"
    return WHY.get(span.reason, span.reason or "unknown")

