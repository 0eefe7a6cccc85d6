"""Speech recognition: faster-whisper transcription (whisper) and voice activity (activity)."""
