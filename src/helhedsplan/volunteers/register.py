"""The volunteer register as the privacy lifecycle sees it (``privacy.registry``)."""

from __future__ import annotations

from django.db.models import Expression, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.permissions import Action
from helhedsplan.privacy.registry import PersonalRegister
from helhedsplan.volunteers.models import (
    Assignment,
    CertificateTask,
    EventVolunteer,
    HourEntry,
    PersonalLink,
    Presence,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)

# What counts as a volunteer's activity, as expressions on the volunteer: the start, the end,
# the latest change of the record, the latest day they gave hours.
ACTIVITY_DATES: list[Expression | F] = [
    F("started_on"),
    Coalesce(F("ended_on"), F("started_on")),
    TruncDate("updated_at"),
    Coalesce(
        Subquery(
            HourEntry.objects.filter(volunteer=OuterRef("pk"))
            .values("volunteer")
            .annotate(latest=Max("day"))
            .values("latest")
        ),
        F("started_on"),
    ),
    # The latest event they came to or helped at. An invitation alone is the programme's
    # doing, not the volunteer's: it says nothing of whether they still take part, so it
    # does not keep their data.
    Coalesce(
        Subquery(
            EventVolunteer.objects.filter(volunteer=OuterRef("pk"), presence=Presence.PRESENT)
            .values("volunteer")
            .annotate(latest=Max(TruncDate("event__starts_at")))
            .values("latest")
        ),
        F("started_on"),
    ),
]


def last_activity() -> Greatest:
    """The date of the volunteer's latest activity, computed by the database. Each part is
    never null (Greatest gives null on SQLite as soon as one argument is)."""
    return Greatest(*ACTIVITY_DATES)


REGISTER = PersonalRegister(
    key="volunteers",
    name=_("Frivillige"),
    model=Volunteer,
    # The rule: twelve months after the last activity, then a month's grace for the
    # secretariat head to renew the consent before the job erases.
    retention_months=12,
    grace_days=30,
    last_activity=last_activity,
    # The interests' links go with the record; the tasks they are on and their hours are
    # exported and erased with them (the tasks themselves are not personal and stay).
    related=lambda volunteer: [
        Assignment.objects.filter(volunteer=volunteer).select_related("task"),
        HourEntry.objects.filter(volunteer=volunteer).select_related("task", "logged_by"),
        VolunteerCard.objects.filter(volunteer=volunteer).select_related("issued_by"),
        # Certificates are not activity: they restate hours already counted, and issuing one
        # to someone who stopped must not keep them longer. Their lines first: erasure
        # deletes in this order, and lines deleted by the certificate's cascade would keep
        # their history.
        CertificateTask.objects.filter(certificate__volunteer=volunteer),
        VolunteerCertificate.objects.filter(volunteer=volunteer).select_related("issued_by"),
        EventVolunteer.objects.filter(volunteer=volunteer).select_related("event"),
        # Their personal links (dates only; each link's key is deleted with it).
        PersonalLink.objects.filter(volunteer=volunteer).select_related("created_by"),
    ],
    files=lambda volunteer: [],
    keep_action=Action.KEEP_VOLUNTEERS,
    list_url_name="volunteers:list",
    birth_year_field="birth_year",
)
