"""Time ``analyze_long_text`` on call-like Finnish text of growing size (issue 10, item 6).

Usage::

    .venv/bin/python -m bench.detect_scaling [--sizes 100000 1000000 5000000] [--no-spacy]

The text repeats varied call turns with planted identity codes and phone numbers (valid
check characters, all made up); the script prints, per size, the seconds, the seconds per kB
and how many planted codes were found. Linear time shows as a flat seconds-per-kB column.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from pipeline.config import DetectConfig
from pipeline.detect.analyzer import analyze_long_text, build_analyzer

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
TURNS = (
    "Hyvää päivää, täällä on asiakaspalvelu, miten voin auttaa?",
    "Soitan laskusta, joka tuli viime viikolla, siinä on mielestäni virhe.",
    "Selvä, tarvitsen ensin henkilötunnuksenne, niin katson tiedot.",
    "Henkilötunnukseni on {hetu}.",
    "Kiitos. Onko puhelinnumeronne edelleen {phone}?",
    "Kyllä on, ja sähköpostiin voi myös laittaa viestiä.",
    "Näen täältä, että lasku on lähetetty kahteen kertaan, korjaan sen nyt.",
    "Hienoa, kuinka kauan korjaus kestää?",
    "Noin kolme arkipäivää, saatte vahvistuksen tekstiviestillä numeroon {phone}.",
    "Kiitos avusta, hyvää päivänjatkoa!",
)


def hetu(rng: random.Random) -> str:
    """Return a made-up identity code with a valid check character."""
    day, month, year, serial = rng.randint(1, 28), rng.randint(1, 12), rng.randint(40, 99), \
        rng.randint(2, 899)
    digits = f"{day:02d}{month:02d}{year:02d}{serial:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK[int(digits) % 31]}"


def call_text(size: int, seed: int = 1) -> tuple[str, int]:
    """Return about ``size`` characters of call turns, and how many codes were planted."""
    rng = random.Random(seed)
    parts, total, planted = [], 0, 0
    while total < size:
        for turn in TURNS:
            line = turn.format(hetu=hetu(rng), phone=f"040 {rng.randint(100, 999)} "
                               f"{rng.randint(1000, 9999)}")
            planted += "{hetu}" in turn
            parts.append(line + "\n")
            total += len(line) + 1
    return "".join(parts)[:size], planted


def main(argv: list[str] | None = None) -> int:
    """Measure and print one JSON line per size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    ap.add_argument("--no-spacy", action="store_true", help="pattern recognizers only")
    args = ap.parse_args(argv)
    cfg = DetectConfig(use_spacy=not args.no_spacy)
    analyzer = build_analyzer(cfg)
    analyze_long_text("Lämmittely: henkilötunnus 131052-308T.", cfg, analyzer)
    for size in args.sizes:
        text, planted = call_text(size)
        began = time.perf_counter()
        spans = analyze_long_text(text, cfg, analyzer)
        seconds = time.perf_counter() - began
        found = sum(s.entity_type == "FI_PERSONAL_IDENTITY_CODE" for s in spans)
        print(json.dumps({"chars": len(text), "seconds": round(seconds, 1),
                          "seconds_per_kB": round(seconds / (len(text) / 1000), 4),
                          "identity_codes_planted": planted, "identity_codes_found": found,
                          "spacy": cfg.use_spacy}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
