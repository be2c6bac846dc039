"""Reads of the resident grant pools: what the pages show, counted by the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.core import exports
from helhedsplan.events.models import EventStatus
from helhedsplan.grants.models import (
    Application,
    CommitteeMeeting,
    Guideline,
    Outcome,
    Pool,
    PoolFrame,
    Status,
)
from helhedsplan.grants.money import format_kroner
from helhedsplan.programmes.models import Estate, Programme


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


# Part 3 (G3C): the report per programme and year ------------------------------------------

GRANTED = (Outcome.APPROVED, Outcome.PARTLY_APPROVED)
ORE = Decimal("0.01")


@dataclass(frozen=True)
class ReportRow:
    """One row of the report: an estate's pools, the programme-wide pools, or the total."""

    name: str
    # The estate's id; None for the programme-wide pools and the total.
    estate_id: int | None
    received: int
    grants: int
    rejected: int
    requested: Decimal
    granted: Decimal
    held: int
    participants: int


def _figures(year: int) -> dict[str, Any]:
    """The report's figures as conditional aggregates: applications by the year they came
    in, decisions by the frame year they are charged to, held events by their date's year
    (in Danish time, as ``__year`` reads it)."""
    decided = Q(decision__frame_year=year)
    held = Q(event__status=EventStatus.HELD, event__starts_at__year=year)
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    return {
        "received": Count("pk", filter=Q(year=year)),
        "grants": Count("pk", filter=decided & Q(decision__outcome__in=GRANTED)),
        "rejected": Count("pk", filter=decided & Q(decision__outcome=Outcome.REJECTED)),
        "requested": Coalesce(Sum("amount_requested", filter=Q(year=year)), zero),
        "granted": Coalesce(
            Sum("decision__amount_granted", filter=decided & Q(decision__outcome__in=GRANTED)),
            zero,
        ),
        "held": Count("pk", filter=held),
        "participants": Coalesce(
            Sum(
                F("event__participants_residents") + F("event__participants_non_residents"),
                filter=held,
            ),
            0,
        ),
    }


def _in_year(year: int) -> Q:
    return Q(year=year) | Q(decision__frame_year=year) | Q(event__starts_at__year=year)


def _report_row(name: str, estate_id: int | None, figures: dict[str, Any]) -> ReportRow:
    # In øre, whatever scale the database's sum comes back with (SQLite drops the zeros).
    amounts = {key: Decimal(figures[key]).quantize(ORE) for key in ("requested", "granted")}
    return ReportRow(name=name, estate_id=estate_id, **(figures | amounts))


def report(programme: Programme, year: int) -> tuple[list[ReportRow], ReportRow]:
    """The programme's pools in ``year``: a row per estate (its estate's pools), a row for
    the pools of the whole programme if it has any, and the total; two queries for the
    figures, grouped and whole."""
    applications = Application.objects.filter(programme=programme).filter(_in_year(year))
    figures = _figures(year)
    by_estate = {
        row.pop("pool__estate"): row
        for row in applications.values("pool__estate").annotate(**figures).order_by()
    }
    empty = dict.fromkeys(figures, 0)
    rows = [
        _report_row(estate.name, estate.pk, by_estate.get(estate.pk, empty))
        for estate in Estate.objects.filter(programme=programme).order_by("name")
    ]
    if None in by_estate or Pool.objects.filter(programme=programme, estate=None).exists():
        rows.append(_report_row(_("Puljer for hele indsatsen"), None, by_estate.get(None, empty)))
    total = _report_row(_("I alt"), None, applications.aggregate(**figures))
    return rows, total


def report_years(programme: Programme) -> list[int]:
    """The years the report can show: those with applications, decisions or held events of
    the programme's pools, and this year, newest first."""
    applications = Application.objects.filter(programme=programme)
    years = {timezone.localdate().year}
    years.update(applications.values_list("year", flat=True).distinct())
    years.update(
        applications.filter(decision__isnull=False)
        .values_list("decision__frame_year", flat=True)
        .distinct()
    )
    years.update(
        moment.year
        for moment in applications.filter(event__status=EventStatus.HELD).datetimes(
            "event__starts_at", "year"
        )
    )
    return sorted(years, reverse=True)


REPORT_COLUMNS: list[exports.Column[ReportRow]] = [
    exports.Column(gettext_lazy("Boligområde"), lambda row: row.name, width=30),
    exports.Column(gettext_lazy("Ansøgninger modtaget"), lambda row: row.received),
    exports.Column(gettext_lazy("Bevillinger"), lambda row: row.grants),
    exports.Column(gettext_lazy("Afslag"), lambda row: row.rejected),
    exports.Column(gettext_lazy("Ansøgt beløb (kr.)"), lambda row: row.requested, width=18),
    exports.Column(gettext_lazy("Bevilget beløb (kr.)"), lambda row: row.granted, width=18),
    exports.Column(gettext_lazy("Aktiviteter afholdt"), lambda row: row.held),
    exports.Column(gettext_lazy("Deltagere"), lambda row: row.participants),
]


def applications_filtered(
    applications: QuerySet[Application],
    *,
    pool_id: int | None,
    estate_id: int | None,
    status: str,
    year: int | None,
) -> QuerySet[Application]:
    """The applications of a pool, an estate, a status and a year (each when given), newest
    first, with their decisions."""
    if pool_id is not None:
        applications = applications.filter(pool_id=pool_id)
    if estate_id is not None:
        applications = applications.filter(estate_id=estate_id)
    if status:
        applications = applications.filter(status=status)
    if year is not None:
        applications = applications.filter(year=year)
    return applications.select_related("decision", "decision__meeting").order_by(
        "-received_at", "-pk"
    )


def pools_of(programme: Programme) -> QuerySet[Pool]:
    return Pool.objects.filter(programme=programme).select_related("estate").order_by("name", "pk")
