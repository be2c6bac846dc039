"""The guard against personal data in free text that must stay anonymous: a counselling note
or a survey's free-text answer that looks like personal data is refused, and a counselling note
that seems to name a person is held back until the worker confirms it does not.

The text is first normalised (``normalise``): Unicode NFKC (full-width ``０１`` and ``＠``
become ``01`` and ``@``), characters that show as nothing (zero-width spaces, soft hyphens)
removed, every dash a hyphen, every decimal digit an ASCII one, and the letter O read as a
zero inside a number. Then the guard looks for what a note must never hold:

- an e-mail address, also written ``jens @ gmail.com``, ``jens(at)gmail.com`` or with
  "snabel-a";
- a CPR number: ten digits in a row, or grouped (``010190-1234``, ``01.01.90.1234``,
  ``010190/1234``, ``010 190 1234``) when the first six are a date;
- a Danish phone number: eight digits, the first 2-9 (Danish numbers never start with 0 or
  1), also grouped by spaces or hyphens (``2030 40 50``, ``203 040 50``, ``2030-4050``) or
  in pairs by dots, with or without ``+45``/``0045``, or written in words
  ("tyve tredive fyrre halvtreds");
- a street address: a street name (``…vej``, ``…gade``, ``…gaard``, …) and a house number,
  or any capitalised word, a house number and a floor or side (``Vapnagaard 12 st tv``,
  ``Skolevej 3, 1. th``);
- a date of birth ("født 12.03.1985", "f. 1. maj 1985").

Ordinary numbers pass: years, times (10.30), amounts (1.200 kr., ``10 20 30 40 kr``), dates
(12.03.2021), two years (2018 2021) and case numbers ("sagsnr. 12345678").

A name cannot be told from other capitalised words with certainty, so ``likely_name`` only
warns: two capitalised words in a row, neither a word of the institutions and places notes
name every day ("Helsingør Kommune", "Kulturhus Syd").

Every pattern is linear: each starts only at the beginning of a word or number and its
repetitions are bounded, so a long hostile text costs no more than its length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhedsplan.core.danish import NUMBER_WORDS

# Shown as nothing, so they split a number or an address without the reader seeing it.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060"
        "\u2061\u2062\u2063\u2064\ufeff",
    ),
    None,
)
# En and em dashes, minus signs and the like read as the hyphen they stand for.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")
_O_AS_ZERO = str.maketrans("Oo", "00")
_WORD = re.compile(r"\w+")
_DIGITS_AND_OS = re.compile(r"[0-9Oo]+")


def _decimal_digits(word: str) -> str:
    """Every decimal digit of any script as its ASCII digit (NFKC keeps e.g. ``٣`` as it is)."""
    if word.isascii():
        return word
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in word
    )


def _word(match: re.Match[str]) -> str:
    word = _decimal_digits(match.group())
    if _DIGITS_AND_OS.fullmatch(word) and any(ch.isdigit() for ch in word):
        return word.translate(_O_AS_ZERO)
    return word


def normalise(text: str) -> str:
    """The text as the guard reads it (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_DASHES)
    return _WORD.sub(_word, text)


# E-mail ------------------------------------------------------------------------------------

_AT = (
    r"(?:\s{0,3}@\s{0,3}|\s{0,3}[(\[]\s{0,3}(?:at|snabel[- ]?a)\s{0,3}[)\]]\s{0,3}"
    r"|\s{1,3}snabel[- ]?a\s{1,3})"
)
_DOT = r"(?:\s{0,3}\.\s{0,3}|\s{0,3}[(\[]\s{0,3}(?:dot|punktum)\s{0,3}[)\]]\s{0,3})"
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}" + _AT + r"[\w-]{1,63}(?:" + _DOT + r"[\w-]{1,63}){1,6}",
    re.IGNORECASE,
)


# CPR and phone numbers ---------------------------------------------------------------------

