import json

import pytest

from flows.cli import main
from pipeline.config import DetectConfig
from pipeline.detect.analyzer import analyze_text, build_registry

EXPECTED = {
    "FiPersonalIdentityCodeRecognizer", "PhoneRecognizer", "OfflineEmailRecognizer",
    "IbanRecognizer", "CreditCardRecognizer", "SpacyRecognizer",
    "SpokenHetuRecognizer", "SpokenPhoneRecognizer", "SpokenIbanRecognizer",
    "SpokenCardRecognizer", "SpokenEmailRecognizer", "NumberSequenceRecognizer",
    "AddressRecognizer", "FinnishNameRecognizer", "HealthRecognizer", "ContextAnswerRecognizer",
}


def test_registry_holds_exactly_the_finnish_recognizers():
    registry = build_registry(DetectConfig())
    names = {r.name for r in registry.recognizers}
    assert names == EXPECTED
    assert all(r.supported_language == "fi" for r in registry.recognizers)


def test_registry_without_spacy():
    names = {r.name for r in build_registry(DetectConfig(use_spacy=False)).recognizers}
    assert names == EXPECTED - {"SpacyRecognizer"}


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("henkilötunnukseni on 131052-308T", "FI_PERSONAL_IDENTITY_CODE", "131052-308T"),
    ("soita numeroon 040 123 4567", "PHONE_NUMBER", "040 123 4567"),
    ("tili FI21 1234 5600 0007 85 kiitos", "IBAN_CODE", "FI21 1234 5600 0007 85"),
    ("osoite on liisa.virtanen@example.fi", "EMAIL_ADDRESS", "liisa.virtanen@example.fi"),
    ("Nimeni on Reijo Karjalainen.", "PERSON", "Reijo Karjalainen"),
])
def test_written_forms_found(text, entity, value):
    spans = analyze_text(text, DetectConfig())
    hits = [text[s.start:s.end] for s in spans if s.entity_type == entity]
    assert any(value in h for h in hits), spans


def test_empty_and_non_finnish_text_do_not_crash():
    assert analyze_text("", DetectConfig()) == []
    assert analyze_text("   \n ", DetectConfig()) == []
    mixed = "Hej, jag heter Anna. This is English. Kiitos! " * 50
    assert isinstance(analyze_text(mixed, DetectConfig()), list)


def test_detect_cli_prints_json(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("henkilötunnukseni on 131052-308T", encoding="utf-8")
    assert main(["detect", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"start", "end", "entity_type", "score", "recognizer"} <= set(out[0])
    assert any(o["entity_type"] == "FI_PERSONAL_IDENTITY_CODE" for o in out)


def test_detection_never_touches_the_network(monkeypatch):
    import socket

    def refuse(*_a, **_k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from pipeline.detect.analyzer import OfflineEmailRecognizer

    rec = OfflineEmailRecognizer()  # fresh: its suffix list must come from the package
    assert rec.validate_result("liisa.virtanen@example.fi")
    text = "sähköposti on matti.meikalainen@yritys.com kiitos"
    spans = analyze_text(text, DetectConfig())
    assert any(s.entity_type == "EMAIL_ADDRESS" for s in spans)
