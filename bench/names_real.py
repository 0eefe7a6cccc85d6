"""Person names in REAL Finnish text: recall and precision of FinnishNameRecognizer.

    python -m bench.names_real [--conll bench/data/turku_ner_test.tsv] [--seeds ../shared/seeds]
                               [--json out.json]

1. Turku NER corpus, test split (human-annotated PER entities; see bench/data/README.md):
   every sentence is analysed as one line, once with its original casing and once
   lower-cased (as ASR output often is). Tokens are joined by single spaces, as a transcript's
   words are. A gold PER entity is *found* when a predicted span overlaps any of its tokens
   (the pipeline bleeps every word a span touches). Precision is the share of predicted spans
   that touch a gold PER entity; ``other_entity`` counts predicted spans that touch only a
   gold ORG/LOC/PRO/EVENT entity (proper names, but not persons). Recall is also split by
   whether any word of the name is in Voikko's own lexicon as a first name or surname
   (Finnish names) or not (mostly foreign and fictional names).
2. Name-free prose: the privacy notices in shared/seeds, minus the three contact persons
   they name (bench/data/seeds_names.txt). Reports the share of words wrongly flagged.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.detect.lexical.names import FinnishNameRecognizer
from pipeline.fi import morphology

HERE = Path(__file__).parent
DEFAULT_CONLL = HERE / "data" / "turku_ner_test.tsv"
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"
SEED_NAMES = HERE / "data" / "seeds_names.txt"


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, token offsets and gold entities (label, first, last token)."""

    text: str
    offsets: tuple[tuple[int, int], ...]
    entities: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Scores:
    """Entity-level figures for one casing."""

    casing: str
    sentences: int
    gold_per: int
    found_per: int
    predicted: int
    correct: int
    other_entity: int
    gold_voikko: int
    found_voikko: int
    per_tokens: int
    per_tokens_covered: int
    predicted_tokens: int
    predicted_tokens_in_per: int
    seconds: float

    @property
    def recall(self) -> float:
        """Share of gold PER entities touched by a prediction."""
        return self.found_per / max(self.gold_per, 1)

    @property
    def precision(self) -> float:
        """Share of predicted spans touching a gold PER entity."""
        return self.correct / max(self.predicted, 1)


def read_conll(path: Path) -> list[Sentence]:
    """Read a two-column IOB2 file (token, tag); blank lines end sentences."""
    out, toks, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split("\t")
        if line.strip() and parts[0] != "-DOCSTART-":
            toks.append(parts[0])
            tags.append(parts[1] if len(parts) > 1 else "O")
            continue
        if toks:
            out.append(_sentence(toks, tags))
        toks, tags = [], []
    return out


def _sentence(toks: list[str], tags: list[str]) -> Sentence:
    offsets, pos = [], 0
    for tok in toks:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    entities, i = [], 0
    while i < len(tags):
        starts = tags[i].startswith("I-") and (i == 0 or tags[i - 1] == "O")
        if tags[i].startswith("B-") or starts:
            label, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == f"I-{label}":
                j += 1
            entities.append((label, i, j - 1))
            i = j
        else:
            i += 1
    return Sentence(" ".join(toks), tuple(offsets), tuple(entities))


def _voikko_name(word: str) -> bool:
    """Tell whether Voikko's own lexicon reads ``word`` as a first name or surname."""
    return any(a.is_name for a in morphology.analyse(word))


def _touched(sent: Sentence, start: int, end: int) -> set[int]:
    return {k for k, (a, b) in enumerate(sent.offsets) if a < end and start < b}


