"""Reads of the volunteer register: the list, its export, the counts everyone in the
programme may see, and the tasks and hours."""

from __future__ import annotations

import datetime
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.models import Role
from helhedsplan.agreements.models import Activity, AgreementVersion, VersionStatus
from helhedsplan.core import exports, search
from helhedsplan.events.models import Event
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers import link_tokens
from helhedsplan.volunteers.models import (
    Assignment,
    CertificatePolicy,
    EventVolunteer,
    HourEntry,
    Kind,
    PersonalLink,
    Presence,
    Task,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)

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
    are 15-30 years old this year: what every role in the programme may see. The places that
    have active volunteers, of ``estate_figures``: one count, for the list and the API."""
    return [
        EstateCount(name=figures.name, active=figures.active, young=figures.young)
        for figures in estate_figures(programme=programme, today=today)
        if figures.active
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


# The certificate --------------------------------------------------------------------------


def latest_certificate(volunteer: Volunteer) -> VolunteerCertificate | None:
    """The volunteer's latest certificate, or None: what the personal link offers."""
    return volunteer.certificates.order_by("-issued_on", "-pk").first()


def certificates_of(volunteer: Volunteer) -> QuerySet[VolunteerCertificate]:
    return volunteer.certificates.order_by("-issued_on", "-pk")


@dataclass(frozen=True)
class TaskHours:
    name: str
    hours: Decimal


@dataclass(frozen=True)
class HoursFound:
    """A volunteer's hours as a certificate states them: in all, their first and last day,
    and per task (first the task they began with)."""

    total: Decimal
    first_day: datetime.date | None
    last_day: datetime.date | None
    tasks: list[TaskHours]


def certificate_hours(volunteer: Volunteer) -> HoursFound:
    """Counted by the database: one aggregate over all their hours, one grouped by task."""
    entries = HourEntry.objects.filter(volunteer=volunteer)
    found = entries.aggregate(total=Sum("hours"), first=Min("day"), last=Max("day"))
    per_task = (
        entries.values("task_id", "task__name")
        .annotate(hours=Sum("hours"), first=Min("day"))
        .order_by("first", "task__name", "task_id")
    )
    return HoursFound(
        total=found["total"] or Decimal(0),
        first_day=found["first"],
        last_day=found["last"],
        tasks=[TaskHours(name=row["task__name"], hours=row["hours"]) for row in per_task],
    )


def competences_suggested(volunteer: Volunteer, found: HoursFound | None = None) -> str:
    """What the certificate form offers to start from: the volunteer's interests and the
    tasks they gave hours to (``found``, if counted already), each once. The staff member
    rewrites it into competences."""
    names = [interest.name for interest in volunteer.interests.order_by("name")]
    names += [task.name for task in (found or certificate_hours(volunteer)).tasks]
    return ", ".join(dict.fromkeys(names))


def certificate_policy(programme: Programme) -> CertificatePolicy:
    """The programme's rules for certificates; unsaved defaults where it has set none."""
    return CertificatePolicy.objects.filter(programme=programme).select_related(
        "signer"
    ).first() or CertificatePolicy(programme=programme)


def secretariat_heads(programme: Programme) -> QuerySet[User]:
    """Who may sign the programme's certificates: its active secretariat heads."""
    return User.objects.filter(
        is_active=True,
        memberships__programme=programme,
        memberships__role=Role.SECRETARIAT_HEAD,
    ).order_by("first_name", "last_name", "pk")


# Volunteer parties, invitations and events' helpers


@dataclass(frozen=True)
class EventVolunteerCounts:
    invited: int
    present: int
    helpers: int
    # Helpers who live in one of the event's estates: what the event's own figure of
    # "frivillige beboere, der hjalp" (``Event.resident_volunteers``) counts.
    resident_helpers: int


def event_volunteer_counts(event: Event) -> EventVolunteerCounts:
    """How many registered volunteers the event invited, saw and had helping, counted by
    the database over everyone linked (a count, so not limited to whom the reader keeps)."""
    found = EventVolunteer.objects.filter(event=event).aggregate(
        invited=Count("pk", filter=Q(invited_on__isnull=False)),
        present=Count("pk", filter=Q(presence=Presence.PRESENT)),
        helpers=Count("pk", filter=Q(helped=True)),
        resident_helpers=Count(
            "pk",
            filter=Q(helped=True, volunteer__estate__in=event.estates.values("pk")),
        ),
    )
    return EventVolunteerCounts(**found)


def event_parts(*, event: Event, volunteers: QuerySet[Volunteer]) -> QuerySet[EventVolunteer]:
    """The event's volunteers, of those a person keeps."""
    return (
        EventVolunteer.objects.filter(event=event, volunteer__in=volunteers)
        .select_related("volunteer__estate")
        .order_by("volunteer__name", "volunteer_id")
    )


