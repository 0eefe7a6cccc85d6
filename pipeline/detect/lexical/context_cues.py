"""Cue words: the words with which someone asks for (or starts to give) personal data.

A *cue* is a word whose base form names a kind of personal data ("henkilötunnuksesi" →
henkilötunnus → FI_PERSONAL_IDENTITY_CODE). :func:`cue_entity` finds cues on Voikko base
forms, as compound heads ("kotiosoitteesi" → osoite), fuzzily on folded stems for words
Voikko does not know ("hekilötunnuksenne"), by a garbled compound headed by "tunnus"
("kirjoitunnukseni" → henkilötunnus) or its tail heard apart ("nuksenion"), and by "numero"
glued to the "on" that follows it ("numeronion", "potilas numerollion"); :func:`cues_in`
also re-joins a cue split in two words ("puhelin numeronne").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.fi import morphology as m
from pipeline.fi.folds import fold_spelling
from pipeline.fi.tokens import Token

HETU, DOB, PHONE = "FI_PERSONAL_IDENTITY_CODE", "DATE_OF_BIRTH", "PHONE_NUMBER"
ADDRESS, EMAIL, IBAN = "ADDRESS", "EMAIL_ADDRESS", "IBAN_CODE"
CUSTOMER, PERSON, CARD = "CUSTOMER_NUMBER", "PERSON", "CREDIT_CARD"
# base form -> entity; inflection stems are added for fuzzy matching of unknown words
CUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "henkilötunnus": (HETU, ("henkilötunnukse", "henkilötunnus")),
    "hetu": (HETU, ("hetu",)), "sotu": (HETU, ("sotu",)),
    "sosiaaliturvatunnus": (HETU, ("sosiaaliturvatunnukse",)),
    "syntymäaika": (DOB, ("syntymäaika", "syntymäaja")),
    "syntymäpäivä": (DOB, ("syntymäpäivä",)), "syntymäpäivämäärä": (DOB, ()),
    "syntymävuosi": (DOB, ("syntymävuode",)), "syntynyt": (DOB, ()),
    "puhelinnumero": (PHONE, ("puhelinnumero",)),
    "matkapuhelinnumero": (PHONE, ()), "kännykkänumero": (PHONE, ()),
    "yhteysnumero": (PHONE, ()), "soittonumero": (PHONE, ()), "liittymänumero": (PHONE, ()),
    "osoite": (ADDRESS, ("osoittee", "osoite")), "postinumero": (ADDRESS, ()),
    "katuosoite": (ADDRESS, ()), "kotiosoite": (ADDRESS, ()), "postiosoite": (ADDRESS, ()),
    "laskutusosoite": (ADDRESS, ()), "toimitusosoite": (ADDRESS, ()),
    "asuinpaikka": (ADDRESS, ()), "kotikunta": (ADDRESS, ()),
    "sähköposti": (EMAIL, ("sähköposti",)), "sähköpostiosoite": (EMAIL, ("sähköpostiosoittee",)),
    "meili": (EMAIL, ()), "email": (EMAIL, ()), "sposti": (EMAIL, ()),
    "tilinumero": (IBAN, ("tilinumero",)), "iban": (IBAN, ()), "pankkitili": (IBAN, ()),
    "asiakasnumero": (CUSTOMER, ("asiakasnumero",)), "asiakastunnus": (CUSTOMER, ()),
    "jäsennumero": (CUSTOMER, ()), "sopimusnumero": (CUSTOMER, ()),
    "käyttäjätunnus": (CUSTOMER, ()), "potilasnumero": (CUSTOMER, ()),
    "vakuutusnumero": (CUSTOMER, ()), "korttinumero": (CARD, ()), "kortinnumero": (CARD, ()),
    "nimi": (PERSON, ()), "etunimi": (PERSON, ()), "sukunimi": (PERSON, ()),
}
HEADS = {"osoite": ADDRESS, "puhelinnumero": PHONE, "tilinumero": IBAN,
         "henkilötunnus": HETU, "syntymäaika": DOB}
# cues said in passing as often as in a question: they need a real question to look ahead
STRICT_CUES = frozenset({"sähköposti", "meili", "email", "sposti", "nimi", "syntynyt",
                         "osoite"})


def _entity_of_base(base: str) -> str | None:
    if base in CUES:
        return CUES[base][0]
    for head, entity in HEADS.items():
        if base.endswith(head) and len(base) > len(head) + 2:
            return entity
    return None


@lru_cache(maxsize=1)
def _stems() -> tuple[tuple[str, str], ...]:
    return tuple((fold_spelling(s), CUES[b][0]) for b, (_, stems) in CUES.items() for s in stems
                 if len(s) >= 7)


@lru_cache(maxsize=50_000)
def cue_entity(word: str) -> str | None:
    """Return the entity type a word asks about, or None (case-insensitive, any inflection)."""
    key = word.lower().strip("-")
    readings = m.analyse(key)
    for a in readings:
        if (entity := _entity_of_base(a.baseform.lower())) is not None:
            return entity
    if readings:
        return None
    if (entity := next((CUES[f][0] for f in m.strip_endings(key) if f in CUES), None)):
        return entity  # a cue word Voikko does not know ("hetu", "hetun", "sotu")
    if len(key) < 7:
        return None
    for form in m.strip_endings(key):
        folded = fold_spelling(form)
        for stem, entity in _stems():
            if fuzz.ratio(folded, stem) >= 85:
                return entity
        if form.endswith(("tunnus", "tunnukse", "tunnuks")) and len(form) >= 9:
            return HETU  # a garbled "X-tunnus" unknown to Voikko: most often henkilötunnus
    if key.startswith("nuks"):  # the tail of "henkilö|tunnukseni" heard apart ("nuksenion")
        return HETU
    tail = key.partition("numero")[2]
    if len(tail) >= 4 and tail.endswith("on"):  # "numeroni on" heard as one word; not "-on"
        return PHONE if key.startswith("numero") else CUSTOMER  # "potilasnumerollion"
    return None


def cues_in(toks: Sequence[Token]) -> list[tuple[int, int, str]]:
    """Cues in a line as (first, last, entity); a cue split in two words is re-joined."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        if i + 1 < len(toks) and not toks[i].ends_sentence:
            joined = cue_entity(toks[i].lower + toks[i + 1].lower)
            second = cue_entity(toks[i + 1].text)
            if second is not None and m.known(toks[i].text):
                joined = None  # a word before a cue ("uusi numeronion", "saisin tilinumeron")
            if joined is not None and second is None \
                    or joined is not None and cue_entity(toks[i].text) is None:
                out.append((i, i + 1, joined))
                i += 2
                continue
        if (entity := cue_entity(toks[i].text)) is not None:
            out.append((i, i, entity))
        i += 1
    return out
