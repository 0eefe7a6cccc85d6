import pytest

from pipeline.config import PiipConfig, load_config
from pipeline.errors import ConfigError


def test_defaults_without_file():
    cfg = load_config(None)
    assert cfg.bleep.frequency == 1000.0 and cfg.asr.language == "fi"


def test_partial_file_keeps_other_defaults(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("bleep:\n  mode: silence\n  pad_before: 0.3\n")
    cfg = load_config(path)
    assert cfg.bleep.mode == "silence" and cfg.bleep.pad_before == 0.3
    assert cfg.bleep.pad_after == PiipConfig().bleep.pad_after


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("bleep:\n  frequency: loud\n", "bleep.frequency"),
    ("bleep:\n  mode: whistle\n", "bleep.mode"),
    ("bleep:\n  pad_before: -1\n", "bleep.pad_before"),
    ("asr:\n  beam_size: 0\n", "asr.beam_size"),
    ("asr:\n  modle: x\n", "asr.modle"),
    ("- just\n- a list\n", "mapping"),
    ("bleep: [unclosed\n", "not valid YAML"),
    ("detect:\n  score_threshold: 0.9\n  review_below: 0.5\n", "review_below"),
    ("asr:\n  temperature: []\n", "asr.temperature"),
    ("bleep:\n  snap_after: -0.1\n", "bleep.snap_after"),
])
def test_bad_config_names_the_value(tmp_path, yaml_text, message):
    path = tmp_path / "c.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError, match=message) as err:
        load_config(path)
    assert "c.yaml" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "none.yaml")


def test_fingerprint_changes_with_output_relevant_settings(tmp_path):
    a = PiipConfig()
    b = PiipConfig.model_validate({"bleep": {"frequency": 800}})
    assert a.fingerprint() == PiipConfig().fingerprint() != b.fingerprint()


def test_fingerprint_ignores_scheduling_settings():
    base = PiipConfig()
    other = PiipConfig.model_validate({"run": {"workers": 2}, "asr": {"cpu_threads": 1},
                                       "retention": {"enabled": True}})
    assert base.fingerprint() == other.fingerprint()


@pytest.mark.parametrize("change", [
    {"asr": {"temperature": [0.0, 0.2]}}, {"asr": {"hotwords": "nolla yksi"}},
    {"asr": {"energy_activity": False}}, {"bleep": {"snap_after": 0.0}},
])
def test_detection_and_transcription_settings_change_the_fingerprint(change):
    """A setting that changes the output must make the catalog redo the file."""
    assert PiipConfig.model_validate(change).fingerprint() != PiipConfig().fingerprint()
