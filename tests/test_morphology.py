import pytest

from pipeline.fi import morphology as m

pytestmark = pytest.mark.skipif(not m.available(), reason="Voikko (libvoikko1, voikko-fi) missing")


@pytest.mark.parametrize(("word", "baseform", "wordclass"), [
    ("rautiaiselle", "Rautiainen", "sukunimi"),
    ("Rautiaiselle", "Rautiainen", "sukunimi"),
    ("VIRTASELLA", "Virtanen", "sukunimi"),
    ("reijolta", "Reijo", "etunimi"),
    ("diabetesta", "diabetes", "nimisana"),
    ("masennukseen", "masennus", "nimisana"),
    ("henkilötunnuksesi", "henkilötunnus", "nimisana"),
    ("puhelinnumeronne", "puhelinnumero", "nimisana"),
])
def test_analyse_finds_base_form_and_class(word, baseform, wordclass):
    assert m.Analysis(baseform, wordclass) in {m.Analysis(a.baseform, a.wordclass)
                                               for a in m.analyse(word)}


@pytest.mark.parametrize("word", ["birtanen", "kirjoitunnukseni", "", "x" * 100])
def test_unknown_words_have_no_reading(word):
    assert m.analyse(word) == ()


def test_possessive_and_number_are_reported():
    (reading,) = m.analyse("sukunimesi")
    assert (reading.baseform, reading.possessive, reading.number) == ("sukunimi", "2s", "singular")


def test_analyse_is_cached_and_case_insensitive():
    assert m.analyse("Virtanen") is m.analyse("virtanen")


def test_suggest_offers_a_correction():
    assert "Virtanen" in m.suggest("birtanen")


def test_missing_voikko_raises_a_clear_runtime_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_voikko(name, *args, **kwargs):
        if name == "libvoikko":
            raise ImportError("no libvoikko")
        return real_import(name, *args, **kwargs)

    m._voikko.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_voikko)
    try:
        with pytest.raises(RuntimeError, match="libvoikko1 and voikko-fi"):
            m._voikko()
        assert not m.available()
    finally:
        monkeypatch.undo()
        m._voikko.cache_clear()
    assert m.available()


def test_strip_endings_gives_stems():
    assert "kirjoitunnukse" in m.strip_endings("kirjoitunnukseni")
    assert "metformiini" in m.strip_endings("metformiinia")
