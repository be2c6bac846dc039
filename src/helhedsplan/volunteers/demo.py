"""A few fictional volunteers of Helsingør Syd (obviously invented names), each with a
consent under the programme's consent text, so the register's pages show something.

One stopped over a year ago and is due for review, one withdrew their consent last week, and
one is under 15 and consented through a guardian.

For F1, young volunteers (16-20 when they start) over the years from 2017 to today, in both
estates and a few from outside them: each year some stop and more start, so the number aged
15-30 and active on 31 December rises in both estates (``_young_on_31_december``), faster than
the estates' young residents (the series ``beboere-15-30``). Invented, like the names.
"""

from __future__ import annotations

import datetime
import itertools
import secrets
from dataclasses import dataclass, replace
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone

from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventStatus, EventType, EventTypeCode
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers import queries, services
from helhedsplan.volunteers.models import (
    Assignment,
    EventVolunteer,
    HourEntry,
    Interest,
    Kind,
    Presence,
    Task,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)
from helhedsplan.volunteers.register import REGISTER

INTERESTS = [
    "Lektiecafé",
    "Sport og bevægelse",
    "Fællesspisning",
    "Kultur og fest",
    "Grønne områder",
]

PURPOSE = (
    "Helhedsplanen registrerer frivillige for at kunne invitere dem til opgaver og "
    "arrangementer, tælle hvor mange der er frivillige (også de 15-30-årige), og give dem "
    "frivilligkort og frivilligbevis."
)
TEXT = (
    "Jeg giver samtykke til, at helhedsplanen registrerer mit navn, mine kontaktoplysninger, mit "
    "boligområde, mit fødselsår og mine interesser. Oplysningerne slettes 12 måneder efter min "
    "seneste aktivitet som frivillig. Jeg kan til enhver tid trække mit samtykke tilbage."
)


@dataclass(frozen=True)
class DemoVolunteer:
    name: str
    estate: str | None
    age: int
    kind: Kind
    interests: tuple[str, ...]
    phone: str = ""
    email: str = ""
    leads_others: bool = False
    guardian: str = ""


VOLUNTEERS = [
    DemoVolunteer(
        "Frida Frivillig",
        "Vapnagaard",
        24,
        Kind.CLUB,
        ("Lektiecafé",),
        phone="11 22 33 01",
        leads_others=True,
    ),
    DemoVolunteer(
        "Hjalte Hjælpsom",
        "Nøjsomhed",
        19,
        Kind.AD_HOC,
        ("Sport og bevægelse",),
        email="hjalte.hjaelpsom@example.org",
    ),
    DemoVolunteer(
        "Gitte Gavmild",
        "Vapnagaard",
        58,
        Kind.DEPARTMENT_BOARD,
        ("Fællesspisning",),
        phone="11 22 33 03",
    ),
    DemoVolunteer(
        "Villads Villig",
        None,
        33,
        Kind.ASSOCIATION,
        ("Kultur og fest", "Grønne områder"),
        email="villads.villig@example.org",
    ),
    DemoVolunteer(
        "Lasse Legeglad",
        "Nøjsomhed",
        13,
        Kind.AD_HOC,
        ("Sport og bevægelse",),
        phone="11 22 33 05",
        guardian="Lone Legeglad",
    ),
    DemoVolunteer(
        "Tove Tidligere",
        "Vapnagaard",
        41,
        Kind.ASSOCIATION,
        ("Grønne områder",),
        phone="11 22 33 06",
    ),
    DemoVolunteer(
        "Otto Omtanke",
        "Nøjsomhed",
        27,
        Kind.CLUB,
        ("Kultur og fest",),
        email="otto.omtanke@example.org",
    ),
]
# Stopped long enough ago to be due for review (inside the grace period, so not yet erased).
DUE_FOR_REVIEW = "Tove Tidligere"
WITHDRAWN = "Otto Omtanke"

# F1's volunteers over the years ----------------------------------------------------------------

