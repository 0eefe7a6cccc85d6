"""Build Presidio results the same way in every Piip recognizer."""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def make_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float,
                reason: str) -> RecognizerResult:
    """Return a result carrying the recognizer's name and id and Piip's ``reason``.

    The explanation object is always set: Presidio's context enhancer writes into it.
    """
    explanation = AnalysisExplanation(recognizer=recognizer.name, original_score=score,
                                      textual_explanation=reason)
    return RecognizerResult(entity, start, end, score, analysis_explanation=explanation,
                            recognition_metadata={
                                RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
                                "reason": reason})
