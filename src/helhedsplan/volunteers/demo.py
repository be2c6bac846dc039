"""A few fictional volunteers of Helsingør Syd (obviously invented names), each with a
consent under the programme's consent text, so the register's pages show something.

One stopped over a year ago and is due for review, one withdrew their consent last week, and
one is under 15 and consented through a guardian. Part 2 of the issue adds hours and the
years 2017-2021 for F1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Programme
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
