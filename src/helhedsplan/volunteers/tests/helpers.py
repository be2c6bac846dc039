"""Volunteers for tests: a consent text, and a volunteer registered with consent."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod, ConsentText
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import Kind, Volunteer
from helhedsplan.volunteers.register import REGISTER


def consent_text(programme: Programme, by: User) -> ConsentText:
    return privacy_services.consent_text_publish(
        programme=programme,
        register=REGISTER.key,
        purpose="At invitere frivillige til opgaver.",
        text="Jeg giver samtykke til, at mine oplysninger registreres.",
        published_by=by,
    )


def a_volunteer(
    programme: Programme,
    estate: Estate | None,
    *,
    by: User,
    name: str = "Frida Frivillig",
    started_on: datetime.date = datetime.date(2020, 3, 1),
    **changes: Any,
) -> Volunteer:
    if not programme.consent_texts.exists():
        consent_text(programme, by)
    details: dict[str, Any] = {
        "phone": "11 22 33 44",
        "email": "frida@example.org",
        "birth_year": 2000,
        "interests": [],
        "kind": Kind.CLUB,
        "leads_others": False,
        "consent": privacy_services.ConsentGiven(
            method=ConsentMethod.IN_PERSON, given_on=started_on
        ),
    } | changes
    return services.volunteer_register(
        programme=programme,
        estate=estate,
        name=name,
        started_on=started_on,
        registered_by=by,
        **details,
    )
