"""Random but valid personal data values: HETU, phone, IBAN, card, e-mail, address.

Each ``make_*`` function draws a written value from a seeded ``random.Random``; each
``say_*`` function turns a value into one of the ways a caller says it. Check characters and
validators (:func:`hetu_valid`, :func:`iban_valid`, :func:`luhn_valid`, used by the tests)
come from python-stdnum, the library the pipeline checks with.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.fi import hetu as stdnum_hetu

from bench import lexicon
from bench.spoken import (
    MONTH_PARTITIVES,
    ORDINAL_PARTITIVES,
    cardinal,
    letter,
    ordinal,
    read_digits,
    read_group,
    read_number_string,
    read_pairs,
    year_words,
)

HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"  # the 31 check characters, in order
# century signs the generator draws from (the order fixes the seeded calls), incl. the 2023 ones
CENTURY_SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_YEAR_RANGES = {1800: (1890, 1899), 1900: (1930, 1999), 2000: (2000, 2007)}


def hetu_check_char(date_part: str, individual: str) -> str:
    """Return the check character ``stdnum.fi.hetu`` accepts for DDMMYY and ZZZ (002–999).

    Raises ValueError when no character makes a valid code (no such date, ZZZ under 002).
    """
    for check in HETU_CHECK:
        if any(stdnum_hetu.is_valid(f"{date_part}{sign}{individual}{check}", allow_temporary=True)
               for sign in "-A+"):
            return check
    raise ValueError(f"no valid identity code has date {date_part} and number {individual}")


def hetu_valid(code: str) -> bool:
    """Return True for a well-formed HETU (temporary 9xx codes too) with the right check."""
    return stdnum_hetu.is_valid(code, allow_temporary=True)


def make_birth_date(rng: random.Random, century: int) -> dt.date:
    """Draw a birth date in the plausible years of a century."""
    lo, hi = _YEAR_RANGES[century]
    start = dt.date(lo, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(hi, 12, 31).toordinal()))


def make_hetu(rng: random.Random, born: dt.date, sign: str) -> str:
    """Return a valid HETU for ``born`` with century sign ``sign``."""
    date_part = born.strftime("%d%m") + f"{born.year % 100:02d}"
    individual = f"{rng.randint(2, 899):03d}"
    return f"{date_part}{sign}{individual}{hetu_check_char(date_part, individual)}"


def say_hetu(code: str, rng: random.Random) -> str:
    """Say a HETU: date digit by digit or in pairs, the sign, the number, the check letter."""
    date_part, sign, individual, check = code[:6], code[6], code[7:10], code[10]
    colloquial = rng.random() < 0.35
    if rng.random() < 0.45:
        date_words = read_pairs(date_part, rng)
    else:
        date_words = read_digits(date_part, rng, colloquial)
    sign_word = {"-": rng.choice(("viiva", "viiva", "miinus")), "+": "plus"}.get(sign)
    sign_word = sign_word or letter(sign)
    if rng.random() < 0.3:
        number_words = read_group(individual, rng)
    else:
        number_words = read_digits(individual, rng, colloquial)
    check_word = letter(check) if check.isalpha() else read_digits(check, rng, colloquial)
    return f"{date_words} {sign_word} {number_words} {check_word}"


def say_birth_date(born: dt.date, rng: random.Random) -> str:
    """Say a birth date: "viides toukokuuta tuhat...", "viides viidettä kahdeksankymmentä"."""
    style = rng.choice(("month", "ordinals", "numbers"))
    year = year_words(born.year, rng)
    if style == "month":
        return f"{ordinal(born.day)} {MONTH_PARTITIVES[born.month]} {year}"
    if style == "ordinals":
        return f"{ordinal(born.day)} {ORDINAL_PARTITIVES[born.month]} {year}"
    return f"{cardinal(born.day)} {cardinal(born.month)} {year}"


def make_phone(rng: random.Random) -> str:
    """Return a Finnish phone number as written: mobile, Helsinki landline or +358 form."""
    kind = rng.choice(("mobile", "mobile", "mobile", "landline", "international"))
    if kind == "landline":
        last = rng.choice((f"{rng.randint(100, 999)}", f"{rng.randint(0, 9999):04d}"))
        return f"09 {rng.randint(100, 999)} {last}"
    prefix = rng.choice(("40", "41", "44", "45", "46", "50"))
    rest = f"{rng.randint(100, 999)} {rng.randint(0, 9999):04d}"
    return f"+358 {prefix} {rest}" if kind == "international" else f"0{prefix} {rest}"


def say_phone(number: str, rng: random.Random) -> str:
    """Say a phone number group by group, digit by digit, or the last group in pairs."""
    groups = number.split()
    words = []
    colloquial = rng.random() < 0.35
    for i, group in enumerate(groups):
        if group.startswith("+"):
            words.append("plus " + read_digits(group[1:], rng, colloquial))
        elif i == len(groups) - 1 and len(group) == 4 and rng.random() < 0.35:
            words.append(read_pairs(group, rng))
        else:
            words.append(read_digits(group, rng, colloquial))
    return ", ".join(words)


def iban_valid(iban: str) -> bool:
    """Return True when ``iban`` (spaces allowed) is a valid IBAN (``stdnum.iban``)."""
    return stdnum_iban.is_valid(iban)


def make_iban(rng: random.Random) -> str:
    """Return a valid Finnish IBAN in groups of four: "FI21 1234 5600 0007 85"."""
    bban = "".join(str(rng.randint(0, 9)) for _ in range(14))
    s = f"FI{stdnum_iban.calc_check_digits('FI00' + bban)}{bban}"
    return stdnum_iban.format(s)


def say_iban(iban: str, rng: random.Random) -> str:
    """Say an IBAN: "äf ii" then the digits in their written groups."""
    groups = iban.split()
    head = f"{letter(groups[0][0])} {letter(groups[0][1])} "
    colloquial = rng.random() < 0.3
    first = head + read_digits(groups[0][2:], rng, colloquial)
    rest = [read_digits(g, rng, colloquial) if rng.random() < 0.75 else read_pairs(g, rng)
            for g in groups[1:]]
    return ", ".join([first] + rest)


def luhn_valid(number: str) -> bool:
    """Return True when the digits of ``number`` pass the Luhn check (``stdnum.luhn``)."""
    return luhn.is_valid("".join(c for c in number if c.isdigit()))


def make_card(rng: random.Random) -> str:
    """Return a Luhn-valid 16-digit Visa or Mastercard number in groups of four."""
    head = rng.choice(("4", "51", "52", "53", "54", "55"))
    body = head + "".join(str(rng.randint(0, 9)) for _ in range(15 - len(head)))
    s = body + luhn.calc_check_digit(body)
    return " ".join(s[i:i + 4] for i in range(0, 16, 4))


def say_grouped(number: str, rng: random.Random) -> str:
    """Say a number written in groups, each group in a random style."""
    return ", ".join(read_number_string(g, rng) for g in number.split())


def make_customer_number(rng: random.Random) -> str:
    """Return a 6–8 digit customer or patient number (no leading zero)."""
    length = rng.randint(6, 8)
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 1))


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans("äöå", "aoo"))


def make_email(rng: random.Random, first: str, last: str) -> str:
    """Return an e-mail address built from a person's names."""
    f, s = _ascii(first), _ascii(last)
    local = rng.choice((f"{f}.{s}", f"{f}_{s}", f"{f}-{s}", f"{f[0]}.{s}", f"{s}.{f}",
                        f"{f}{s}{rng.randint(1, 99)}", f"{f}.{s}{rng.randint(60, 99)}"))
    return f"{local}@{rng.choice(lexicon.EMAIL_DOMAINS)[0]}"


