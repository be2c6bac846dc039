"""The resident panels of Helsingør Syd: one per estate, with members of obviously invented
names (each on a consent under the programme's consent text), and meetings with the police
about every second month from 2018 to today in each estate. A few years fall one short of
P1's six, so the dashboard shows both outcomes. Idempotent: a panel, member or meeting that
exists is kept.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.panels import queries, services
from helhedsplan.panels.models import Meeting, Member, Panel
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Programme

PURPOSE = (
    "Helhedsplanen registrerer beboerpanelets medlemmer for at kunne indkalde dem til møderne "
    "med politiet og føre referat af, hvem der deltog."
)
TEXT = (
    "Jeg giver samtykke til, at helhedsplanen registrerer mit navn, mine kontaktoplysninger, mit "
    "boligområde og de møder, jeg deltager i. Oplysningerne slettes 12 måneder efter, at jeg er "
    "udtrådt af panelet. Jeg kan til enhver tid trække mit samtykke tilbage."
)
FIRST_YEAR = 2018
# The months the panels meet in: every second month.
MONTHS = (1, 3, 5, 7, 9, 11)
# (estate, year) -> the month a year's meeting fell out: one short of P1's six.
SKIPPED = {("Vapnagaard", 2020): 5, ("Nøjsomhed", 2019): 7, ("Nøjsomhed", 2021): 3}
# Per estate: the panel's name, its first day and its members (name, phone or e-mail, joined,
# left).
PANELS = {
    "Vapnagaard": (
        "Beboerpanelet i Vapnagaard",
        [
            ("Tryg Trine", "11 33 55 01", datetime.date(2015, 3, 1), None),
            ("Vagtsom Viggo", "11 33 55 02", datetime.date(2015, 3, 1), None),
            ("Opmærksom Olga", "11 33 55 03", datetime.date(2016, 9, 1), None),
            ("Nabo Niels", "11 33 55 04", datetime.date(2017, 1, 15), datetime.date(2020, 6, 30)),
            ("Lygte Lise", "lygte.lise@example.org", datetime.date(2018, 2, 1), None),
            ("Hæk Henning", "11 33 55 06", datetime.date(2020, 9, 1), None),
        ],
    ),
    "Nøjsomhed": (
        "Beboerpanelet i Nøjsomhed",
        [
            ("Stille Stine", "11 44 66 01", datetime.date(2017, 9, 1), None),
            ("Årvågen Åge", "11 44 66 02", datetime.date(2017, 9, 1), None),
            ("Gadelampe Gerda", "gadelampe.gerda@example.org", datetime.date(2017, 9, 1), None),
            ("Cykel Carl", "11 44 66 04", datetime.date(2018, 3, 1), datetime.date(2021, 4, 30)),
            ("Tryghed Tove", "11 44 66 05", datetime.date(2021, 5, 1), None),
        ],
    ),
}
AGENDA = "1. Nyt fra politiet\n2. Beboernes oplevelser siden sidst\n3. Opfølgning\n4. Eventuelt"


def _consent_text(programme: Programme) -> None:
    if privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key):
        return
    privacy_services.consent_text_publish(
        programme=programme,
        register=REGISTER.key,
        purpose=PURPOSE,
        text=TEXT,
        published_by=get_user_model().objects.get(username="leder"),
    )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    staff = users.get(username="medarbejder")
    police = users.get(username="politi")
    _consent_text(programme)
    today = timezone.localdate()
    for estate in programme.estates.filter(name__in=PANELS):
        name, members = PANELS[estate.name]
        panel = Panel.objects.filter(programme=programme, name=name).first() or (
            services.panel_create(programme=programme, estate=estate, name=name)
        )
        for member_name, contact, joined_on, left_on in members:
            if Member.objects.filter(panel=panel, name=member_name).exists():
                continue
            member = services.member_register(
                panel=panel,
                estate=estate,
                name=member_name,
                phone="" if "@" in contact else contact,
                email=contact if "@" in contact else "",
                joined_on=joined_on,
                consent=privacy_services.ConsentGiven(
                    method=ConsentMethod.PAPER, given_on=joined_on
                ),
                registered_by=staff,
            )
            if left_on is not None:
                services.member_leave(member=member, left_on=left_on)
        for year in range(FIRST_YEAR, today.year + 1):
            for month in MONTHS:
                held_on = datetime.date(year, month, 8 + 6 * (estate.name == "Nøjsomhed"))
                if held_on > today or SKIPPED.get((estate.name, year)) == month:
                    continue
                if Meeting.objects.filter(panel=panel, held_on=held_on).exists():
                    continue
                present = list(queries.members_on(panel, held_on))[: 3 + month % 3]
                services.meeting_create(
                    panel=panel,
                    details=services.MeetingDetails(
                        estate=estate,
                        held_on=held_on,
                        turnout=services.Turnout(
                            residents=len(present) + year % 3,
                            police=2,
                            staff=1,
                            municipality=(year + month) % 2,
                            housing=1,
                        ),
                        attendees=present,
                        agenda=AGENDA,
                        minutes=(
                            "Politiet orienterede om udviklingen i området. Beboerne nævnte "
                            "mørke stier og en hæk, der skjuler udsynet ved legepladsen."
                        ),
                    ),
                    created_by=police,
                )
