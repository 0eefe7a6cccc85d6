"""One typed configuration, loaded from YAML and validated once.

Sub-configs are passed down to the stages that need them; nothing inside ``pipeline/`` reads
the environment.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = ROOT / "models" / "whisper-base"
# CTranslate2's documented compute types; which of them a device supports is checked by
# pipeline.preflight before a run.
COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
                 "int16", "float16", "bfloat16", "float32")
# Keys holding file paths: in a config file, relative values resolve against its folder.
PATH_KEYS = (("asr", "model"), ("retention", "legal_hold_file"), ("retention", "audit_log"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AsrConfig(_Strict):
    """faster-whisper settings."""

    model: str = Field(str(DEFAULT_MODEL_DIR), description="CTranslate2 Whisper model directory")
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    compute_type: str = Field("int8", description=(
        "CTranslate2 compute type: " + ", ".join(COMPUTE_TYPES)))
    beam_size: int = Field(5, ge=1, le=20)
    language: str = Field("fi", description="a language code Whisper knows (fi: Finnish)")
    vad_filter: bool = True
    cpu_threads: int = Field(0, ge=0, description="0 lets CTranslate2 decide")
    min_silence_ms: int = Field(500, ge=0)
    temperature: tuple[float, ...] = Field(
        (0.0,), min_length=1,
        description=("decoding temperatures; more than one falls back to unseeded sampling, "
                     "which makes runs unrepeatable"))
    hotwords: str = Field("", description="words to prime every decoding window with")
    energy_activity: bool = Field(
        True, description="add signal-energy regions to Silero VAD's for the untranscribed check")

    @field_validator("compute_type")
    @classmethod
    def _compute_type(cls, value: str) -> str:
        if value not in COMPUTE_TYPES:
            allowed = ", ".join(COMPUTE_TYPES)
            raise ValueError(f"{value!r} is not a compute type; use one of {allowed}")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        from faster_whisper.tokenizer import _LANGUAGE_CODES

        if value not in _LANGUAGE_CODES:
            raise ValueError(f"{value!r} is not a language code Whisper knows (e.g. 'fi', 'sv')")
        return value

    @property
    def name(self) -> str:
        """Return a short, stable model name for reports."""
        return Path(self.model).name or self.model


class DetectConfig(_Strict):
    """Presidio and Finnish recognizer settings."""

    spacy_model: str = "spacy_fi_experimental_web_md"
    use_spacy: bool = True
    score_threshold: float = Field(0.3, ge=0.0, le=1.0)
    review_below: float = Field(0.6, ge=0.0, le=1.0, description="spans under this are flagged")
    context_max_words: int = Field(12, ge=0, le=100)
    turn_gap: float = Field(1.2, ge=0.0, description="pause (s) that starts a new turn")
    entities: tuple[str, ...] = Field((), description=(
        "entity types to detect, e.g. [PERSON, PHONE_NUMBER] (empty: all)"))

    @field_validator("entities")
    @classmethod
    def _entities(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:  # membership in the analyzer's set is checked by pipeline.preflight
            if not name.isidentifier() or name.upper() != name:
                raise ValueError(f"{name!r} is not an entity type (upper case, e.g. PERSON)")
        return value


class BleepConfig(_Strict):
    """How redacted time is padded and replaced."""

    mode: Literal["tone", "silence"] = "tone"
    frequency: float = Field(1000.0, gt=0.0, le=20000.0)
    level_db: float = Field(-12.0, le=0.0, ge=-90.0, description="tone level in dBFS")
    pad_before: float = Field(0.25, ge=0.0, le=5.0)
    pad_after: float = Field(0.30, ge=0.0, le=5.0)
    merge_gap: float = Field(0.7, ge=0.0, le=10.0)
    snap_before: float = Field(0.0, ge=0.0, le=5.0,
                               description="widen a span's start to a pause this close")
    snap_after: float = Field(0.6, ge=0.0, le=5.0,
                              description="widen a span's end to a pause this close")
    snap_utterance: float = Field(0.0, ge=0.0, le=10.0, description=(
        "widen a span to a whole stretch of speech this short that it overlaps"))
    fade_ms: float = Field(5.0, ge=0.0, le=100.0)
    untimed_pad: float = Field(0.5, ge=0.0, le=10.0, description="extra pad on bad timestamps")
    untranscribed: bool = Field(True, description=(
        "bleep speech with no transcribed words, or only the words of a Whisper repetition loop"))
    unsure_segment: float = Field(0.1, ge=0.0, le=1.0, description=(
        "bleep a segment whose geometric-mean word probability is below this (0: off)"))
    unsure_word: float = Field(0.0, ge=0.0, le=1.0, description=(
        "bleep a word whose probability is below this (0: off)"))


class GateConfig(_Strict):
    """When a call may be released for training without a person (the release gate)."""

    review_prob: float = Field(0.5, ge=0.0, le=1.0, description=(
        "unbleeped words Whisper was less sure of than this are a risk item (doubted_speech)"))
    number_window: float = Field(4.0, ge=0.0, le=60.0, description=(
        "seconds in which three number words or digits are residue"))
    answer_seconds: float = Field(8.0, ge=0.0, le=60.0, description=(
        "how far after a personal-data question its answer is looked for"))
    quarantine_share: float = Field(0.6, ge=0.0, le=1.0, description=(
        "a call with more than this share of its speech untrustworthy (bleeped as unsure or "
        "untranscribed) is quarantined: too little would be left for training"))
    risk_pad: float = Field(0.3, ge=0.0, le=5.0, description="seconds added around risk items")
    narrowband_hz: int = Field(8000, ge=0, le=192000, description=(
        "recordings sampled at or below this rate (telephone audio, where Whisper's word "
        "timing is loose) also get a risk item for each doubted, unknown or digit word just "
        "next to a bleep of personal data; 0 turns this off"))


class RunConfig(_Strict):
    """Batch settings."""

    extensions: tuple[str, ...] = (".wav", ".flac", ".mp3", ".ogg", ".m4a")
    workers: int = Field(1, ge=1, le=64)
    max_attempts: int = Field(3, ge=0, le=1000, description=(
        "a file that failed this many runs in a row without changing is skipped and listed "
        "until it changes or --retry-failed is given (0: retry for ever)"))


class RetentionConfig(_Strict):
    """Opt-in deletion of old source recordings (``piip purge``)."""

    enabled: bool = False
    max_age_days: int = Field(31, ge=1, description="31, 61, 183 or 548 in the notices")
    legal_hold_file: Path | None = None
    audit_log: Path = Path("piip-purge-audit.jsonl")
    delete_outputs: bool = False
    after_run: bool = Field(False, description="purge at the end of each batch run")


class ReviewConfig(_Strict):
    """The review app (``piip review``)."""

    two_person: bool = Field(False, description=(
        "an approval must be confirmed by a second, different reviewer"))


class ExportConfig(_Strict):
    """The training export (``piip export``)."""

    format: Literal["wav", "flac", "mp3", "opus"] = Field(
        "wav", description="audio format of exported clips (--format overrides)")
    roles: dict[int, str] = Field({0: "agent", 1: "customer"}, description=(
        "speaker role per channel of a stereo call, for the subtitles' voice labels"))


class PiipConfig(_Strict):
    """The whole configuration."""

    asr: AsrConfig = AsrConfig()
    detect: DetectConfig = DetectConfig()
    bleep: BleepConfig = BleepConfig()
    run: RunConfig = RunConfig()
    retention: RetentionConfig = RetentionConfig()
    gate: GateConfig = GateConfig()
    review: ReviewConfig = ReviewConfig()
    export: ExportConfig = ExportConfig()

    @model_validator(mode="after")
    def _check(self) -> PiipConfig:
        if self.detect.review_below < self.detect.score_threshold:
            raise ValueError("detect.review_below must be >= detect.score_threshold")
        return self

    def fingerprint(self) -> str:
        """Return a short hash of the settings that change the output (not run or retention)."""
        relevant = self.model_dump(mode="json", include={"asr", "detect", "bleep", "gate"})
        relevant["asr"].pop("cpu_threads")
        blob = json.dumps(relevant, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"


def load_config(path: str | Path | None = None) -> PiipConfig:
    """Load and validate a YAML config; ``None`` gives the defaults.

    Raises:
        ConfigError: naming the file and the first offending key.

    """
    if path is None:
        return PiipConfig()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"config {p}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config {p}: not valid YAML ({exc.__class__.__name__})") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config {p}: top level must be a mapping")
    _resolve_paths(data, p.resolve().parent)
    try:
        return PiipConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"config {p}: {_describe(exc)}") from exc


def _resolve_paths(data: dict, base: Path) -> None:
    """Make the relative paths in a config file's ``data`` relative to ``base`` (its folder)."""
    for section, key in PATH_KEYS:
        part = data.get(section)
        if isinstance(part, dict) and isinstance(part.get(key), str) and part[key]:
            value = Path(part[key]).expanduser()
            part[key] = str(value if value.is_absolute() else base / value)
