"""Does CTranslate2's thread count change Whisper's output? Digests of one file's transcript.

    .venv/bin/python -m bench.threads_repeat sample_audio/call_01.wav bench/calls-seed1/call_013.wav

For each file, transcribes it with ``asr.cpu_threads`` 1, 2 and 4 (temperature 0, the default)
and prints the first 12 hex digits of the sha256 of each transcript (words, times,
probabilities): equal digests mean identical transcripts. Prints no transcript text.
"""

import hashlib
import json
import sys

from pipeline.asr.whisper import whisper_transcriber
from pipeline.audio.io import decode
from pipeline.config import AsrConfig


def main() -> int:
    """Command line entry point."""
    for f in sys.argv[1:]:
        a = decode(f)
        out = []
        for t in (1, 2, 4):
            tr = whisper_transcriber(AsrConfig(cpu_threads=t))(a)
            data = json.dumps(tr.to_dict(), sort_keys=True).encode()
            out.append(hashlib.sha256(data).hexdigest()[:12])
        print(f.split('/')[-1], out, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
