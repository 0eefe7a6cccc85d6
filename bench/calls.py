"""Seeded scripts of synthetic Finnish customer-service calls (text, voices, format; no audio).

:func:`build_call` is pure: the same (seed, index, profile) always gives the same
:class:`CallScript`. :mod:`bench.render` turns a script into audio and truth spans.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bench import lexicon, templates
from bench.cast import Cast, Chunk, fill_slot, make_cast
from bench.pii_values import CENTURY_SIGNS
from bench.spoken import MONTH_PARTITIVES, ORDINAL_PARTITIVES, cardinal, ordinal
from bench.synth import ESPEAK_VARIANTS, FESTIVAL_VOICES, Voice

_SLOT = re.compile(r"\{([A-Z_]+)\}")
_FILL = re.compile(r"\{([a-z_]+)\}")
SIGNS = tuple(CENTURY_SIGNS)
# Rough speaking rate of these voices at speed 1.0, for planning a call's length.
SEC_PER_CHAR = 0.068


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: its chunks, the silence before it, and its text."""

    speaker: str
    chunks: tuple[Chunk, ...]
    gap: float
    text: str


@dataclass(frozen=True)
class CallFormat:
    """Output format: "telephone" (8 kHz band-limited, noisy), "stereo" or "wideband"."""

    kind: str
    sample_rate: int
    channels: int
    snr_db: float = 0.0


@dataclass(frozen=True)
class Profile:
    """What kind of call to build: format, PII count and length ranges, required topics."""

    kind: str = ""
    rate: int = 0
    pii: tuple[int, int] = (8, 12)
    seconds: tuple[float, float] = (62.0, 89.0)
    require: tuple[str, ...] = ()
    hetu: bool = False
    festival_only: bool = False
    short: bool = False


@dataclass(frozen=True)
class CallScript:
    """Everything needed to render one call."""

    call_id: str
    fmt: CallFormat
    agent_voice: Voice
    customer_voice: Voice
    turns: tuple[Turn, ...]
    chunk_pause: float
    lead: float
    noise_seed: int
    notes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    def estimated_seconds(self) -> float:
        """Return a rough length estimate (text length x speaking rate, plus pauses)."""
        return _estimate(self.turns, self.agent_voice, self.customer_voice) + self.lead + 0.6


def _estimate(turns: tuple[Turn, ...] | list[Turn], agent: Voice, customer: Voice) -> float:
    total = 0.0
    for t in turns:
        speed = (agent if t.speaker == "agent" else customer).speed
        chars = sum(len(c.text) for c in t.chunks)
        total += t.gap + chars * SEC_PER_CHAR / speed + 0.18 * (len(t.chunks) - 1)
    return total


def _fills(rng: random.Random, company: tuple[str, str], greet: str) -> dict[str, str]:
    """Ordinary (non-personal) words for the lower-case slots of one turn."""
    euros, cents = rng.randint(5, 250), rng.choice((0, 0, 10, 20, 50, 90, 95))
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    due = (f"{ordinal(day)} {ORDINAL_PARTITIVES[month]}" if rng.random() < 0.5
           else f"{ordinal(day)} päivä {MONTH_PARTITIVES[month]}")
    return {
        "greet": greet, "greet_lc": greet.lower(), "company": company[0],
        "company_gen": company[1],
        "amount": f"{cardinal(euros)} euroa" + (f" ja {cardinal(cents)} senttiä" if cents else ""),
        "day": due, "count": cardinal(rng.randint(2, 14)), "percent": cardinal(rng.randint(2, 12)),
        "weekday": rng.choice(lexicon.WEEKDAYS_ESSIVE), "relation": rng.choice(lexicon.RELATIONS),
    }


def parse_turn(line: str, cast: Cast, rng: random.Random, fills: dict[str, str],
               gap: float) -> Turn:
    """Split a template line into chunks: literal speech and one chunk per PII slot."""
    speaker = {"A": "agent", "C": "customer"}[line[0]]
    body = _FILL.sub(lambda m: fills[m.group(1)], line[2:].strip())
    pieces = _SLOT.split(body)
    chunks: list[Chunk] = []
    shown: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            chunk = fill_slot(piece, cast, rng)
            chunks.append(chunk)
            shown.append(chunk.text)
            continue
        spoken = piece.strip().lstrip(",.!?").strip()
        if re.search(r"\w", spoken):
            chunks.append(Chunk(spoken))
        shown.append(piece.strip())
    text = re.sub(r"\s+([,.!?])", r"\1", " ".join(p for p in shown if p))
    text = text[:1].upper() + text[1:]
    return Turn(speaker, tuple(chunks), gap, text)


def pii_count(variant: tuple[str, ...]) -> int:
    """Return how many PII slots a template variant holds."""
    return sum(len(_SLOT.findall(line)) for line in variant)


def _pick_voices(rng: random.Random, profile: Profile, kind: str) -> tuple[Voice, Voice]:
    """Pick two different voices: Festival for both, or Festival and one eSpeak voice.

    eSpeak NG is far less intelligible (Whisper base turns it to near garbage on a noisy
    8 kHz line), so it speaks slowly, never for both parties, and only as the agent on
    telephone calls; otherwise the benchmark would measure the TTS rather than Piip.
    """
    fast = (1.05, 1.25) if profile.short else (0.95, 1.2)
    festival = [Voice("festival", name, round(rng.uniform(*fast), 2))
                for name in rng.sample(FESTIVAL_VOICES, 2)]
    if profile.festival_only or rng.random() < 0.5:
        return festival[0], festival[1]
    espeak = Voice("espeak", rng.choice(ESPEAK_VARIANTS), round(rng.uniform(0.85, 1.0), 2),
                   rng.randint(35, 65))
    if kind == "telephone" or rng.random() < 0.5:
        return espeak, festival[0]
    return festival[0], espeak


