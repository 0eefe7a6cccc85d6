"""Check a configuration before the first file: the models load and every name is known.

``check(cfg)`` runs in the process that starts a batch, before Prefect starts, so a wrong
model path, a typo in an entity name, a language Whisper does not know or a compute type the
device cannot run ends the run at once with one line naming the key, instead of failing every
file. The models it loads are cached per process (:func:`pipeline.asr.whisper.load_model`,
:func:`pipeline.detect.analyzer.build_analyzer`), so an in-process run reuses them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import AsrConfig, DetectConfig, PiipConfig
from pipeline.errors import ConfigError, ModelError


def check(cfg: PiipConfig, load_models: bool = True) -> None:
    """Check ``cfg`` before a run; with ``load_models``, load Whisper and the analyzer too.

    The names are checked first and Whisper is loaded last, so a typo is found before the
    slowest step.

    Raises:
        ConfigError: one line that starts with the offending key (``asr.model: ...``).

    """
    check_asr(cfg.asr, load_model=False)
    check_entities(cfg.detect, load_spacy=load_models)
    if load_models:
        _load_whisper(cfg.asr)


def _device(asr: AsrConfig) -> str:
    """Return the device CTranslate2 will use: ``auto`` is cuda when one is present."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if asr.device == "cuda" and gpus == 0:
        raise ConfigError("asr.device: cuda, but CTranslate2 sees no CUDA device")
    if asr.device == "auto":
        return "cuda" if gpus else "cpu"
    return asr.device


def supported_compute_types(device: str) -> set[str]:
    """Return the compute types CTranslate2 supports on ``device``, plus default and auto."""
    import ctranslate2

    return set(ctranslate2.get_supported_compute_types(device)) | {"default", "auto"}


def check_asr(asr: AsrConfig, load_model: bool = True) -> None:
    """Check the Whisper settings: language, compute type, model directory; load the model.

    Raises:
        ConfigError: naming ``asr.language``, ``asr.device``, ``asr.compute_type`` or
            ``asr.model``.

    """
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    if asr.language not in _LANGUAGE_CODES:
        raise ConfigError(f"asr.language: {asr.language!r} is not a language code Whisper "
                          "knows (Finnish is 'fi')")
    device = _device(asr)
    supported = supported_compute_types(device)
    if asr.compute_type not in supported:
        raise ConfigError(f"asr.compute_type: {asr.compute_type!r} is not supported on {device} "
                          f"(supported: {', '.join(sorted(supported))})")
    model_dir = Path(asr.model)
    if not (model_dir / "model.bin").is_file():
        what = "has no model.bin" if model_dir.is_dir() else "does not exist"
        raise ConfigError(f"asr.model: {model_dir} {what} (a CTranslate2 Whisper model "
                          "directory; `make setup` installs the default one)")
    if load_model:
        _load_whisper(asr)


def _load_whisper(asr: AsrConfig) -> None:
    from pipeline.asr.whisper import load_model

    try:
        model = load_model(asr.model, asr.device, asr.compute_type, asr.cpu_threads)
    except ModelError as exc:
        raise ConfigError(f"asr.model: {exc}") from exc
    if not model.model.is_multilingual and asr.language != "en":
        raise ConfigError(f"asr.model: {asr.model} is an English-only model; "
                          f"asr.language is {asr.language!r}")


def known_entities(detect: DetectConfig, load_spacy: bool = True) -> set[str]:
    """Return the entity types the Finnish analyzer built from ``detect`` can find."""
    from pipeline.detect.analyzer import LANG, build_analyzer, build_registry

    if load_spacy:
        supported = build_analyzer(detect).get_supported_entities(language=LANG)
    else:
        supported = build_registry(detect).get_supported_entities(languages=[LANG])
    # spaCy's places are reported as ADDRESS (pipeline.detect.analyzer._to_span)
    return set(supported) | ({"ADDRESS"} if "LOCATION" in supported else set())


def check_entities(detect: DetectConfig, load_spacy: bool = True) -> None:
    """Check that every name in ``detect.entities`` is a type the analyzer finds.

    With ``load_spacy`` the whole analyzer (spaCy model included) is built, so a missing
    ``detect.spacy_model`` is found here too.

    Raises:
        ConfigError: naming ``detect.spacy_model`` or ``detect.entities``.

    """
    try:
        known = known_entities(detect, load_spacy)
    except ModelError as exc:
        raise ConfigError(f"detect.spacy_model: {exc}") from exc
    unknown = [e for e in detect.entities if e not in known]
    if unknown:
        raise ConfigError(f"detect.entities: unknown entity type {unknown[0]!r} "
                          f"(known: {', '.join(sorted(known))})")
