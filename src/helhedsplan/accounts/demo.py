"""One demo user per role in the demo programme."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from helhedsplan.accounts import services
from helhedsplan.accounts.models import Organisation, Role
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Programme


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: Role
    first_name: str
    last_name: str
    estate: str | None = None
    # A partner's organisation.
    organisation: str = ""


DEMO_USERS = [
    DemoUser("admin", "demo-admin", Role.ADMINISTRATOR, "Anne", "Administrator"),
    DemoUser("leder", "demo-leder", Role.SECRETARIAT_HEAD, "Lise", "Sekretariatsleder"),
    DemoUser("medarbejder", "demo-medarbejder", Role.STAFF, "Mads", "Medarbejder", "Vapnagaard"),
    DemoUser("bestyrelse", "demo-bestyrelse", Role.BOARD, "Bent", "Bestyrelsesmedlem"),
    DemoUser("arbejdsgruppe", "demo-arbejdsgruppe", Role.WORKING_GROUP, "Asta", "Arbejdsgruppe"),
    DemoUser("politi", "demo-politi", Role.POLICE, "Per", "Politibetjent", "Vapnagaard"),
    DemoUser(
        "kommune",
        "demo-kommune",
        Role.PARTNER,
        "Karen",
        "Kommunen",
        organisation=Organisation.MUNICIPALITY,
    ),
]


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    for demo_user in DEMO_USERS:
        user = users.filter(username=demo_user.username).first() or services.user_create(
            username=demo_user.username,
            password=demo_user.password,
            first_name=demo_user.first_name,
            last_name=demo_user.last_name,
        )
        estates = programme.estates.filter(name=demo_user.estate) if demo_user.estate else []
        services.membership_grant(
            user=user,
            programme=programme,
            role=demo_user.role,
            estates=estates,
            organisation=demo_user.organisation,
        )
