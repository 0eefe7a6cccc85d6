"""Score the redaction of an EARLIER commit on cached transcripts, from audio (like diagnose).

For before/after comparisons on the same transcripts (Whisper's output varies from run to
run, so two full runs differ by more than a small detection change). The earlier commit's
code has no ``pipeline.gate.plan``; this script wires its stages the way its ``process.py`` did::

    git worktree add /tmp/old dbe8ab5
    python -m bench.diagnose --calls CALLS --cache CACHE      # transcribes once, scores HEAD
    PYTHONPATH=/tmp/old python bench/prior_score.py CALLS CACHE

Voice activity is recomputed with that commit's own Silero call, as it was then.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import soundfile as sf

from bench.score import score_arrays, summarise
from pipeline.asr.whisper import voice_activity
from pipeline.audio import bleep
from pipeline.audio.io import ASR_RATE, decode, resample, speaker_channels
from pipeline.config import load_config
from pipeline.detect.analyzer import analyze_text, build_analyzer
from pipeline.redact.coverage import uncovered_speech
from pipeline.redact.locate import locate
from pipeline.redact.spans import clip, merge
from pipeline.redact.textmap import layout
from pipeline.schema import Transcript


def main(calls: Path, cache: Path) -> int:
    """Print the pooled recall, over-redaction and recall per type as JSON lines."""
    cfg = load_config(None)
    analyzer = build_analyzer(cfg.detect)
    scores = []
    for truth_path in sorted(calls.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        wav = truth_path.with_name(f"{truth['id']}.wav")
        tr = Transcript.from_dict(json.loads((cache / f"{truth['id']}.json").read_text()))
        audio = decode(wav)
        regions = [r for ch in speaker_channels(audio) for r in voice_activity(
            resample(audio.samples[:, ch], audio.sample_rate, ASR_RATE), ch)]
        tr = replace(tr, speech=tuple(regions))
        lay = layout(tr.words, cfg.detect.turn_gap)
        found = analyze_text(lay.text, cfg.detect, analyzer)
        spans = locate(found, tr.words, lay, cfg.bleep, cfg.detect.review_below)
        spans += uncovered_speech(tr.speech, tr.words)
        spans = [c for c in (clip(s, audio.duration) for s in spans) if c]
        inp, rate = sf.read(str(wav), always_2d=True)
        out = bleep.apply(inp, rate, merge(spans, cfg.bleep.merge_gap), cfg.bleep)
        scores.append(score_arrays(inp, out, rate, truth["spans"], truth["id"]))
    summary = summarise(scores)
    print(json.dumps({k: summary[k] for k in ("spans", "protected", "recall", "over_redaction")}))
    print(json.dumps({k: f"{v['protected']}/{v['spans']}"
                      for k, v in summary["recall_by_type"].items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
