"""Reads of the resident grant pools: what the pages show, counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.grants.models import (
    Application,
    CommitteeMeeting,
    Guideline,
    Pool,
    PoolFrame,
    Report,
    Status,
)
from helhedsplan.grants.money import format_kroner
from helhedsplan.programmes.models import Programme


@dataclass(frozen=True)
class PoolCounts:
    pool: Pool
    # (status label, count) for every status with applications, in the workflow's order.
    by_status: list[tuple[str, int]]
    total: int


def pool_counts(programme: Programme) -> list[PoolCounts]:
    """The programme's pools with how many applications each has by status, in one query
    for the counts."""
    pools = list(Pool.objects.filter(programme=programme).select_related("estate"))
    counted: dict[int, dict[str, int]] = {}
    for row in (
        Application.objects.filter(pool__in=pools)
        .values("pool", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counted.setdefault(row["pool"], {})[row["status"]] = row["count"]
    rows = []
    for pool in pools:
        counts = counted.get(pool.pk, {})
        rows.append(
            PoolCounts(
                pool=pool,
                by_status=[
                    (str(status.label), counts[status.value])
                    for status in Status
                    if counts.get(status.value)
                ],
                total=sum(counts.values()),
            )
        )
    return rows


def application_list(applications: QuerySet[Application], *, status: str) -> QuerySet[Application]:
    if status:
        applications = applications.filter(status=status)
    return applications.select_related("estate", "contact").order_by("-received_at", "-pk")


def guideline_in_force(pool: Pool) -> Guideline | None:
    return Guideline.objects.filter(pool=pool).order_by("-version").first()


def pool_by_link(link_key: str) -> Pool | None:
    return Pool.objects.select_related("programme", "estate").filter(link_key=link_key).first()


def completeness_hints(application: Application) -> list[str]:
    """What a reviewer should look at before calling the application complete: the gaps the
    data itself shows (the budget always adds up: the form holds that)."""
    hints = []
    if application.contact is None:
        hints.append(_("Kontaktpersonen er slettet."))
    elif not application.contact.email:
        hints.append(_("Kontaktpersonen har ingen e-mail: kvitteringen er ikke sendt."))
    if not application.attachments.exists():
        hints.append(_("Der er ingen bilag."))
    if application.starts_on < timezone.localdate(application.received_at):
        hints.append(_("Aktiviteten begynder, før ansøgningen blev modtaget."))
    if not PoolFrame.objects.filter(
        pool=application.pool, year=application.starts_on.year
    ).exists():
        hints.append(
            _("Puljen har ingen ramme for %(year)s.") % {"year": application.starts_on.year}
        )
    if not application.purpose.strip() or not application.target_group.strip():
        hints.append(_("Formål eller målgruppe mangler."))
    return hints


@dataclass(frozen=True)
class AgendaItem:
    application: Application
    amount: str
    # (description, amount) of each budget line, amounts in Danish.
    lines: list[tuple[str, str]]


def agenda(applications: QuerySet[Application], meeting: CommitteeMeeting) -> list[AgendaItem]:
    """The applications on the meeting's agenda, of those given, by reference, with their
    budget lines (one query for the lines of all of them)."""
    placed = list(
        applications.filter(meeting=meeting)
        .select_related("estate")
        .prefetch_related("lines")
        .order_by("year", "number")
    )
    return [
        AgendaItem(
            application=application,
            amount=format_kroner(application.amount_requested),
            lines=[
                (line.description, format_kroner(line.amount)) for line in application.lines.all()
            ],
        )
        for application in placed
    ]


# Part 3 B: the report back, and overdue reports --------------------------------------------


def overdue_reports(
    applications: QuerySet[Application], *, today: datetime.date
) -> QuerySet[Application]:
    """Of the applications given, those paid whose report back was due before ``today`` and
    has not come, the longest overdue first, each with its decision (the due date), the days
    overdue (``overdue``, a duration) and when the contact was last reminded
    (``last_reminder``, or ``None``)."""
    return (
        applications.filter(
            status=Status.PAID, decision__report_due_on__lt=today, report__isnull=True
        )
        .select_related("pool", "estate", "contact", "decision")
        .annotate(
            overdue=ExpressionWrapper(
                Value(today, output_field=DateField()) - F("decision__report_due_on"),
                output_field=DurationField(),
            ),
            last_reminder=Max("reminders__sent_at"),
        )
        .order_by("decision__report_due_on", "year", "number")
    )


def report_of(application: Application) -> Report | None:
    """The application's report back with its files, or ``None``."""
    return (
        Report.objects.select_related("entered_by", "photo_consent_by")
        .prefetch_related("files")
        .filter(application=application)
        .first()
    )