FIRST_YEAR = 2017
FIRST_NAMES = [
    "Ida", "Emil", "Sara", "Noah", "Alma", "Oskar", "Laura", "Malik",
    "Aya", "Viktor", "Freja", "Ali", "Clara", "Elias", "Nora", "Mads",
]  # fmt: skip
# Surnames nobody has: what the volunteers are like.
SURNAMES = [
    "Ivrig", "Flittig", "Munter", "Modig", "Venlig",
    "Kvik", "Trofast", "Hurtig", "Rolig", "Glad",
]  # fmt: skip


def _young_on_31_december(estate: str, year: int) -> int:
    """The young volunteers each estate has on 31 December: rising every year."""
    gone = year - FIRST_YEAR
    return 6 + gone * 3 // 2 if estate == "Nøjsomhed" else 14 + gone * 3


# Those who stop each year from 2019 (the longest-serving first), by estate.
LEAVING = {"Nøjsomhed": 1, "Vapnagaard": 2}
# Young volunteers from outside the estates: counted by no estate's F1.
NOT_RESIDENTS_FROM = [2018, 2020, 2022, 2024]


@dataclass(frozen=True)
class YoungVolunteer:
    name: str
    estate: str | None
    birth_year: int
    started_on: datetime.date
    ended_on: datetime.date | None
    number: int

    @property
    def phone(self) -> str:
        return f"12 34 {50 + self.number // 100:02d} {self.number % 100:02d}"


def _young(number: int, estate: str | None, year: int, today: datetime.date) -> YoungVolunteer:
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    surname = SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]
    started_on = min(datetime.date(year, 1 + number % 10, 1 + number * 7 % 28), today)
    return YoungVolunteer(
        name=f"{first} {surname}",
        estate=estate,
        birth_year=year - 16 - number % 5,
        started_on=started_on,
        ended_on=None,
        number=number,
    )


def young_volunteers(today: datetime.date) -> list[YoungVolunteer]:
    """F1's volunteers from 2017 up to today, the same ones on every run of the same year."""
    found: list[YoungVolunteer] = []
    numbers = itertools.count()
    for estate, leaving in LEAVING.items():
        active: list[YoungVolunteer] = []
        for year in range(FIRST_YEAR, today.year + 1):
            if FIRST_YEAR + 2 <= year < today.year:
                # They stop in the spring, the longest-serving first.
                ended_on = datetime.date(year, 4, 30)
                found += [replace(stopping, ended_on=ended_on) for stopping in active[:leaving]]
                active = active[leaving:]
            while len(active) < _young_on_31_december(estate, year):
                active.append(_young(next(numbers), estate, year, today))
        found += active
    found += [
        _young(next(numbers), None, year, today)
        for year in NOT_RESIDENTS_FROM
        if year <= today.year
    ]
    return found


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    head = users.get(username="leder")
    staff = users.get(username="medarbejder")
    for name in INTERESTS:
        list_entry_ensure(model=Interest, name=name, programme=programme)
    if privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key) is None:
        privacy_services.consent_text_publish(
            programme=programme,
            register=REGISTER.key,
            purpose=PURPOSE,
            text=TEXT,
            published_by=head,
        )
    today = timezone.localdate()
    estates = {estate.name: estate for estate in programme.estates.all()}
    interests = {
        interest.name: interest for interest in Interest.objects.filter(programme=programme)
    }
    for demo in VOLUNTEERS:
        if Volunteer.objects.filter(programme=programme, name=demo.name).exists():
            continue
        started_on = today - relativedelta(years=2, months=len(demo.name) % 7)
        volunteer = services.volunteer_register(
            programme=programme,
            estate=estates[demo.estate] if demo.estate else None,
            name=demo.name,
            phone=demo.phone,
            email=demo.email,
            birth_year=today.year - demo.age,
            interests=[interests[name] for name in demo.interests],
            kind=demo.kind,
            leads_others=demo.leads_others,
            started_on=started_on,
            consent=privacy_services.ConsentGiven(
                method=ConsentMethod.IN_PERSON, given_on=started_on, guardian_name=demo.guardian
            ),
            registered_by=staff,
        )
        if demo.name == DUE_FOR_REVIEW:
            ended_on = (
                today
                - relativedelta(months=REGISTER.retention_months)
                - datetime.timedelta(days=10)
            )
            # The record's last change dates back with its end: a demo that looks a year old.
            Volunteer.objects.filter(pk=volunteer.pk).update(
                ended_on=ended_on,
                updated_at=timezone.make_aware(
                    datetime.datetime.combine(ended_on, datetime.time(12))
                ),
            )
        if demo.name == WITHDRAWN:
            privacy_services.consent_withdraw(
                person=volunteer,
                withdrawn_by=staff,
                now=timezone.now() - datetime.timedelta(days=7),
            )
    _load_young_volunteers(programme, estates, interests, staff, today)
    _load_tasks_and_hours(programme, estates, head, today)
    _load_cards(programme, head, today)
    _load_certificates(programme, estates, head)
    _load_parties(programme, head, today)
    _load_event_helpers(programme)