def _pick_format(rng: random.Random, index: int, kind: str, rate: int) -> CallFormat:
    kind = kind or ("telephone", "telephone", "stereo", "wideband")[index % 4]
    if kind == "telephone":
        return CallFormat("telephone", 8000, 1, round(rng.uniform(15.0, 25.0), 1))
    if kind == "stereo":
        return CallFormat("stereo", 16000, 2)
    return CallFormat("wideband", rate or rng.choice((16000, 22050, 44100)), 1)


Group = tuple[str, tuple[Turn, ...]]  # (kind: head/pii/required/plain/closing, turns)


def _plan(rng: random.Random, profile: Profile) -> list[tuple[str, tuple[str, ...]]]:
    """Choose the template variants of one call, in speaking order, each with its kind."""
    head = [rng.choice(templates.GREETING)]
    if profile.short or rng.random() < 0.4:
        head.append(rng.choice(templates.OPENING_NAMED))
    else:
        head += [rng.choice(templates.OPENING_PLAIN), rng.choice(templates.ASK_NAME)]
    if not any("{HETU}" in line or "{DOB}" in line for line in head[-1]):
        hetu = profile.hetu or rng.random() < 0.75
        head.append(rng.choice(templates.ID_HETU if hetu else templates.ID_DOB))
    closing = () if profile.short else rng.choice(templates.CLOSING)
    count = sum(pii_count(v) for v in head) + pii_count(closing)
    target = rng.randint(*profile.pii)
    others = [t for t in templates.TOPICS_PII if t not in profile.require]
    rng.shuffle(others)
    body: list[tuple[str, tuple[str, ...]]] = []
    for topic in profile.require:
        variant = rng.choice(templates.TOPICS_PII[topic])
        body.append(("required", variant))
        count += pii_count(variant)
    for topic in others:
        variant = rng.choice(templates.TOPICS_PII[topic])
        if count < target and count + pii_count(variant) <= profile.pii[1]:
            body.append(("pii", variant))
            count += pii_count(variant)
    rng.shuffle(body)
    plain = [rng.choice(templates.TOPICS_PLAIN[t]) for t in templates.TOPICS_PLAIN]
    rng.shuffle(plain)
    for variant in plain[: 0 if profile.short else len(plain)]:
        body.insert(rng.randint(0, len(body)), ("plain", variant))
    return [("head", v) for v in head] + body + ([("closing", closing)] if closing else [])


def _fit(groups: list[Group], profile: Profile, rng: random.Random,
         voices: tuple[Voice, Voice]) -> list[Group]:
    """Drop ordinary talk, then optional PII topics, until the call fits its length range."""
    target = rng.uniform(*profile.seconds)

    def seconds(gs: list[Group]) -> float:
        return _estimate([t for _, ts in gs for t in ts], *voices)

    def pii(gs: list[Group]) -> int:
        return sum(1 for _, ts in gs for t in ts for c in t.chunks if c.pii_type)

    for kind in ("plain", "pii"):
        while seconds(groups) > target:
            drop = [i for i, (k, ts) in enumerate(groups) if k == kind]
            if kind == "plain" and len(drop) <= 1:  # keep some ordinary talk
                break
            if kind == "pii":
                drop = [i for i in drop
                        if pii(groups[:i] + groups[i + 1:]) >= profile.pii[0]]
            if not drop:
                break
            del groups[drop[-1] if kind == "pii" else rng.choice(drop)]
    return groups


def build_call(seed: int, index: int, call_id: str, profile: Profile = Profile()) -> CallScript:
    """Build the script of call number ``index`` for ``seed`` (deterministic)."""
    rng = random.Random(f"piip-bench:{seed}:{index}:{profile.kind}")
    sign = SIGNS[(seed + index) % len(SIGNS)]
    cast = make_cast(rng, sign)
    fmt = _pick_format(rng, index, profile.kind, profile.rate)
    voices = _pick_voices(rng, profile, fmt.kind)
    gaps = (0.2, 0.5) if profile.short else (0.25, 0.75)
    company, greet = rng.choice(lexicon.COMPANIES), rng.choice(templates.GREETS)
    groups: list[Group] = []
    for kind, variant in _plan(rng, profile):
        turns = tuple(parse_turn(line, cast, rng, _fills(rng, company, greet),
                                 round(rng.uniform(*gaps), 2)) for line in variant)
        groups.append((kind, turns))
    groups = _fit(groups, profile, rng, voices)
    turns = [t for _, ts in groups for t in ts]
    turns[0] = Turn(turns[0].speaker, turns[0].chunks, 0.0, turns[0].text)
    return CallScript(call_id, fmt, voices[0], voices[1], tuple(turns),
                      chunk_pause=round(rng.uniform(0.12, 0.22), 2),
                      lead=round(rng.uniform(0.3, 0.8), 2), noise_seed=rng.randrange(2**31),
                      notes={"seed": seed, "index": index, "century_sign": sign})
