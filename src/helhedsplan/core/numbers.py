"""Numbers as the interface shows them, in the active language.

Danish: ``331.964``, ``59,9 %``, ``331.964 kr.``; English: ``331,964``, ``59.9 %``. A number
and its unit are joined by a no-break space everywhere, so ``59,9 %`` never breaks across
lines, on a page or in a PDF.
"""

from __future__ import annotations

from django.utils.formats import number_format

UNIT_SPACE = "\N{NO-BREAK SPACE}"


def decimals_for(value: float, most: int = 2) -> int:
    """As few decimals as the value needs, at most ``most``: 59,2 · 1,25 · 331.964."""
    for decimals in range(most):
        if round(value, decimals) == round(value, most):
            return decimals
    return most


def format_number(value: float, decimals: int | None = None, *, most: int = 2) -> str:
    """``value`` with thousands separators and the decimal mark of the active language; with
    ``decimals`` None, as few decimals as it needs (at most ``most``)."""
    if decimals is None:
        decimals = decimals_for(float(value), most)
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # never "-0"
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_value(
    value: float, unit: str = "", decimals: int | None = None, *, most: int = 2
) -> str:
    """A number with its unit, kept on one line: ``59,9 %``, ``331.964 kr.``."""
    number = format_number(value, decimals, most=most)
    return f"{number}{UNIT_SPACE}{unit}" if unit else number


def format_percent(value: float, decimals: int | None = 1) -> str:
    """A share in per cent: ``59,9 %``; one decimal unless asked otherwise."""
    return format_value(value, "%", decimals)