def _load_young_volunteers(
    programme: Programme,
    estates: dict[str, Estate],
    interests: dict[str, Interest],
    staff: User,
    today: datetime.date,
) -> None:
    kinds = list(Kind)
    existing = set(Volunteer.objects.filter(programme=programme).values_list("name", flat=True))
    for young in young_volunteers(today):
        if young.name in existing:
            continue
        volunteer = services.volunteer_register(
            programme=programme,
            estate=estates[young.estate] if young.estate else None,
            name=young.name,
            phone=young.phone,
            email="",
            birth_year=young.birth_year,
            interests=[interests[INTERESTS[young.number % len(INTERESTS)]]],
            kind=kinds[young.number % len(kinds)],
            leads_others=young.number % 7 == 0,
            started_on=young.started_on,
            consent=privacy_services.ConsentGiven(
                method=ConsentMethod.IN_PERSON, given_on=young.started_on
            ),
            registered_by=staff,
        )
        if young.ended_on is not None:
            services.volunteer_end(volunteer=volunteer, ended_on=young.ended_on)


# Tasks, hours, cards and certificates -------------------------------------------------------
#
# Each estate has the same handful of tasks every year from 2017, tied to the agreement's
# volunteering activity where one is in force. Every volunteer helps with one task a year,
# a few times in its season (about six entries, weekly or fortnightly), within the days they
# volunteered; a few thousand rows in all, written with ``bulk_create``. The one due for
# review and the one who withdrew get no hours: hours are activity for the retention.


@dataclass(frozen=True)
class DemoTask:
    name: str
    month: int  # the season's first month
    weekday: int  # Monday is 0
    every_days: int
    hours: Decimal


DEMO_TASKS = [
    DemoTask("Lektiecafé", 9, 1, 7, Decimal("2.5")),
    DemoTask("Fællesspisning", 2, 3, 14, Decimal(3)),
    DemoTask("Sommerfest", 5, 5, 7, Decimal(4)),
    DemoTask("Grønne områder", 4, 5, 7, Decimal(2)),
]
ENTRIES_A_YEAR = 6
# Certificates for the volunteers with the most hours past the minimum, a few per estate.
CERTIFICATES_PER_ESTATE = 4
CARD_MONTHS = 12


def _task_name(demo_task: DemoTask, year: int) -> str:
    return f"{demo_task.name} {year}"


def _ensure_tasks(
    programme: Programme, estates: dict[str, Estate], today: datetime.date
) -> dict[tuple[str, int, str], Task]:
    """The tasks by estate, year and name, made where missing."""
    volunteering = (
        queries.activities_in_force(programme=programme, on=today)
        .filter(name__icontains="frivillig")
        .first()
    )
    existing = {
        (task.estate_id, task.name): task for task in Task.objects.filter(programme=programme)
    }
    missing = []
    for estate, year, demo_task in itertools.product(
        estates.values(), range(FIRST_YEAR, today.year + 1), DEMO_TASKS
    ):
        if (estate.pk, _task_name(demo_task, year)) not in existing:
            missing.append(
                Task(
                    programme=programme,
                    estate=estate,
                    name=_task_name(demo_task, year),
                    activity=volunteering,
                    started_on=datetime.date(year, 1, 1),
                    ended_on=datetime.date(year, 12, 31) if year < today.year else None,
                )
            )
    Task.objects.bulk_create(missing)
    by_estate = {estate.pk: name for name, estate in estates.items()}
    return {
        (by_estate[task.estate_id], task.started_on.year, task.name.rsplit(" ", 1)[0]): task
        for task in Task.objects.filter(programme=programme, estate__in=estates.values())
        if task.name.rsplit(" ", 1)[0] in {demo_task.name for demo_task in DEMO_TASKS}
    }


