"""State changes of programmes and estates."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.text import slugify

from helhedsplan.programmes.models import Estate, Programme

# slugify drops letters it cannot fold to ASCII; Danish spells them out instead.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@transaction.atomic
def programme_ensure(
    *,
    name: str,
    housing_organisation: str,
    municipality: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Programme:
    """Return the programme called ``name``, creating it or bringing its details up to date."""
    programme, _created = Programme.objects.get_or_create(
        name=name,
        defaults={
            "slug": slugify(name.translate(DANISH_LETTERS)),
            "housing_organisation": housing_organisation,
            "municipality": municipality,
            "period_start": period_start,
            "period_end": period_end,
        },
    )
    changed = {
        field: value
        for field, value in {
            "housing_organisation": housing_organisation,
            "municipality": municipality,
            "period_start": period_start,
            "period_end": period_end,
        }.items()
        if getattr(programme, field) != value
    }
    if changed:
        for field, value in changed.items():
            setattr(programme, field, value)
        programme.full_clean()
        programme.save()
    return programme


@transaction.atomic
def estate_ensure(*, programme: Programme, name: str, tenancies: int) -> Estate:
    estate, created = Estate.objects.get_or_create(
        programme=programme, name=name, defaults={"tenancies": tenancies}
    )
    if not created and estate.tenancies != tenancies:
        estate.tenancies = tenancies
        estate.full_clean()
        estate.save()
    return estate
