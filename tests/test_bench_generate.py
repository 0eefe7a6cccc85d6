"""The call generator: valid identifiers, Finnish spoken forms, deterministic scripts."""

from __future__ import annotations

import collections
import random
import re
import shutil

import numpy as np
import pytest

from bench import pii_values as pv
from bench.calls import CallScript, build_call, parse_turn
from bench.cast import PII_TYPES, make_cast
from bench.generate import bench_scripts, sample_scripts
from bench.lexicon import surname_case
from bench.render import mixdown, place, truth
from bench.spoken import cardinal, ordinal


@pytest.mark.parametrize(("code", "valid"), [
    ("131052-308T", True),
    ("131052-308U", False),    # wrong check character
    ("100190-999P", True),     # temporary individual number
    ("100190Y999P", True),     # 2023 century letter, same digits
    ("310299A123H", False),    # 31 February
    ("131052_308T", False),    # no such century sign
])
def test_hetu_validator(code, valid):
    assert pv.hetu_valid(code) is valid


@pytest.mark.parametrize("sign", list(pv.CENTURY_SIGNS))
def test_generated_hetus_are_valid_for_every_century_sign(sign):
    rng = random.Random(sign)
    for _ in range(200):
        born = pv.make_birth_date(rng, pv.CENTURY_SIGNS[sign])
        code = pv.make_hetu(rng, born, sign)
        assert pv.hetu_valid(code) and code[6] == sign
        assert code[:6] == born.strftime("%d%m%y")


def test_generated_ibans_and_cards_pass_their_checks():
    rng = random.Random(5)
    for _ in range(300):
        iban, card = pv.make_iban(rng), pv.make_card(rng)
        assert re.fullmatch(r"FI\d{2}( \d{4}){3} \d{2}", iban) and pv.iban_valid(iban)
        assert re.fullmatch(r"\d{4}( \d{4}){3}", card) and pv.luhn_valid(card)


@pytest.mark.parametrize(("check", "value", "valid"), [
    (pv.iban_valid, "FI21 1234 5600 0007 85", True),
    (pv.iban_valid, "FI21 1234 5600 0007 86", False),
    (pv.luhn_valid, "4111 1111 1111 1111", True),
    (pv.luhn_valid, "4111 1111 1111 1112", False),
])
def test_check_digit_validators(check, value, valid):
    assert check(value) is valid


@pytest.mark.parametrize(("n", "words"), [
    (0, "nolla"), (10, "kymmenen"), (13, "kolmetoista"), (52, "viisikymmentäkaksi"),
    (100, "sata"), (308, "kolmesataakahdeksan"),
    (1984, "tuhatyhdeksänsataakahdeksankymmentäneljä"), (2003, "kaksituhattakolme"),
])
def test_cardinals(n, words):
    assert cardinal(n) == words


@pytest.mark.parametrize(("n", "words"), [
    (1, "ensimmäinen"), (5, "viides"), (13, "kolmastoista"), (21, "kahdeskymmenesensimmäinen"),
    (30, "kolmaskymmenes"),
])
def test_ordinals(n, words):
    assert ordinal(n) == words


@pytest.mark.parametrize(("surname", "case", "form"), [
    ("Virtanen", "gen", "Virtasen"), ("Virtanen", "all", "Virtaselle"),
    ("Nieminen", "abl", "Niemiseltä"), ("Mäkelä", "ade", "Mäkelällä"),
    ("Laine", "gen", "Laineen"), ("Lehto", "gen", "Lehdon"), ("Mäki", "all", "Mäelle"),
])
def test_surname_inflection(surname, case, form):
    assert surname_case(surname, case) == form


@pytest.mark.parametrize(("code", "sign_word"), [
    ("131052-308T", r"(viiva|miinus)"), ("010199+123B", "plus"), ("010101A1234", "aa"),
    ("131052Y308T", "yy"), ("131052W308T", "kaksoisvee"), ("010105F123A", "äf"),
])
def test_spoken_hetu_names_its_century_sign(code, sign_word):
    for seed in range(10):
        spoken = pv.say_hetu(code, random.Random(seed))
        assert re.search(rf"\b{sign_word}\b", spoken)
        assert not re.search(r"\d", spoken)


