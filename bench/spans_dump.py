"""Developer tool: dump what detection and the redaction plan produce on cached transcripts.

    python -m bench.spans_dump --calls bench/calls-seed1 --cache /tmp/piip-words-seed1 \
        --out /tmp/spans-seed1.json

For every call with a cached transcript (``bench.diagnose`` writes the cache), writes the
found text spans, the located time spans, the merged spans to bleep and the risk items, with
times and scores rounded to the millisecond / 1e-6. Run it on two commits over the same
caches and compare the files (``cmp`` or ``diff``): identical files mean the change left
detection, timing and the release gate exactly as they were. Synthetic calls only: the dump
holds character offsets and entity types, no transcript text.

The module paths are looked up at run time, so the same file runs on the tree before the
stage regrouping (``pipeline.plan``), after it (``pipeline.redact.plan``) and now
(``pipeline.gate.plan``).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
from pathlib import Path
from types import ModuleType

import soundfile as sf


def _module(*names: str) -> ModuleType:
    """Import the first of ``names`` that exists."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(names[0])


def _plain(obj: object) -> object:
    """Return ``obj`` as JSON-ready data with floats rounded."""
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list | tuple):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj


def dump(calls: Path, cache: Path, config: Path | None = None) -> dict[str, dict]:
    """Return ``{call id: {found, located, to_bleep, risks}}`` for the cached calls."""
    plan_mod = _module("pipeline.gate.plan", "pipeline.redact.plan", "pipeline.plan")
    detect_mod = _module("pipeline.detect.analyzer", "pipeline.detect")
    from bench.diagnose import cached_transcript
    from pipeline.config import load_config

    cfg = load_config(config)
    analyzer = detect_mod.build_analyzer(cfg.detect)
    out: dict[str, dict] = {}
    for truth_path in sorted(calls.glob("*.truth.json")):
        call = json.loads(truth_path.read_text())["id"]
        wav = truth_path.with_name(f"{call}.wav")
        if not (cache / f"{wav.stem}.json").is_file():
            continue
        tr = cached_transcript(wav, cache, cfg)
        info = sf.info(str(wav))
        planned = plan_mod.plan(tr, info.frames / info.samplerate, cfg, analyzer)
        out[call] = {
            "found": [[s.entity_type, s.start, s.end, round(s.score, 6)] for s in planned.found],
            "located": _plain(list(planned.located)),
            "to_bleep": _plain(list(planned.to_bleep)),
            "risks": _plain(list(getattr(planned, "risks", ()))),
        }
    return out


def main() -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--config", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    result = dump(args.calls, args.cache, args.config)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True))
    print(f"{len(result)} calls, {sum(len(v['to_bleep']) for v in result.values())} spans "
          f"to bleep -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
