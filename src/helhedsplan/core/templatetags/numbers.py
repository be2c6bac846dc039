"""Numbers in templates as ``core.numbers`` writes them: ``{% load numbers %}``.

``{{ value|number }}`` (``1.741``, ``59,2``), ``{{ value|number:1 }}`` (one decimal),
``{{ share|percent }}`` (``59,9 %``, with a no-break space), ``{{ share|percent:0 }}``.
"""

from __future__ import annotations

from django import template

from helhedsplan.core.numbers import format_number, format_percent

register = template.Library()


@register.filter
def number(value: float | None, decimals: int | None = None) -> str:
    return "–" if value is None else format_number(value, decimals)


@register.filter
def percent(value: float | None, decimals: int | None = 1) -> str:
    return "–" if value is None else format_percent(value, decimals)
