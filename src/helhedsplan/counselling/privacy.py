"""The note guard: counselling is anonymous, so a note that looks like personal data is refused.

The patterns look for what a note must never hold: a CPR number (``DDMMYY-SSSS`` or any ten
digits in a row), a Danish phone number (eight digits, also grouped ``20 30 40 50`` or
``2030 4050``, with or without ``+45``/``0045``) and an e-mail address. Ordinary numbers
such as years, times (10.30), amounts (1.200 kr.) and dates (12.03.2021) pass, because a
digit group joined to other digits by a dot or comma is never read as part of a number.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A number must not continue into neighbouring digits, or across a dot or comma into them
# (that is a date, time or amount).
_START = r"(?<![\d.,])"
_END = r"(?![\d]|[.,]\d)"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# After a "+" ten digits are a phone number with its country code, not a CPR number.
CPR = re.compile(r"(?<![\d.,+])\d{6}[ -]?\d{4}" + _END)
PHONE = re.compile(
    _START
    + r"(?:(?:\+|00)45[ -]?)?"
    + r"(?:\d{8}|\d{2}([ .-])\d{2}\1\d{2}\1\d{2}|\d{4} \d{4})"
    + _END
)
# "2018 2021" is two years, not a phone number.
_TWO_YEARS = re.compile(r"(?:19|20)\d\d (?:19|20)\d\d")


def _looks_like_phone(text: str) -> bool:
    return any(not _TWO_YEARS.fullmatch(match.group()) for match in PHONE.finditer(text))


def personal_data_kind(text: str) -> str | None:
    """The kind of personal data the text seems to hold, in Danish, or None."""
    if EMAIL.search(text):
        return _("en e-mailadresse")
    if CPR.search(text):
        return _("et CPR-nummer")
    if _looks_like_phone(text):
        return _("et telefonnummer")
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
