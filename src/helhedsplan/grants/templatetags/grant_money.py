"""Kroner on the grant pools' pages, the Danish way (``money.format_kroner``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from helhedsplan.grants.money import format_kroner

register = template.Library()


@register.filter
def kroner(amount: Decimal) -> str:
    return format_kroner(amount)
