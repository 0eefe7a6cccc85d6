"""The one Finnish token type: words of :func:`tokenize` and units of :func:`normalize`."""

from __future__ import annotations

import pytest

from pipeline.fi import morphology
from pipeline.fi.normalize import normalize
from pipeline.fi.tokens import KINDS, Token, lines_of, tokenize


@pytest.mark.parametrize(("text", "words"), [
    ("Hei, nimeni on reio -kälainen.", ["Hei", "nimeni", "on", "reio", "kälainen"]),
    ("joo\n\nse on 131052-308T?", ["joo", "se", "on", "131052-308T"]),
    (" - ... ", []),
])
def test_tokenize_offsets_point_into_the_text(text, words):
    toks = tokenize(text)
    assert [t.text for t in toks] == words
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_tokenize_marks_lines_sentence_ends_and_hyphen_fragments():
    toks = tokenize("reio -kälainen.\nJoo")
    assert [(t.line, t.index) for t in toks] == [(0, 0), (0, 1), (1, 0)]
    assert toks[1].hyphen_lead and toks[1].ends_sentence and not toks[0].ends_sentence
    assert [len(line) for line in lines_of(toks)] == [2, 1]


def test_tokenize_marks_commas_after_words():
    toks = tokenize("Kiitos, Eeva: hei (moi), joo.")
    assert [t.comma_after for t in toks] == [True, True, False, True, False]
    assert not any(t.comma_after for t in tokenize("joo. hei"))


def test_lines_of_skips_empty_turns_and_keeps_order():
    toks = tokenize("a b\n\n\nc\nd e f")
    assert [[t.text for t in line] for line in lines_of(toks)] == [
        ["a", "b"], ["c"], ["d", "e", "f"]]


def test_word_tokens_are_words_with_case_helpers():
    tok = tokenize("Virtanen")[0]
    assert (tok.kind, tok.value, tok.text, tok.lower, tok.capitalised) == (
        "word", "Virtanen", "Virtanen", "virtanen", True)
    assert not tokenize("virtanen")[0].capitalised


def test_normalize_and_tokenize_share_one_type():
    """The lexical and the spoken recognizers read the same token class."""
    spoken = normalize("nolla tee viiva kissa")
    assert all(type(t) is Token for t in spoken) and type(tokenize("kissa")[0]) is Token
    assert [(t.kind, t.value) for t in spoken] == [
        ("digit", "0"), ("letter", "T"), ("sep", "-"), ("word", "kissa")]
    assert {t.kind for t in spoken} <= set(KINDS)
    assert morphology.Token is Token  # re-exported for the gate's callers


def test_tokens_are_frozen_values():
    a, b = Token("7", 0, 5, kind="digit"), Token("7", 0, 5, kind="digit")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.value = "8"  # type: ignore[misc]