# Digit groups joined by one separator each. A comma joins the decimals of an amount; it is
# kept in the run so that such a group is never read as part of a number.
_RUN = re.compile(r"\d+(?:[ .,/-]\d+)*")
_GROUP = re.compile(r"\d+|[ .,/-]")
# The words before a number that make it a case, customer or company number.
_CASE_BEFORE = re.compile(
    r"(?:sags?(?:nr|nummer|nummeret)?|journal(?:nr|nummer)?|j\.? ?nr|jnr|ref(?:erence)?|"
    r"kunde(?:nr|nummer)|medlems(?:nr|nummer)|ordre(?:nr|nummer)|faktura(?:nr|nummer)|"
    r"løbe(?:nr|nummer)|cvr(?:-?nr|-?nummer)?|p-?nr)[.:# ]{0,3}\Z",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(r"\s{0,3}(?:kr\b|kr\.|kroner|dkk|,-|%|procent)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# A run is looked at in windows of at most this many groups (a CPR number in single digits).
_MOST_GROUPS = 12


@dataclass(frozen=True)
class _Window:
    """Consecutive digit groups of a run and the separators between them."""

    groups: list[str]
    separators: list[str]
    start: int
    end: int

    @property
    def digits(self) -> str:
        return "".join(self.groups)


def _windows(text: str) -> Iterator[_Window]:
    """Every stretch of consecutive digit groups (not touching a decimal comma) of at most
    twelve digits: linear in the text's length, since a stretch is bounded."""
    for run in _RUN.finditer(text):
        parts = [(m.group(), m.start()) for m in _GROUP.finditer(run.group())]
        groups = parts[0::2]
        separators = [part for part, _start in parts[1::2]]
        base = run.start()
        for first in range(len(groups)):
            # A group after a decimal comma is an amount's decimals.
            if first > 0 and separators[first - 1] == ",":
                continue
            digits = 0
            for last in range(first, min(len(groups), first + _MOST_GROUPS)):
                digits += len(groups[last][0])
                # A group before a decimal comma is an amount's whole part.
                if digits > 12 or (last + 1 < len(groups) and separators[last] == ","):
                    break
                yield _Window(
                    groups=[group for group, _start in groups[first : last + 1]],
                    separators=separators[first:last],
                    start=base + groups[first][1],
                    end=base + groups[last][1] + len(groups[last][0]),
                )


def _is_date(digits: str) -> bool:
    day, month = int(digits[:2]), int(digits[2:4])
    return 1 <= day <= 31 and 1 <= month <= 12


def _is_cpr(window: _Window, text: str) -> bool:
    if len(window.digits) != 10 or text[window.start - 1 : window.start] == "+":
        return False
    if len(window.groups) == 1:
        return True
    return _is_date(window.digits)


def _is_phone(window: _Window, text: str) -> bool:
    digits, groups, separators = window.digits, window.groups, set(window.separators)
    after_plus = text[window.start - 1 : window.start] == "+"
    if len(digits) == 10 and after_plus and digits.startswith("45"):
        digits, groups = digits[2:], groups[1:] if groups[0] == "45" else groups
    elif len(digits) == 12 and digits.startswith("0045"):
        digits, groups = digits[4:], groups[1:] if groups[0] == "0045" else groups
    if len(digits) != 8 or digits[0] in "01":
        return False
    if separators - {" ", "-"} and not (separators == {"."} and all(len(g) == 2 for g in groups)):
        return False
    if any(len(group) < 2 for group in groups):
        return False
    if len(groups) == 2 and all(_YEAR.fullmatch(group) for group in groups):
        return False  # two years, "2018 2021"
    if _AMOUNT_AFTER.match(text, window.end):
        return False
    return not _CASE_BEFORE.search(text[max(0, window.start - 25) : window.start])


# Number words: "tyve tredive fyrre halvtreds" is 20 30 40 50.
_NUMBER_WORD_DIGITS = {"nul": "0", **{word: str(value) for word, value in NUMBER_WORDS.items()}}
_NUMBER_WORD = "|".join(sorted(map(re.escape, _NUMBER_WORD_DIGITS), key=len, reverse=True))
_NUMBER_WORDS = re.compile(
    rf"(?<!\w)(?:{_NUMBER_WORD})(?:[\s,-]{{1,3}}(?:{_NUMBER_WORD}))*(?!\w)", re.IGNORECASE
)


def _phone_in_words(text: str) -> bool:
    """Number words that spell eight digits, the first 2-9 (or ``45`` and eight)."""
    for match in _NUMBER_WORDS.finditer(text):
        words = re.split(r"[\s,-]+", match.group().casefold())
        digits = "".join(_NUMBER_WORD_DIGITS[word] for word in words)
        if len(digits) == 10 and digits.startswith("45"):
            digits = digits[2:]
        if len(digits) == 8 and digits[0] not in "01":
            return True
    return False


# Addresses and dates of birth --------------------------------------------------------------

# The endings of Danish street names. Endings that are also everyday words ("have", "alle",
# "mark") are left out: "børnehave 2 dage" is no address.
_STREET_ENDINGS = (
    "vej", "vejen", "gade", "gaden", "gård", "gaard", "allé", "plads", "pladsen", "vænge",
    "vænget", "stræde", "strædet", "boulevard", "torv", "torvet", "vang", "vangen", "stien",
    "parken", "bakken", "toften", "kaj",
)  # fmt: skip
_SIDE = r"(?:th|tv|mf)\.?"
_FLOOR = r"(?:st|kl|kld)\.?|\d{1,2}\.(?: ?sal)?|\d{1,2} ?sal"
_FLOOR_SIDE = rf"(?:(?:{_FLOOR})(?:,? ?{_SIDE})?|\d{{1,2}}\.? ?{_SIDE}|{_SIDE})"
ADDRESS = re.compile(
    r"(?<![^\W\d_])([^\W\d_]{2,40})\.? (\d{1,3})(?: ?[a-zA-Z](?![^\W\d_]))?"
    r"(?![\d/]|[.,]\d|[^\W\d_])"
    rf"(?:,? ({_FLOOR_SIDE})(?![^\W\d_]))?",
)


def _looks_like_address(text: str) -> bool:
    for match in ADDRESS.finditer(text):
        street, _number, floor_side = match.groups()
        named = street.casefold()
        # "Skolevej 3" (a street's name), "Plads 2" only when capitalised; "Vapnagaard 12 st
        # tv" by its floor and side.
        street_name = any(
            named.endswith(ending) and (len(named) > len(ending) or street[0].isupper())
            for ending in _STREET_ENDINGS
        )
        if street_name or (street[0].isupper() and floor_side):
            return True
    return False


_MONTHS = (
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)
BIRTH_DATE = re.compile(
    r"(?<!\w)(?:født|f\.|fødselsdag|fødselsdato|fødselsdagen|fdt\.?)[\s:]{0,3}(?:den )?"
    rf"(?:\d{{1,2}} ?[./-] ?\d{{1,2}}|\d{{1,2}}\.? {_MONTHS})",
    re.IGNORECASE,
)


# Names -------------------------------------------------------------------------------------

_CAPITALISED = r"[A-ZÆØÅ][a-zæøåäöüéè]{1,30}(?:-[A-ZÆØÅ][a-zæøåäöüéè]{1,30})?"
# Overlapping pairs, so "Borgerservice Jens Hansen" finds "Jens Hansen".
_NAME_PAIR = re.compile(rf"(?<![\w-])(?=({_CAPITALISED}) ({_CAPITALISED})(?![\w-]))")
# Capitalised words of institutions, places and the programme that notes name every day.
_NOT_NAMES = frozenset(
    word.casefold()
    for word in (
        "Kommune", "Kommunes", "Kommunen", "Region", "Regionen", "Hovedstaden", "Danmark",
        "Udbetaling", "Borgerservice", "Jobcenter", "Jobcentret", "Ydelsescenter", "Skat",
        "Politi", "Politiet", "Politiets", "Kulturhus", "Kulturhuset", "Beboerhus",
        "Beboerhuset", "Syd", "Nord", "Øst", "Vest", "Helsingør", "Helsingørs", "Espergærde",
        "Nøjsomhed", "Vapnagaard", "Familieafdelingen", "Sundhedscentret", "Sundhedshuset",
        "Frivillighedscentret", "Frivillighedscentrets", "Røde", "Kors", "Dansk",
        "Flygtningehjælp", "Red", "Barnet", "Ældre", "Sagen", "Mødrehjælpen", "Landsbyggefonden",
        "Boligselskab", "Boligselskabet", "Boligorganisation", "Boligstøtte", "Forældreintra",
        "Aula", "Skole", "Skolen", "Gymnasium", "Læge", "Lægen", "Hospital", "Hospitalet",
        "Sygehus", "Nordsjællands", "Nordsjælland", "Sjælland", "Tryghedsindeks", "Digital",
        "Post", "Ministeriet", "Styrelsen", "Center", "Centret", "Hus", "Huset", "Klub",
        "Klubben", "Bibliotek", "Biblioteket",
    )
)  # fmt: skip


def likely_name(text: str) -> str | None:
    """Two capitalised words in a row that may be a person's name (normalised), or None."""
    text = normalise(text)
    for match in _NAME_PAIR.finditer(text):
        first, second = match.groups()
        if first.casefold() not in _NOT_NAMES and second.casefold() not in _NOT_NAMES:
            return f"{first} {second}"
    return None


# The guard -----------------------------------------------------------------------------------


def personal_data_kind(text: str) -> str | None:
    """The kind of personal data the text seems to hold, in Danish, or None."""
    text = normalise(text)
    if EMAIL.search(text):
        return _("en e-mailadresse")
    if any(_is_cpr(window, text) for window in _windows(text)):
        return _("et CPR-nummer")
    if any(_is_phone(window, text) for window in _windows(text)) or _phone_in_words(text):
        return _("et telefonnummer")
    if BIRTH_DATE.search(text):
        return _("en fødselsdato")
    if _looks_like_address(text):
        return _("en adresse")
    return None


def validate_anonymous(text: str) -> None:
    """Raise a ValidationError naming what was found, if the text looks like personal data."""
    kind = personal_data_kind(text)
    if kind is not None:
        raise ValidationError(
            _(
                "Noten ser ud til at indeholde %(kind)s. Henvendelser er anonyme: skriv ikke "
                "navn, CPR-nummer, adresse, telefonnummer eller e-mail."
            ),
            code="personal_data",
            params={"kind": kind},
        )
