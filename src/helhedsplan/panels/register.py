"""The panels' members as the privacy lifecycle sees them (``privacy.registry``).

Retention: 12 months after the member left. A member still on the panel is active today, so
never due; after leaving, the latest of the leaving, a change of the record and the latest
meeting they came to counts.
"""

from __future__ import annotations

from django.db.models import DateField, F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.permissions import Action
from helhedsplan.panels.models import Attendee, Member
from helhedsplan.privacy.registry import PersonalRegister


def last_activity() -> Greatest:
    """The date of the member's latest activity, computed by the database. Each part is never
    null (Greatest gives null on SQLite as soon as one argument is)."""
    today = Value(timezone.localdate(), output_field=DateField())
    return Greatest(
        F("joined_on"),
        Coalesce(F("left_on"), today),
        TruncDate("updated_at"),
        Coalesce(
            Subquery(
                Attendee.objects.filter(member=OuterRef("pk"))
                .values("member")
                .annotate(latest=Max("meeting__held_on"))
                .values("latest")
            ),
            F("joined_on"),
        ),
    )


REGISTER = PersonalRegister(
    key="panels",
    name=_("Medlemmer af beboerpaneler"),
    model=Member,
    retention_months=12,
    grace_days=30,
    last_activity=last_activity,
    # The meetings they came to go with them; the meetings and their counts stay.
    related=lambda member: [
        Attendee.objects.filter(member=member).select_related("meeting"),
    ],
    files=lambda member: [],
    keep_action=Action.KEEP_PANELS,
    list_url_name="panels:list",
)