def invitable_volunteers(
    *,
    event: Event,
    volunteers: QuerySet[Volunteer],
    estate_id: int | None = None,
    not_resident: bool = False,
    search_text: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Volunteer]:
    """Of the volunteers a person keeps, the active ones (volunteering today, consent in
    force) not yet on the event, narrowed as the list is."""
    today = today or timezone.localdate()
    found = volunteers.filter(active_on(today), consent__withdrawn_at__isnull=True).exclude(
        event_parts__event=event
    )
    if not_resident:
        found = found.filter(estate__isnull=True)
    elif estate_id is not None:
        found = found.filter(estate_id=estate_id)
    return (
        found.filter(search.matching(search_text, SEARCHED_FIELDS))
        .select_related("estate")
        .order_by("name", "pk")
    )


def events_of(volunteer: Volunteer) -> QuerySet[EventVolunteer]:
    """The events the volunteer was invited to, came to or helped at, newest first."""
    return (
        EventVolunteer.objects.filter(volunteer=volunteer)
        .select_related("event")
        .order_by("-event__starts_at", "-event_id")
    )


@dataclass(frozen=True)
class EstateFigures:
    """An estate's volunteers as counts, for everyone who may count them (the API)."""

    estate_id: int | None
    name: str
    active: int
    young: int
    hours_this_year: Decimal
    by_kind: dict[str, int]


def estate_figures(
    *, programme: Programme, today: datetime.date | None = None
) -> list[EstateFigures]:
    """Per estate of the programme, and for those who are not residents: the volunteers
    active today, of whom 15-30 years old this year, by kind, and the hours the estate's
    volunteers gave this year. Two grouped queries."""
    today = today or timezone.localdate()
    young = Q(birth_year__gte=today.year - 30) & Q(birth_year__lte=today.year - 15)
    people = {
        row["estate_id"]: row
        for row in Volunteer.objects.filter(active_on(today), programme=programme)
        .values("estate_id")
        .annotate(
            active=Count("pk"),
            young=Count("pk", filter=young),
            **{f"kind_{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in Kind},
        )
        .order_by()
    }
    hours = {
        row["volunteer__estate_id"]: row["hours"]
        for row in HourEntry.objects.filter(
            volunteer__programme=programme, day__year=today.year, day__lte=today
        )
        .values("volunteer__estate_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    }
    places: list[tuple[int | None, str]] = [
        (estate.pk, estate.name) for estate in programme.estates.order_by("name", "pk")
    ]
    places.append((None, str(_("Ikke beboer"))))
    figures = []
    for estate_id, name in places:
        row = people.get(estate_id, {})
        figures.append(
            EstateFigures(
                estate_id=estate_id,
                name=name,
                active=row.get("active", 0),
                young=row.get("young", 0),
                hours_this_year=hours.get(estate_id) or Decimal(0),
                by_kind={kind.value: row.get(f"kind_{kind.value}", 0) for kind in Kind},
            )
        )
    return figures


# The personal link ------------------------------------------------------------------------


def personal_link_in_force(
    token: str, *, now: datetime.datetime | None = None
) -> PersonalLink | None:
    """The link of the token if it works now: the signature checks, the row exists with the
    token's nonce, it is neither revoked nor expired, and the volunteer's consent stands.
    None for anything else, alike."""
    found = link_tokens.read(token)
    if found is None:
        return None
    pk, nonce = found
    link = (
        PersonalLink.objects.filter(
            pk=pk,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            volunteer__consent__withdrawn_at__isnull=True,
        )
        .select_related("key", "volunteer__programme", "volunteer__estate", "volunteer__consent")
        .first()
    )
    if link is None or not hmac.compare_digest(link.key.nonce_hash, link_tokens.nonce_hash(nonce)):
        return None
    return link


def personal_link_current(volunteer: Volunteer) -> PersonalLink | None:
    """The volunteer's unrevoked link (expired or not), for the staff's page."""
    return PersonalLink.objects.filter(volunteer=volunteer, revoked_at__isnull=True).first()


def loggable_tasks(volunteer: Volunteer) -> QuerySet[Task]:
    """The tasks a volunteer may log their own hours on: those they are on that still run
    today; the hours of a task that has ended are the staff's to correct."""
    return (
        Task.objects.filter(assignments__volunteer=volunteer)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
        .select_related("estate")
        .order_by("name", "pk")
    )


# How many of their latest hour entries the volunteer's page lists.
RECENT_HOURS = 10


def recent_hours(volunteer: Volunteer) -> QuerySet[HourEntry]:
    return (
        HourEntry.objects.filter(volunteer=volunteer)
        .select_related("task")
        .order_by("-day", "-pk")[:RECENT_HOURS]
    )


def cards_of(volunteer: Volunteer) -> QuerySet[VolunteerCard]:
    return VolunteerCard.objects.filter(volunteer=volunteer).order_by("-issued_on", "-pk")
