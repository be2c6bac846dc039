"""Reads of the volunteer register: the list, its export, and the counts everyone in the
programme may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import exports, search
from helhedsplan.programmes.models import Programme
from helhedsplan.volunteers.models import Volunteer

SEARCHED_FIELDS = ["name", "phone", "email", "estate__name"]


def active_on(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def volunteer_list(
    *,
    volunteers: QuerySet[Volunteer],
    estate_id: int | None = None,
    not_resident: bool = False,
    search_text: str = "",
) -> QuerySet[Volunteer]:
    """The volunteers a person keeps, narrowed by the list's filters."""
    if not_resident:
        volunteers = volunteers.filter(estate__isnull=True)
    elif estate_id is not None:
        volunteers = volunteers.filter(estate_id=estate_id)
    return (
        volunteers.filter(search.matching(search_text, SEARCHED_FIELDS))
        .select_related("estate", "consent")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class EstateCount:
    name: str
    active: int
    young: int


def counts(*, programme: Programme, today: datetime.date | None = None) -> list[EstateCount]:
    """Active volunteers per estate (and those who are not residents), with how many of them
    are 15-30 years old this year: what every role in the programme may see."""
    today = today or timezone.localdate()
    young = Q(birth_year__gte=today.year - 30) & Q(birth_year__lte=today.year - 15)
    rows = (
        Volunteer.objects.filter(active_on(today), programme=programme)
        .values("estate__name")
        .annotate(active=Count("pk"), young=Count("pk", filter=young))
        .order_by("estate__name")
    )
    return [
        EstateCount(
            name=row["estate__name"] or str(_("Ikke beboer")),
            active=row["active"],
            young=row["young"],
        )
        for row in rows
    ]


def _interests(volunteer: Volunteer) -> str:
    return ", ".join(interest.name for interest in volunteer.interests.all())


EXPORT_COLUMNS: list[exports.Column[Volunteer]] = [
    exports.Column(_("Navn"), lambda v: v.name, 28),
    exports.Column(_("Telefon"), lambda v: v.phone, 14),
    exports.Column(_("E-mail"), lambda v: v.email, 28),
    exports.Column(
        _("Boligområde"), lambda v: v.estate.name if v.estate else str(_("Ikke beboer"))
    ),
    exports.Column(_("Fødselsår"), lambda v: v.birth_year, 10),
    exports.Column(_("Slags"), lambda v: v.get_kind_display()),
    exports.Column(_("Leder andre"), lambda v: v.leads_others, 10),
    exports.Column(_("Interesser"), _interests, 30),
    exports.Column(_("Startet"), lambda v: v.started_on, 12),
    exports.Column(_("Stoppet"), lambda v: v.ended_on, 12),
]


def for_export(volunteers: QuerySet[Volunteer]) -> Iterable[Volunteer]:
    return volunteers.prefetch_related("interests")
