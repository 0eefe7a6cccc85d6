"""Presidio set-up for Finnish, and detection over a transcript.

The analyzer is configured explicitly for language ``fi``: the Finnish spaCy NER for persons
(and places next to an address), Presidio's written-form recognizers (identity code, phone
with region FI, e-mail with an offline suffix list, IBAN, card) and Piip's spoken-Finnish
recognizers from :mod:`pipeline.detect.registry`. It is built once per process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngine, NlpEngineProvider
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    FiPersonalIdentityCodeRecognizer,
    IbanRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
)

from pipeline.config import DetectConfig
from pipeline.detect.pieces import PIECE_CHARS, PIECE_OVERLAP, split_pieces
from pipeline.detect.registry import finnish_recognizers
from pipeline.errors import InputError, ModelError
from pipeline.schema import TextSpan

LANG = "fi"
SPACY_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
ADDRESS_NEIGHBOURHOOD = 40  # characters: a place this close to an address is part of it


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer validated against tldextract's bundled suffix list.

    The stock recognizer calls ``tldextract.extract``, which downloads the public suffix list
    on first use; this one never touches the network.
    """

    def __init__(self) -> None:
        """Build with the bundled snapshot of the public suffix list."""
        import tldextract

        super().__init__(supported_language=LANG)
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        """Accept an address whose domain has a known public suffix."""
        return self._extract(pattern_text).fqdn != ""


def _nlp_engine(cfg: DetectConfig) -> NlpEngine:
    conf = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": LANG, "model_name": cfg.spacy_model}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": SPACY_LABELS,
            "labels_to_ignore": ["O", "DATE", "TIME", "ORG", "NORP", "PRODUCT", "EVENT",
                                 "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                                 "WORK_OF_ART", "LAW", "LANGUAGE", "FAC"],
            "low_confidence_score_multiplier": 1.0,
        },
    }
    try:
        return NlpEngineProvider(nlp_configuration=conf).create_engine()
    except Exception as exc:
        reason = type(exc).__name__
        raise ModelError(f"cannot load spaCy model {cfg.spacy_model}: {reason}") from exc


def build_registry(cfg: DetectConfig) -> RecognizerRegistry:
    """Return the registry of every recognizer Piip uses for Finnish, and nothing else."""
    registry = RecognizerRegistry(supported_languages=[LANG])
    written = [
        FiPersonalIdentityCodeRecognizer(supported_language=LANG),
        PhoneRecognizer(supported_language=LANG, supported_regions=("FI",),
                        context=["puhelin", "puhelinnumero", "numero", "gsm", "kännykkä"]),
        OfflineEmailRecognizer(),
        IbanRecognizer(supported_language=LANG, context=["tilinumero", "iban", "tili"]),
        CreditCardRecognizer(supported_language=LANG, context=["kortti", "korttinumero"]),
    ]
    if cfg.use_spacy:
        written.append(SpacyRecognizer(supported_language=LANG,
                                       supported_entities=["PERSON", "LOCATION"]))
    for rec in [*written, *finnish_recognizers(cfg)]:
        registry.add_recognizer(rec)
    return registry


@lru_cache(maxsize=2)
def build_analyzer(cfg: DetectConfig) -> AnalyzerEngine:
    """Build (once per process and config) the Finnish Presidio analyzer."""
    registry = build_registry(cfg)
    nlp = _nlp_engine(cfg) if cfg.use_spacy else _blank_engine()
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=[LANG])


def _blank_engine() -> NlpEngine:
    """Return a tokenizer-only spaCy engine, for running without the NER model."""
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class _BlankFinnish(SpacyNlpEngine):
        def load(self) -> None:
            import spacy

            self.nlp = {LANG: spacy.blank(LANG)}

    engine = _BlankFinnish(models=[{"lang_code": LANG, "model_name": "blank"}])
    engine.load()
    return engine


def _keep(result: RecognizerResult, addresses: Sequence[RecognizerResult]) -> bool:
    """Keep spaCy places only where they are part of an address."""
    if result.entity_type != "LOCATION":
        return True
    return any(a.start - ADDRESS_NEIGHBOURHOOD <= result.start <= a.end + ADDRESS_NEIGHBOURHOOD
               for a in addresses)


def _to_span(result: RecognizerResult) -> TextSpan:
    meta = result.recognition_metadata or {}
    name = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")
    reason = meta.get("reason") or ("ner" if name == "SpacyRecognizer" else "pattern")
    entity = "ADDRESS" if result.entity_type == "LOCATION" else result.entity_type
    return TextSpan(result.start, result.end, entity, round(float(result.score), 3), name, reason)


def analyze_text(text: str, cfg: DetectConfig, analyzer: AnalyzerEngine | None = None
                 ) -> list[TextSpan]:
    """Find personal data in Finnish ``text``; return character spans, ordered by start."""
    if not text.strip():
        return []
    engine = analyzer or build_analyzer(cfg)
    entities = list(cfg.entities) or None
    results = engine.analyze(text=text, language=LANG, entities=entities,
                             score_threshold=cfg.score_threshold)
    addresses = [r for r in results if r.entity_type == "ADDRESS"]
    spans = [_to_span(r) for r in results if _keep(r, addresses)]
    return sorted(spans, key=lambda s: (s.start, s.end, s.entity_type))


def analyze_long_text(text: str, cfg: DetectConfig, analyzer: AnalyzerEngine | None = None,
                      size: int = PIECE_CHARS, overlap: int = PIECE_OVERLAP) -> list[TextSpan]:
    """Find personal data in text of any length, piece by piece, in time linear in its length.

    Each piece (see :mod:`pipeline.detect.pieces`) is analysed on its own; a span is kept from the
    piece that owns its start, with offsets into the whole ``text``, and exact duplicates are
    merged (highest score). A text of at most ``size`` characters gives what
    :func:`analyze_text` gives.
    """
    best: dict[tuple[int, int, str], TextSpan] = {}
    for piece in split_pieces(text, size, overlap):
        for span in analyze_text(text[piece.start:piece.end], cfg, analyzer):
            start, end = span.start + piece.start, span.end + piece.start
            if not piece.own_from <= start < piece.own_to:
                continue
            key = (start, end, span.entity_type)
            if key not in best or span.score > best[key].score:
                best[key] = replace(span, start=start, end=end)
    return sorted(best.values(), key=lambda s: (s.start, s.end, s.entity_type))


def read_text(raw: bytes, name: str) -> str:
    """Return ``raw`` as UTF-8 text, or raise :class:`InputError` naming ``name``.

    Refuses bytes that are not UTF-8 and text with NUL or other control characters (binary).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    controls = len(_CONTROL.findall(text))
    if "\0" in text or controls > len(text) // 100:
        raise InputError(f"{name}: binary data, not text ({controls} control characters)")
    return text
