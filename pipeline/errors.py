"""One error hierarchy for Piip. Messages name the offending file or value, never its content."""


class PiipError(Exception):
    """Base class of every error Piip raises on purpose."""


class ConfigError(PiipError):
    """The configuration file or a setting in it is missing, malformed or out of range."""


class InputError(PiipError):
    """The input or output location cannot be used (missing, empty, nested, ...)."""


class AudioDecodeError(PiipError):
    """A source file is not decodable audio (empty, truncated, not audio, unreadable)."""


class AudioWriteError(PiipError):
    """Writing or verifying a redacted output failed."""


class ModelError(PiipError):
    """A model (Whisper, spaCy, Voikko) is missing or failed to load."""
