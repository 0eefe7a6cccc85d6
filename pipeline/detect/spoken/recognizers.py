"""Presidio views of the spoken-identifier claims: one recognizer class per entity type.

Each class is declarative data: the entity it reports, Finnish cue-word stems for
Presidio's context enhancer, and language ``fi``. Its results are the claims
(:func:`~pipeline.detect.spoken.claims.claims`) of its entity in the text; no NLP
artifacts are needed. The fail-closed fallback, which also reads the claims, is
:class:`~pipeline.detect.spoken.number_run.NumberSequenceRecognizer`.
"""

from __future__ import annotations

from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult

from pipeline.detect.results import make_result
from pipeline.detect.spoken import address, card, email, hetu, iban, phone
from pipeline.detect.spoken.claims import claims
from pipeline.detect.spoken.document import Match


class SpokenRecognizer(EntityRecognizer):
    """A Presidio recognizer whose results are this text's claims of its entity types.

    Subclasses set ``ENTITIES`` and ``CONTEXT`` (Finnish cue-word stems for Presidio's
    context enhancer) and may override :meth:`matches`.
    """

    ENTITIES: tuple[str, ...] = ()
    CONTEXT: tuple[str, ...] = ()

    def __init__(self) -> None:
        """Register for Finnish with the class's entities and context words."""
        super().__init__(supported_entities=list(self.ENTITIES), supported_language="fi",
                         context=list(self.CONTEXT))

    def load(self) -> None:
        """Nothing to load: the recognizer is pure Python."""

    def matches(self, text: str) -> Iterable[Match]:
        """Return the matches this recognizer reports for ``text``."""
        return (m for m in claims(text) if m.entity in self.ENTITIES)

    def analyze(self, text: str, entities: list[str] | None, nlp_artifacts: object = None
                ) -> list[RecognizerResult]:
        """Report this recognizer's matches as Presidio results."""
        wanted = set(entities or self.ENTITIES)
        return [self._result(m) for m in self.matches(text) if m.entity in wanted]

    def _result(self, match: Match) -> RecognizerResult:
        return make_result(self, match.entity, match.start, match.end, match.score,
                           match.reason)


class SpokenHetuRecognizer(SpokenRecognizer):
    """Personal identity codes read aloud or written (FI_PERSONAL_IDENTITY_CODE)."""

    ENTITIES = (hetu.ENTITY,)
    CONTEXT = ("henkilötunnu", "hetu", "sotu", "tunnu", "syntymä")


class SpokenPhoneRecognizer(SpokenRecognizer):
    """Phone numbers read aloud or written (PHONE_NUMBER)."""

    ENTITIES = (phone.ENTITY,)
    CONTEXT = ("puhelin", "numero", "gsm", "känny", "soita", "tavoit", "liittymä")


class SpokenIbanRecognizer(SpokenRecognizer):
    """Finnish IBANs read aloud or written (IBAN_CODE)."""

    ENTITIES = (iban.ENTITY,)
    CONTEXT = ("tilinumero", "tili", "iban", "pankki")


class SpokenCardRecognizer(SpokenRecognizer):
    """Payment card numbers read aloud or written (CREDIT_CARD)."""

    ENTITIES = (card.ENTITY,)
    CONTEXT = card.CUES


class SpokenEmailRecognizer(SpokenRecognizer):
    """E-mail addresses read aloud or written (EMAIL_ADDRESS)."""

    ENTITIES = (email.ENTITY,)
    CONTEXT = ("sähköpost", "email", "meili", "osoite")


class AddressRecognizer(SpokenRecognizer):
    """Street addresses and postal codes with their town (ADDRESS)."""

    ENTITIES = (address.ENTITY,)
    CONTEXT = address.CUES
