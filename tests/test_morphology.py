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


@pytest.mark.parametrize(("text", "words"), [
    ("Hei, nimeni on reio -kälainen.", ["Hei", "nimeni", "on", "reio", "kälainen"]),
    ("joo\n\nse on 131052-308T?", ["joo", "se", "on", "131052-308T"]),
    (" - ... ", []),
])
def test_tokenize_offsets_point_into_the_text(text, words):
    toks = m.tokenize(text)
    assert [t.text for t in toks] == words
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_tokenize_marks_lines_sentence_ends_and_hyphen_fragments():
    toks = m.tokenize("reio -kälainen.\nJoo")
    assert [(t.line, t.index) for t in toks] == [(0, 0), (0, 1), (1, 0)]
    assert toks[1].hyphen_lead and toks[1].ends_sentence and not toks[0].ends_sentence
    assert [len(line) for line in m.lines_of(toks)] == [2, 1]


def test_tokenize_marks_commas_after_words():
    toks = m.tokenize("Kiitos, Eeva: hei (moi), joo.")
    assert [t.comma_after for t in toks] == [True, True, False, True, False]
    assert not any(t.comma_after for t in m.tokenize("joo. hei"))


@pytest.mark.parametrize(("word", "folded"), [
    ("Birtanen", "virtanen"), ("Mäkinnen", "makinen"), ("Gustav", "kustav"),
    ("Anna-Liisa", "analisa"),
])
def test_fold(word, folded):
    assert m.fold(word) == folded


def test_strip_endings_gives_stems():
    assert "kirjoitunnukse" in m.strip_endings("kirjoitunnukseni")
    assert "metformiini" in m.strip_endings("metformiinia")