def say_email(address: str, rng: random.Random) -> str:
    """Say an e-mail address with "ät", "piste", "viiva", "alaviiva"."""
    local, domain = address.split("@")
    words = []
    for token in re.findall(r"[a-z]+|\d+|[._-]", local):
        if token in "._-":
            words.append({".": "piste", "_": "alaviiva", "-": rng.choice(("viiva", "miinus"))}
                         [token])
        elif token.isdigit():
            words.append(cardinal(int(token)) if rng.random() < 0.6 else
                         read_digits(token, rng))
        elif len(token) == 1:
            words.append(letter(token))
        else:
            words.append(token)
    spoken_domain = dict(lexicon.EMAIL_DOMAINS)[domain]
    return " ".join(words) + " ät " + spoken_domain


@dataclass(frozen=True)
class Address:
    """A street address: street, number, optional staircase and flat, postal code, town."""

    street: str
    number: int
    stair: str
    flat: int
    postal: str
    town: str

    def written(self) -> str:
        """Return the address as written: "Koivukuja 12 B 7, 70100 Kuopio"."""
        flat = f" {self.stair} {self.flat}" if self.stair else ""
        return f"{self.street} {self.number}{flat}, {self.postal} {self.town}"


def make_address(rng: random.Random) -> Address:
    """Draw a street address in one of the listed towns."""
    stem, suffix = rng.choice(lexicon.STREET_STEMS), rng.choice(lexicon.STREET_SUFFIXES)
    town, prefix = rng.choice(lexicon.TOWNS)
    stair = rng.choice("ABCDEF") if rng.random() < 0.5 else ""
    return Address(stem + suffix, rng.randint(1, 120), stair, rng.randint(1, 40) if stair else 0,
                   f"{prefix}{rng.randint(10, 98)}0", town)


def say_address(addr: Address, rng: random.Random) -> str:
    """Say an address: street, number, staircase letter, flat, postal code, town."""
    number = cardinal(addr.number, spaced=rng.random() < 0.5)
    flat = f" {letter(addr.stair)} {cardinal(addr.flat)}" if addr.stair else ""
    postal = read_digits(addr.postal, rng) if rng.random() < 0.7 else read_pairs(addr.postal, rng)
    return f"{addr.street} {number}{flat}, {postal} {addr.town}"
