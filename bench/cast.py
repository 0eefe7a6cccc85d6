"""The people and personal data of one synthetic call, and how each slot is spoken.

A :class:`Cast` is drawn once per call from the seeded generator; :func:`fill_slot` turns a
template slot (``{HETU}``, ``{COLLEAGUE_GEN}``, ...) into a :class:`Chunk` holding the spoken
words, the entity type and the canonical value recorded in the truth file.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bench import lexicon
from bench import pii_values as pv
from bench.spoken import read_number_string

PII_TYPES = ("PERSON", "FI_PERSONAL_IDENTITY_CODE", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD",
             "EMAIL_ADDRESS", "ADDRESS", "CUSTOMER_NUMBER", "DATE_OF_BIRTH", "HEALTH")


@dataclass(frozen=True)
class Chunk:
    """Words synthesised in one piece; ``pii_type`` is "" for ordinary speech."""

    text: str
    pii_type: str = ""
    value: str = ""


@dataclass(frozen=True)
class Cast:
    """Everyone named in one call and the customer's personal data."""

    first: str
    last: str
    agent: tuple[str, str]
    colleague: tuple[str, str]
    relative: tuple[str, str]
    born: dt.date
    hetu: str
    phone: str
    email: str
    address: pv.Address
    iban: str
    card: str
    custno: str
    patientno: str
    diagnosis: tuple[str, str]
    medicine: tuple[str, str]
    procedure: str


def _person(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(lexicon.FEMALE_FIRST if rng.random() < 0.5 else lexicon.MALE_FIRST)
    return first, rng.choice(lexicon.SURNAMES)


def make_cast(rng: random.Random, century_sign: str) -> Cast:
    """Draw a cast whose HETU uses ``century_sign`` (and matches the birth date)."""
    first, last = _person(rng)
    born = pv.make_birth_date(rng, pv.CENTURY_SIGNS[century_sign])
    return Cast(
        first=first, last=last, agent=_person(rng), colleague=_person(rng),
        relative=(rng.choice(lexicon.PLAIN_GENITIVE_FIRST), rng.choice(lexicon.SURNAMES)),
        born=born, hetu=pv.make_hetu(rng, born, century_sign), phone=pv.make_phone(rng),
        email=pv.make_email(rng, first, last), address=pv.make_address(rng),
        iban=pv.make_iban(rng), card=pv.make_card(rng), custno=pv.make_customer_number(rng),
        patientno=pv.make_customer_number(rng), diagnosis=rng.choice(lexicon.DIAGNOSES),
        medicine=rng.choice(lexicon.MEDICINES), procedure=rng.choice(lexicon.PROCEDURES),
    )


def _names(c: Cast) -> dict[str, tuple[str, str]]:
    """Spoken form and value of every PERSON slot."""
    full = f"{c.first} {c.last}"
    col_first, col_last = c.colleague
    rel_first, rel_last = c.relative
    return {
        "NAME": (full, full),
        "NAME_REV": (f"{c.last}, {c.first}", full),
        "FIRST": (c.first, c.first),
        "AGENT": (" ".join(c.agent), " ".join(c.agent)),
        "AGENT_FIRST": (c.agent[0], c.agent[0]),
        "COLLEAGUE": (f"{col_first} {col_last}", f"{col_first} {col_last}"),
        "COLLEAGUE_GEN": (lexicon.surname_case(col_last, "gen"), col_last),
        "COLLEAGUE_ALL": (lexicon.surname_case(col_last, "all"), col_last),
        "RELATIVE": (f"{rel_first} {rel_last}", f"{rel_first} {rel_last}"),
        "RELATIVE_GEN": (f"{rel_first}n {lexicon.surname_case(rel_last, 'gen')}",
                         f"{rel_first} {rel_last}"),
    }


def fill_slot(slot: str, c: Cast, rng: random.Random) -> Chunk:
    """Return the chunk a PII slot is spoken as; each call draws a fresh speaking style."""
    names = _names(c)
    if slot in names:
        spoken, value = names[slot]
        return Chunk(spoken, "PERSON", value)
    diag_nom, diag_part = c.diagnosis
    med_nom, med_part = c.medicine
    table = {
        "HETU": ("FI_PERSONAL_IDENTITY_CODE", c.hetu, lambda: pv.say_hetu(c.hetu, rng)),
        "DOB": ("DATE_OF_BIRTH", c.born.isoformat(), lambda: pv.say_birth_date(c.born, rng)),
        "PHONE": ("PHONE_NUMBER", c.phone, lambda: pv.say_phone(c.phone, rng)),
        "EMAIL": ("EMAIL_ADDRESS", c.email, lambda: pv.say_email(c.email, rng)),
        "ADDRESS": ("ADDRESS", c.address.written(), lambda: pv.say_address(c.address, rng)),
        "IBAN": ("IBAN_CODE", c.iban, lambda: pv.say_iban(c.iban, rng)),
        "CARD": ("CREDIT_CARD", c.card, lambda: pv.say_grouped(c.card, rng)),
        "CUSTNO": ("CUSTOMER_NUMBER", c.custno,
                   lambda: read_number_string(c.custno, rng)),
        "PATIENTNO": ("CUSTOMER_NUMBER", c.patientno,
                      lambda: read_number_string(c.patientno, rng)),
        "DIAG_PART": ("HEALTH", diag_nom, lambda: diag_part),
        "DIAG_NOM": ("HEALTH", diag_nom, lambda: diag_nom),
        "MED_PART": ("HEALTH", med_nom, lambda: med_part),
        "PROC": ("HEALTH", c.procedure, lambda: c.procedure),
    }
    if slot not in table:
        raise KeyError(f"unknown PII slot {{{slot}}}")
    entity, value, say = table[slot]
    return Chunk(say(), entity, value)
