"""``piip detect`` on bad and long input (issue 10, item 6)."""

from __future__ import annotations

import json

import pytest

import pipeline.detect.analyzer as detect
from flows.cli import main
from pipeline.config import DetectConfig
from pipeline.detect.pieces import PIECE_CHARS, PIECE_OVERLAP, split_pieces
from tests.conftest import FakeAnalyzer

HETU = r"\d{6}[-+A]\d{3}[0-9A-Y]"
CODE = "131052-308T"


def _one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize(("content", "words"), [
    (b"henkil\xf6tunnus 131052-308T", "not UTF-8"),              # Latin-1, not UTF-8
    (b"\xff\xfe\x00h\x00e\x00i", "not UTF-8"),                   # UTF-16 with BOM
    (bytes(range(256)) * 40, "not UTF-8"),                       # binary, invalid UTF-8
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" + b"\x00" * 200, "binary"),  # binary, valid UTF-8
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content, words):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    assert main(["detect", str(path)]) == 2
    line = _one_line_error(capsys)
    assert words in line and "in.txt" in line


def test_bad_stdin_is_one_line_and_exit_2(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"abc \xc3\x28 def")))
    assert main(["detect"]) == 2
    assert "standard input: not UTF-8" in _one_line_error(capsys)


def test_pieces_partition_the_text_and_stay_bounded():
    text = ("Hei. Soitan laskusta, numero on 040 123 4567.\n" * 30_000)[:1_200_000]
    pieces = split_pieces(text)
    assert pieces[0].own_from == 0 and pieces[-1].own_to == len(text)
    for a, b in zip(pieces, pieces[1:], strict=False):
        assert a.own_to == b.own_from
        assert a.end - a.own_to >= PIECE_OVERLAP // 2 - 60  # room after each cut, a word less
        assert b.own_from - b.start >= PIECE_OVERLAP // 2 - 60
    assert max(p.end - p.start for p in pieces) <= PIECE_CHARS + PIECE_OVERLAP
    assert split_pieces("lyhyt teksti") == [split_pieces("lyhyt teksti")[0]]


def _text_with_code_on_a_boundary(size: int, piece: int) -> tuple[str, int]:
    """Plant the code just before a cut (a turn's end): both pieces around it see it."""
    filler = "Kiitos, katson tiedot. Onko teillä muuta kysyttävää tänään?\n"
    text = filler * (size // len(filler))
    cut = split_pieces(text)[piece].own_to
    at = cut - 1 - len(CODE)
    text = text[:at - 4] + " on " + CODE + text[cut - 1:]
    assert split_pieces(text)[piece].own_to == cut
    return text, at


def test_code_cut_in_two_by_a_hard_cut_is_found_once():
    # no space, sentence end or newline near the cut: the cut falls inside the code
    text = "a " * 3000 + "x" * 1995 + CODE + "y" * 3000 + " b" * 3000
    cut = split_pieces(text)[1].own_to
    at = text.index(CODE)
    assert at < cut < at + len(CODE)
    spans = detect.analyze_long_text(text, DetectConfig(), FakeAnalyzer(HETU, "HETU"))
    assert [(s.start, s.end) for s in spans] == [(at, at + len(CODE))]


def test_code_on_a_piece_boundary_found_once_with_its_offsets(tmp_path, monkeypatch, capsys):
    text, at = _text_with_code_on_a_boundary(1_100_000, 150)
    assert len(text) > 1_000_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    seen: list[int] = []

    class Recording(FakeAnalyzer):
        def analyze(self, text: str, **kw: object) -> list:
            seen.append(len(text))
            return super().analyze(text, **kw)

    monkeypatch.setattr(detect, "build_analyzer", lambda _cfg: Recording(HETU, "HETU"))
    assert main(["detect", str(path)]) == 0
    assert max(seen) <= PIECE_CHARS + PIECE_OVERLAP  # spaCy's 1,000,000 is never reached
    found = [s for s in json.loads(capsys.readouterr().out) if s["entity_type"] == "HETU"]
    assert [(s["start"], s["end"]) for s in found] == [(at, at + len(CODE))]
    assert text[found[0]["start"]:found[0]["end"]] == CODE


def test_code_on_a_boundary_with_the_real_recognizers():
    text, at = _text_with_code_on_a_boundary(30_000, 2)
    spans = detect.analyze_long_text(text, DetectConfig(use_spacy=False))
    codes = [s for s in spans if s.entity_type == "FI_PERSONAL_IDENTITY_CODE"]
    assert [(s.start, s.end) for s in codes] == [(at, at + len(CODE))]
    assert spans == detect.analyze_text(text, DetectConfig(use_spacy=False))  # same as whole
