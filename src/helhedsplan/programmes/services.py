"""State changes of programmes and estates."""

from __future__ import annotations

import datetime

from django.db import transaction

from helhedsplan.core import danish
from helhedsplan.programmes.models import Estate, Programme


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
            "slug": danish.slug(name),
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
