"""Reads of the volunteer register: the list, its export, the counts everyone in the
programme may see, and the tasks and hours."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Activity, AgreementVersion, VersionStatus
from helhedsplan.core import exports, search
from helhedsplan.events.models import Event
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import Assignment, HourEntry, Task, Volunteer, VolunteerCard

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

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


def task_list(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with their estate and how many volunteers are on them: running ones first, then
    the latest ended."""
    return (
        tasks.select_related("estate", "activity", "event")
        .annotate(volunteer_count=Count("assignments"))
        .order_by(F("ended_on").desc(nulls_first=True), "name", "pk")
    )


def activities_in_force(*, programme: Programme, on: datetime.date) -> QuerySet[Activity]:
    """The activities of each agreement's version in force on ``on``: what a task may be
    for."""
    in_force = (
        AgreementVersion.objects.filter(
            agreement=OuterRef("version__agreement"),
            status=VersionStatus.APPROVED,
            in_force_from__lte=on,
        )
        .order_by("-in_force_from", "-number")
        .values("pk")[:1]
    )
    return (
        Activity.objects.filter(version__agreement__programme=programme)
        .filter(version=Subquery(in_force))
        .select_related("version__agreement__focus_area")
        .order_by("version__agreement__focus_area__name", "position")
    )


# How far back the task form offers events: a task is set up around an event shortly before
# or after it.
EVENTS_OFFERED_DAYS = 365


def events_for_tasks(
    *, programme: Programme, estates: QuerySet[Estate], on: datetime.date
) -> QuerySet[Event]:
    since = on - datetime.timedelta(days=EVENTS_OFFERED_DAYS)
    return (
        Event.objects.filter(programme=programme, estates__in=estates, starts_at__date__gte=since)
        .distinct()
        .order_by("starts_at", "pk")
    )


def assignable_volunteers(*, task: Task, volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Of the volunteers a person keeps, those who may go on the task and are not on it."""
    return (
        volunteers.filter(Q(estate=task.estate_id) | Q(estate__isnull=True), ended_on__isnull=True)
        .exclude(assignments__task=task)
        .order_by("name", "pk")
    )


def sheet_volunteers(*, task: Task, volunteers: QuerySet[Volunteer]) -> list[Volunteer]:
    """The rows of the task's week sheet: its volunteers, of those the person keeps."""
    return list(volunteers.filter(assignments__task=task).order_by("name", "pk"))


def hours_in_week(
    *, task: Task, volunteer_ids: Iterable[int], days: list[datetime.date]
) -> dict[tuple[int, datetime.date], HourEntry]:
    return {
        (entry.volunteer_id, entry.day): entry
        for entry in HourEntry.objects.filter(
            task=task, volunteer_id__in=list(volunteer_ids), day__in=days
        )
    }


@dataclass(frozen=True)
class YearHours:
    year: int
    hours: Decimal


def hours_per_year(volunteer: Volunteer) -> list[YearHours]:
    rows = (
        HourEntry.objects.filter(volunteer=volunteer)
        .annotate(year=ExtractYear("day"))
        .values("year")
        .annotate(hours=Sum("hours"))
        .order_by("year")
    )
    return [YearHours(year=row["year"], hours=row["hours"]) for row in rows]


def hours_total(volunteer: Volunteer) -> Decimal:
    total = HourEntry.objects.filter(volunteer=volunteer).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


class _VolunteersTask(TypedDict):
    hours: Decimal | None
    assigned: bool


def tasks_of(volunteer: Volunteer) -> QuerySet[WithAnnotations[Task, _VolunteersTask]]:
    """The tasks the volunteer is on or gave hours to, with the hours they gave each and
    whether they are on it now."""
    mine = HourEntry.objects.filter(task=OuterRef("pk"), volunteer=volunteer)
    return (
        Task.objects.filter(
            Q(pk__in=Assignment.objects.filter(volunteer=volunteer).values("task"))
            | Q(pk__in=HourEntry.objects.filter(volunteer=volunteer).values("task"))
        )
        .select_related("estate")
        .annotate(
            hours=Subquery(mine.values("volunteer").annotate(sum=Sum("hours")).values("sum")),
            assigned=Exists(Assignment.objects.filter(task=OuterRef("pk"), volunteer=volunteer)),
        )
        .order_by(F("ended_on").desc(nulls_first=True), "name", "pk")
    )


def card_in_force(token: str, *, today: datetime.date | None = None) -> VolunteerCard | None:
    """The card of the token if it is valid today: not revoked, within its dates, and its
    volunteer still volunteering on a consent in force. None for anything else, alike."""
    today = today or timezone.localdate()
    return (
        VolunteerCard.objects.filter(
            token=token,
            revoked_at__isnull=True,
            issued_on__lte=today,
            valid_until__gte=today,
            volunteer__consent__withdrawn_at__isnull=True,
        )
        .filter(Q(volunteer__ended_on__isnull=True) | Q(volunteer__ended_on__gte=today))
        .select_related("volunteer__programme")
        .first()
    )


def cards_in_force(volunteers: QuerySet[Volunteer]) -> QuerySet[VolunteerCard]:
    """The cards in force of these volunteers, for the sheet to print."""
    today = timezone.localdate()
    return (
        VolunteerCard.objects.filter(
            volunteer__in=volunteers,
            revoked_at__isnull=True,
            valid_until__gte=today,
            volunteer__consent__withdrawn_at__isnull=True,
        )
        .filter(Q(volunteer__ended_on__isnull=True) | Q(volunteer__ended_on__gte=today))
        .select_related("volunteer__programme")
        .order_by("volunteer__name", "pk")
    )