def evaluate(sentences: list[Sentence], lower: bool) -> tuple[Scores, list[str]]:
    """Run the recognizer on every sentence; return the figures and the misses/false hits."""
    rec = FinnishNameRecognizer()
    c = dict(gold_per=0, found_per=0, predicted=0, correct=0, other_entity=0, gold_voikko=0,
             found_voikko=0, per_tokens=0, per_tokens_covered=0, predicted_tokens=0,
             predicted_tokens_in_per=0)
    notes: list[str] = []
    t0 = time.perf_counter()
    for sent in sentences:
        text = sent.text.lower() if lower else sent.text
        spans = [(r.start, r.end) for r in rec.analyze(text, ["PERSON"])]
        covered = set().union(*(_touched(sent, a, b) for a, b in spans)) if spans else set()
        per = [set(range(a, b + 1)) for lab, a, b in sent.entities if lab == "PER"]
        other = [set(range(a, b + 1)) for lab, a, b in sent.entities if lab != "PER"]
        per_all = set().union(*per) if per else set()
        c["gold_per"] += len(per)
        c["found_per"] += sum(bool(p & covered) for p in per)
        words = text.split()
        known = [p for p in per if any(_voikko_name(words[k]) for k in p)]
        c["gold_voikko"] += len(known)
        c["found_voikko"] += sum(bool(p & covered) for p in known)
        c["per_tokens"] += len(per_all)
        c["per_tokens_covered"] += len(per_all & covered)
        c["predicted_tokens"] += len(covered)
        c["predicted_tokens_in_per"] += len(covered & per_all)
        notes += [f"MISS {' '.join(text.split()[k] for k in sorted(p))}" for p in per
                  if not p & covered]
        for a, b in spans:
            toks = _touched(sent, a, b)
            c["predicted"] += 1
            if toks & per_all:
                c["correct"] += 1
            elif any(toks & o for o in other):
                c["other_entity"] += 1
            else:
                notes.append(f"FALSE {text[a:b]}")
    seconds = round(time.perf_counter() - t0, 2)
    return Scores("lower" if lower else "original", len(sentences), seconds=seconds, **c), notes


def seeds_false_positives(seeds: Path) -> dict[str, object]:
    """Words flagged as PERSON in the seed notices, not counting their named contact persons."""
    names = {w.lower() for line in SEED_NAMES.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#") for w in line.split()}
    rec = FinnishNameRecognizer()
    words = flagged = 0
    found: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for lower in (False, True):
            text = path.read_text(encoding="utf-8")
            text = text.lower() if lower else text
            words += len(text.split())
            for r in rec.analyze(text, ["PERSON"]):
                hit = [w for w in text[r.start:r.end].split()
                       if w.strip(".,:").lower() not in names]
                flagged += len(hit)
                found += hit
    return {"words": words, "false_words": flagged, "rate": round(flagged / max(words, 1), 4),
            "examples": sorted(set(found))}


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and optionally write them as JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conll", type=Path, default=DEFAULT_CONLL)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print this many misses/false hits")
    args = ap.parse_args(argv)
    sentences = read_conll(args.conll)
    report: dict[str, object] = {}
    for lower in (False, True):
        scores, notes = evaluate(sentences, lower)
        report[scores.casing] = {**asdict(scores), "recall": round(scores.recall, 3),
                                 "precision": round(scores.precision, 3)}
        print(f"{scores.casing:8s} PER recall {scores.recall:.3f} ({scores.found_per}/"
              f"{scores.gold_per})  precision {scores.precision:.3f} ({scores.correct}/"
              f"{scores.predicted}; {scores.other_entity} on ORG/LOC/PRO)  "
              f"{scores.seconds}s for {scores.sentences} sentences")
        print(f"         recall on names Voikko knows {scores.found_voikko}/{scores.gold_voikko}"
              f" = {scores.found_voikko / max(scores.gold_voikko, 1):.3f}; on the rest "
              f"{scores.found_per - scores.found_voikko}/{scores.gold_per - scores.gold_voikko}")
        for note in notes[: args.show]:
            print("   ", note)
    if args.seeds.is_dir():
        fp = seeds_false_positives(args.seeds)
        report["seeds"] = fp
        print(f"seeds    {fp['false_words']} of {fp['words']} words flagged wrongly "
              f"({fp['rate']:.2%}): {', '.join(fp['examples'])}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