def _days(
    demo_task: DemoTask, year: int, offset: int, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The volunteer's days on the task in ``year``: weekly or fortnightly from the season's
    start (later for some), those between ``first`` and ``last``."""
    start = datetime.date(year, demo_task.month, 1) + datetime.timedelta(weeks=offset % 4)
    start += datetime.timedelta(days=(demo_task.weekday - start.weekday()) % 7)
    days = [
        start + datetime.timedelta(days=demo_task.every_days * n) for n in range(ENTRIES_A_YEAR)
    ]
    return [day for day in days if first <= day <= last]


def _load_tasks_and_hours(
    programme: Programme, estates: dict[str, Estate], head: User, today: datetime.date
) -> None:
    if HourEntry.objects.filter(task__programme=programme).exists():
        return  # loaded before: the hours are the demo's, not to be added twice
    tasks = _ensure_tasks(programme, estates, today)
    estate_names = list(estates)
    assignments: list[Assignment] = []
    entries: list[HourEntry] = []
    volunteers = (
        Volunteer.objects.filter(programme=programme, consent__withdrawn_at__isnull=True)
        .exclude(name=DUE_FOR_REVIEW)
        .select_related("estate")
        .order_by("pk")
    )
    for number, volunteer in enumerate(volunteers):
        # Those who are not residents help in either estate.
        estate = volunteer.estate.name if volunteer.estate else estate_names[number % 2]
        last = min(volunteer.ended_on or today, today)
        for year in range(max(volunteer.started_on.year, FIRST_YEAR), last.year + 1):
            demo_task = DEMO_TASKS[(number + year) % len(DEMO_TASKS)]
            task = tasks[(estate, year, demo_task.name)]
            days = _days(demo_task, year, number, volunteer.started_on, last)
            if not days:
                continue
            assignments.append(Assignment(task=task, volunteer=volunteer, assigned_on=days[0]))
            entries += [
                HourEntry(
                    task=task,
                    volunteer=volunteer,
                    day=day,
                    hours=demo_task.hours,
                    logged_by=head,
                    logged_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(20))
                    ),
                )
                for day in days
            ]
    Assignment.objects.bulk_create(assignments, ignore_conflicts=True)
    HourEntry.objects.bulk_create(entries, ignore_conflicts=True)


def _load_cards(programme: Programme, head: User, today: datetime.date) -> None:
    """A card in force for every active volunteer who has none."""
    active = Volunteer.objects.filter(
        queries.active_on(today), programme=programme, consent__withdrawn_at__isnull=True
    ).exclude(
        Exists(VolunteerCard.objects.filter(volunteer=OuterRef("pk"), revoked_at__isnull=True))
    )
    VolunteerCard.objects.bulk_create(
        VolunteerCard(
            volunteer=volunteer,
            token=secrets.token_urlsafe(services.CARD_TOKEN_BYTES),
            issued_on=today,
            valid_until=today + relativedelta(months=CARD_MONTHS),
            issued_by=head,
        )
        for volunteer in active
    )


def _load_certificates(programme: Programme, estates: dict[str, Estate], head: User) -> None:
    """Certificates for the volunteers of each estate with the most hours past the minimum,
    issued as staff issue them (the programme's one secretariat head signs)."""
    if VolunteerCertificate.objects.filter(volunteer__programme=programme).exists():
        return
    minimum = queries.certificate_policy(programme).minimum_hours
    for estate in estates.values():
        most = (
            Volunteer.objects.filter(estate=estate, consent__withdrawn_at__isnull=True)
            .annotate(total=Sum("hour_entries__hours"))
            .filter(total__gte=minimum)
            .order_by("-total", "pk")[:CERTIFICATES_PER_ESTATE]
        )
        for volunteer in most:
            services.certificate_issue(
                volunteer=volunteer,
                competences=queries.competences_suggested(volunteer),
                issued_by=head,
            )


# Volunteer parties, invitations and events' helpers -----------------------------------------
#
# A volunteer party every year of the seed agreement from 2017 and in the running year (the
# demo has no events between the agreements), an event of its own type on the events'
# managed list: the volunteers active that day are invited three weeks before, and two in
# three of them come (in a running year whose party is still ahead, the invitations only). A
# few held resident-driven activities have as many of their estate's volunteers linked as
# helpers as the event's own figure says helped. The one due for review and the one who
# withdrew are left out: coming to an event is activity for the retention.

SEED_LAST_YEAR = 2021
PARTY_TYPE = "Frivilligfest"
PARTY_TYPE_CODE = "volunteer_party"
HELPED_EVENTS_PER_ESTATE = 3


def _party_title(year: int) -> str:
    return f"Frivilligfest {year}"


def _party_moment(year: int) -> datetime.datetime:
    """The first Friday of September, at six in the evening."""
    first = datetime.date(year, 9, 1)
    friday = first + datetime.timedelta(days=(4 - first.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(friday, datetime.time(18)))


def _demo_people(programme: Programme) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(
        programme=programme, consent__withdrawn_at__isnull=True
    ).exclude(name__in=[DUE_FOR_REVIEW, WITHDRAWN])


def _load_parties(programme: Programme, head: User, today: datetime.date) -> None:
    party_type = list_entry_ensure(
        model=EventType, name=PARTY_TYPE, details={"code": PARTY_TYPE_CODE}
    )
    now = timezone.now()
    for year in sorted({*range(FIRST_YEAR, SEED_LAST_YEAR + 1), today.year}):
        starts_at = _party_moment(year)
        if Event.objects.filter(programme=programme, title=_party_title(year)).exists():
            continue
        day = timezone.localtime(starts_at).date()
        guests = list(
            _demo_people(programme)
            .filter(queries.active_on(day))
            .select_related("estate")
            .order_by("pk")
        )
        held = starts_at < now
        came = [guest for number, guest in enumerate(guests) if held and number % 3 != 2]
        residents = sum(1 for guest in came if guest.estate_id is not None)
        party = event_services.event_create(
            programme=programme,
            type=party_type,
            title=_party_title(year),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=4),
            estates=list(programme.estates.all()),
            status=EventStatus.HELD if held else EventStatus.PLANNED,
            participants_residents=residents if held else None,
            participants_non_residents=len(came) - residents if held else None,
            notes="Helhedsplanens årlige fest for de frivillige.",
            created_by=head,
        )
        present = {guest.pk for guest in came}
        EventVolunteer.objects.bulk_create(
            EventVolunteer(
                event=party,
                volunteer=guest,
                invited_on=day - datetime.timedelta(weeks=3),
                presence=(
                    Presence.PRESENT
                    if guest.pk in present
                    else Presence.ABSENT
                    if held
                    else Presence.UNKNOWN
                ),
            )
            for guest in guests
        )


def _load_event_helpers(programme: Programme) -> None:
    """For the latest held resident-driven activities of each estate that have enough of
    its volunteers active that day, as many of them linked as helpers as the event says
    helped: the links and the event's figure agree."""
    if EventVolunteer.objects.filter(event__programme=programme, helped=True).exists():
        return
    parts: list[EventVolunteer] = []
    for estate in programme.estates.order_by("pk"):
        events = Event.objects.filter(
            programme=programme,
            estates=estate,
            type__code=EventTypeCode.RESIDENT_ACTIVITY,
            status=EventStatus.HELD,
            resident_volunteers__gt=0,
        ).order_by("-starts_at", "pk")
        linked = 0
        for event in events:
            day = timezone.localtime(event.starts_at).date()
            helpers = list(
                _demo_people(programme)
                .filter(queries.active_on(day), estate=estate)
                .order_by("pk")[: event.resident_volunteers]
            )
            if len(helpers) < (event.resident_volunteers or 0):
                continue
            parts += [
                EventVolunteer(
                    event=event, volunteer=helper, presence=Presence.PRESENT, helped=True
                )
                for helper in helpers
            ]
            linked += 1
            if linked == HELPED_EVENTS_PER_ESTATE:
                break
    EventVolunteer.objects.bulk_create(parts)
