"""The contact persons of grant applications as the privacy lifecycle sees them
(``privacy.registry``).

Retention: 24 months after the last of the contact's applications is closed. The funder's
audit of a pool reads the application files of the past two years, and questions to the
applicant (the report back, unspent money returned) reach the contact until the case is
closed; an application that is not closed counts as activity today, so its contact is never
due while it runs. The application itself stays after the contact's erasure (the
``contact`` becomes empty): it holds the money, not the person.
"""

from __future__ import annotations

from django.db.models import DateField, F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.permissions import Action
from helhedsplan.grants.models import Application, ApplicationContact
from helhedsplan.privacy.registry import PersonalRegister


def last_activity() -> Greatest:
    """The latest of the record's change and its applications' closing (today while one is
    open), computed by the database. Each part is never null (Greatest gives null on SQLite
    as soon as one argument is)."""
    today = Value(timezone.localdate(), output_field=DateField())
    return Greatest(
        TruncDate("updated_at"),
        Coalesce(
            Subquery(
                Application.objects.filter(contact=OuterRef("pk"))
                .values("contact")
                .annotate(latest=Max(Coalesce(TruncDate("closed_at"), today)))
                .values("latest")
            ),
            TruncDate(F("updated_at")),
        ),
    )


REGISTER = PersonalRegister(
    key="grants",
    name=_("Kontaktpersoner i beboerpuljer"),
    model=ApplicationContact,
    retention_months=24,
    grace_days=30,
    last_activity=last_activity,
    # The applications are not the person's to take along: they stay for the funder's audit.
    related=lambda contact: [],
    kept=lambda contact: [
        Application.objects.filter(contact=contact).select_related("pool", "estate", "round")
    ],
    files=lambda contact: [],
    keep_action=Action.KEEP_GRANT_APPLICATIONS,
    list_url_name="grants:pool_list",
)
