"""Kroner as residents write them and as the pages show them, always the Danish way:
``1.234,50 kr.`` (a point between thousands, a comma before the øre)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation

from helhedsplan.core.numbers import format_value

# 1234 · 1234,5 · 1.234,50 · 1 234,50 (with or without "kr."); never a point before øre.
_AMOUNT = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<ore>\d{1,2}))?$")
_SPACES = re.compile(r"[\s\N{NO-BREAK SPACE}\N{NARROW NO-BREAK SPACE}]")
_UNIT = re.compile(r"(kr\.?|dkk)$", re.IGNORECASE)


def parse_kroner(text: str) -> Decimal | None:
    """The amount ``text`` says in Danish, with øre, or None when it says none."""
    cleaned = _UNIT.sub("", _SPACES.sub("", text.strip())).strip()
    matched = _AMOUNT.match(cleaned)
    if matched is None:
        return None
    whole = matched["whole"].replace(".", "")
    ore = (matched["ore"] or "0").ljust(2, "0")
    try:
        return Decimal(f"{whole}.{ore}")
    except InvalidOperation:  # pragma: no cover: the pattern admits digits only
        return None


def format_kroner(amount: Decimal) -> str:
    """``1.234,50 kr.``, in Danish whatever the page's language (the applicants' own way of
    writing amounts, as the receipt and the budget show them)."""
    with translation.override("da"):
        return format_value(float(amount), "kr.", 2)


def input_kroner(amount: Decimal) -> str:
    """An amount as a form field shows it to be read again: ``1234,50``."""
    return f"{amount:.2f}".replace(".", ",")
