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
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import Interest, Kind, Volunteer
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
