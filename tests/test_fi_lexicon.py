"""The one Finnish lexicon: data files, sections, tables, and the lists read from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.detect.lexical import context, name_words
from pipeline.detect.spoken import address, email
from pipeline.fi import lexicon, normalize

DATA_FILES = sorted(p.stem for p in lexicon.DATA.glob("*.txt"))


@pytest.fixture()
def tmp_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the lexicon at an empty data folder and clear its caches around the test."""
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    for fn in (lexicon.lines, lexicon.sections, lexicon.entries, lexicon.words, lexicon.table):
        fn.cache_clear()
    yield tmp_path
    for fn in (lexicon.lines, lexicon.sections, lexicon.entries, lexicon.words, lexicon.table):
        fn.cache_clear()


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_says_what_it_is_for(name: str) -> None:
    first = (lexicon.DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20


@pytest.mark.parametrize("name", sorted(set(DATA_FILES) - {"name_cues", "health_fi"}))
def test_no_list_repeats_a_word(name: str) -> None:
    """A word written twice in one list is a bug waiting for the copies to disagree.

    (Not the cue phrases, which share words, nor health terms, listed by category.)
    """
    seen: dict[str, str] = {}
    for section, rows in lexicon.sections(name).items():
        if name == "letter_names":
            rows = tuple(r.split()[0] for r in rows)
        for word in (w.lower() for r in rows for w in r.split()):
            assert word not in seen, f"{name}: {word!r} in [{seen.get(word)}] and [{section}]"
            seen[word] = section


def test_sections_words_entries_table(tmp_data: Path) -> None:
    (tmp_data / "x.txt").write_text(
        "# header\nfree\n[a]\nYks kaks # comment\n[b]\nkaks kol\n", encoding="utf-8")
    (tmp_data / "t.txt").write_text("# t\n[p]\naa A\n[q]\nbee B\n", encoding="utf-8")
    assert dict(lexicon.sections("x")) == {"": ("free",), "a": ("Yks kaks",), "b": ("kaks kol",)}
    assert lexicon.entries("x") == ("free", "yks", "kaks", "kol")
    assert lexicon.entries("x", "b", "a") == ("kaks", "kol", "yks")
    assert lexicon.words("x", "a") == frozenset({"yks", "kaks"})
    assert dict(lexicon.table("t")) == {"aa": "A", "bee": "B"}
    assert dict(lexicon.table("t", "q")) == {"bee": "B"}


def test_unknown_section_and_repeated_key_are_errors(tmp_data: Path) -> None:
    (tmp_data / "t.txt").write_text("[p]\naa A\nAA B\n", encoding="utf-8")
    with pytest.raises(KeyError, match="no section 'z'"):
        lexicon.words("t", "z")
    with pytest.raises(ValueError, match="twice"):
        lexicon.table("t")


def test_fillers_differ_only_by_their_own_sections() -> None:
    spoken = lexicon.words("fillers", "hesitation", "spoken")
    shared = lexicon.words("fillers", "hesitation")
    assert spoken & name_words.FILLERS == shared
    assert name_words.FILLERS - spoken == {"niinku"}
    assert {"öö", "tota", "eli"} <= shared and "joo" in spoken - name_words.FILLERS


def test_email_stop_words_include_the_spoken_fillers() -> None:
    assert isinstance(email.STOP, frozenset)
    assert lexicon.words("fillers", "hesitation", "spoken") <= email.STOP
    assert {"sähköpostiosoitteeni", "kiitos", "ensin"} <= email.STOP
    assert "niinku" not in email.STOP  # a name-only filler


def test_street_suffix_readers() -> None:
    assert isinstance(context.STREETS, tuple) and "kadulla".endswith(context.STREETS)
    assert not "mäki".endswith(context.STREETS)  # address-only: context keeps its guess narrow
    assert address._STREET.fullmatch("puijonkadulla")
    assert address._STREET.fullmatch("kivimäellä")
    assert not address._STREET.fullmatch("kissalla")


def test_letter_name_readers() -> None:
    assert normalize.LETTER_NAMES["kaksoisvee"] == "W"
    assert normalize.LETTER_NAMES["zeta"] == "Z" and "zeta" not in context.SPOKEN_ID
    assert "ägä" in context.SPOKEN_ID and "ägä" not in normalize.LETTER_NAMES
    assert all(len(v) == 1 and v.isupper() for v in normalize.LETTER_NAMES.values())


def test_acknowledgements() -> None:
    assert {"joo", "hetkinen", "katsotaan"} <= context.ACKS
    assert "henkilötunnus" not in context.ACKS
