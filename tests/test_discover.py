import pytest

from flows.cli import main
from pipeline.batch.discover import check_locations, find_audio
from pipeline.errors import InputError


def test_find_audio_recursive_sorted_skips_hidden(tmp_path):
    for rel in ["b/2.MP3", "a/1.wav", ".hidden/3.wav", "a/.4.wav", "notes.txt", "c/5.m4a"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_audio(tmp_path, [".wav", ".mp3",
                                                                              ".m4a"])]
    assert found == ["a/1.wav", "b/2.MP3", "c/5.m4a"]


def test_no_audio_is_an_error(tmp_path):
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(InputError, match="no audio files"):
        find_audio(tmp_path, [".wav"])


@pytest.mark.parametrize("out", ["in", "in/out", "in/a/b"])
def test_output_inside_input_is_refused(tmp_path, out):
    (tmp_path / "in").mkdir()
    with pytest.raises(InputError, match="must not be inside"):
        check_locations(tmp_path / "in", tmp_path / out)


def test_missing_input(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        check_locations(tmp_path / "nope", tmp_path / "out")


@pytest.mark.parametrize(("setup", "message"), [
    ("empty_dir", "no audio files"),
    ("nested_out", "must not be inside"),
    ("bad_config", "bleep.mode"),
])
def test_cli_errors_are_one_line_and_exit_2(tmp_path, capsys, setup, message):
    src = tmp_path / "in"
    src.mkdir()
    args = ["run", str(src), "--out", str(tmp_path / "out")]
    if setup == "nested_out":
        (src / "a.wav").write_bytes(b"x")
        args[3] = str(src / "out")
    if setup == "bad_config":
        (src / "a.wav").write_bytes(b"x")
        (tmp_path / "c.yaml").write_text("bleep:\n  mode: whistle\n")
        args += ["--config", str(tmp_path / "c.yaml")]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not (tmp_path / "out").exists()