def test_spoken_email_uses_finnish_symbol_words():
    spoken = pv.say_email("matti_virtanen-84@suomi24.fi", random.Random(1))
    assert spoken.startswith("matti alaviiva virtanen")
    assert " ät suomi kaksikymmentäneljä piste " in spoken
    assert "@" not in spoken and "." not in spoken


def test_turn_is_split_into_literal_and_pii_chunks():
    rng = random.Random(3)
    cast = make_cast(rng, "-")
    turn = parse_turn("C: Se on {HETU}, toivottavasti kuului.", cast, rng, {}, 0.4)
    assert [c.pii_type for c in turn.chunks] == ["", "FI_PERSONAL_IDENTITY_CODE", ""]
    assert turn.chunks[0].text == "Se on" and turn.chunks[2].text == "toivottavasti kuului."
    assert turn.chunks[1].value == cast.hetu
    assert turn.text == f"Se on {turn.chunks[1].text}, toivottavasti kuului."


def _pii(script: CallScript) -> list:
    return [c for t in script.turns for c in t.chunks if c.pii_type]


def test_scripts_are_deterministic_per_seed():
    assert [s.to_dict() for s in bench_scripts(4, 1)] == [s.to_dict() for s in bench_scripts(4, 1)]
    assert bench_scripts(2, 1)[1].to_dict() != bench_scripts(2, 2)[1].to_dict()


def test_benchmark_calls_have_the_planned_mix():
    scripts = bench_scripts(16, 1)
    kinds = collections.Counter(s.fmt.kind for s in scripts)
    assert kinds == {"telephone": 8, "stereo": 4, "wideband": 4}
    signs = {c.value[6] for s in scripts for c in _pii(s) if c.pii_type.startswith("FI_")}
    assert len(signs) >= 8
    for s in scripts:
        assert 8 <= len(_pii(s)) <= 12, s.call_id
        assert 30 <= s.estimated_seconds() <= 90, s.call_id
        assert {c.pii_type for c in _pii(s)} <= set(PII_TYPES)
        assert s.agent_voice != s.customer_voice
    values = {c.pii_type: c.value for s in scripts for c in _pii(s)}
    assert pv.hetu_valid(values["FI_PERSONAL_IDENTITY_CODE"])
    assert pv.iban_valid(values["IBAN_CODE"]) and pv.luhn_valid(values["CREDIT_CARD"])


def test_samples_hold_a_capitalised_name_a_hetu_and_a_phone():
    for s in sample_scripts():
        chunks = _pii(s)
        assert {"PERSON", "FI_PERSONAL_IDENTITY_CODE", "PHONE_NUMBER"} <= {
            c.pii_type for c in chunks}
        names = [c.text for c in chunks if c.pii_type == "PERSON"]
        assert any(n[0].isupper() and any(n in t.text for t in s.turns) for n in names)
        assert 18 <= s.estimated_seconds() <= 40


@pytest.mark.parametrize("index", [0, 2, 3])  # telephone, stereo, wideband
def test_truth_spans_are_where_the_chunks_were_placed(index):
    script = build_call(1, index, "t")
    rng = np.random.default_rng(0)
    fake = {(ti, ci): (0.1 * rng.standard_normal(400 + 40 * len(c.text))).astype(np.float32)
            for ti, t in enumerate(script.turns) for ci, c in enumerate(t.chunks)}
    placed = place(script, fake)
    audio = mixdown(script, placed)
    record = truth(script, placed, audio)
    rate = record["sample_rate"]
    assert record["duration"] == pytest.approx(len(audio) / rate, abs=1e-4)
    assert len(record["spans"]) == len(_pii(script))
    for sp in record["spans"]:
        seg = audio[int(sp["start"] * rate):int(sp["end"] * rate)]
        assert np.sqrt(np.mean(seg[:, sp["channel"]] ** 2)) > 0.03
        if record["channels"] == 2:
            assert np.abs(seg[:, 1 - sp["channel"]]).max() == 0.0


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_espeak_speaks_a_short_sentence():
    from bench.synth import Voice, speak

    x, rate = speak("Hyvää päivää.", Voice("espeak", "m3"))
    assert rate == 16000
    assert 0.4 < len(x) / rate < 2.5
    assert np.sqrt(np.mean(x ** 2)) > 0.01
