"""Reads of the resident grant pools: what the pages show, counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    DurationField,
    Expression,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.core import exports
from helhedsplan.events.models import EventStatus
from helhedsplan.grants.models import (
    Application,
    Closing,
    CommitteeMeeting,
    Decision,
    Guideline,
    Outcome,
    Payout,
    Pool,
    PoolFrame,
    Report,
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
    amounts = {key: _ore(figures[key]) for key in ("requested", "granted")}
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


# Part 3: the money of a pool and year ------------------------------------------------------

# Sums of kroner, as the database gives them back (wide enough for a pool's years of grants).
_KRONER: DecimalField[Decimal, Decimal] = DecimalField(max_digits=15, decimal_places=2)
_ZERO = Value(Decimal("0.00"), output_field=_KRONER)


@dataclass(frozen=True)
class Money:
    """A pool's money in one year (the year of the frame each grant is charged to): the
    frame (0 without one), what was granted, paid out, and came back (paid back at closing,
    and the part of a grant never paid out, released at closing); what is left of the frame
    is frame − committed + returned."""

    year: int
    frame: Decimal
    committed: Decimal
    paid: Decimal
    returned: Decimal
    remaining: Decimal


def _sum_for_pool(rows: QuerySet[Any], pool_path: str, amount: str | Expression) -> Coalesce:
    """The sum of ``amount`` over ``rows`` of the outer query's pool (``pool_path`` leads from
    a row to its pool), as a subquery: 0 when there are none."""
    summed = (
        rows.filter(**{pool_path: OuterRef("pk")})
        .order_by()
        .values(pool_path)
        .annotate(total=Sum(amount, output_field=_KRONER))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=_KRONER), _ZERO, output_field=_KRONER)


def pool_money(pool: Pool, year: int) -> Money:
    """The pool's money in ``year``, each figure a sum of rows, in one query."""
    row = (
        Pool.objects.filter(pk=pool.pk)
        .annotate(
            frame=Coalesce(
                Subquery(
                    PoolFrame.objects.filter(pool=OuterRef("pk"), year=year).values("amount")[:1],
                    output_field=_KRONER,
                ),
                _ZERO,
                output_field=_KRONER,
            ),
            committed=_sum_for_pool(
                Decision.objects.filter(frame_year=year), "application__pool", "amount_granted"
            ),
            paid=_sum_for_pool(
                Payout.objects.filter(application__decision__frame_year=year),
                "application__pool",
                "amount",
            ),
            returned=_sum_for_pool(
                Closing.objects.filter(application__decision__frame_year=year),
                "application__pool",
                F("repaid") + F("released"),
            ),
        )
        .values("frame", "committed", "paid", "returned")
        .get()
    )
    # SQLite sums decimals as floating point: the figures are whole øre, so they are read as
    # such, and what is left is worked out from them (never in floating point).
    figures = {name: _ore(value) for name, value in row.items()}
    return Money(
        year=year,
        remaining=figures["frame"] - figures["committed"] + figures["returned"],
        **figures,
    )


def _ore(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)).quantize(ORE)


def money_years(pool: Pool) -> list[int]:
    """The years the pool has money in: a frame, or a decision charged to one."""
    framed = PoolFrame.objects.filter(pool=pool).order_by().values_list("year", flat=True)
    decided = (
        Decision.objects.filter(application__pool=pool)
        .order_by()
        .values_list("frame_year", flat=True)
    )
    return sorted(set(framed.union(decided)))


def money_lines(applications: QuerySet[Application], year: int) -> QuerySet[Application]:
    """The grants of ``applications`` charged to ``year``'s frame, by reference, each with
    ``granted``, ``paid`` and ``returned`` counted by the database."""
    return (
        applications.filter(decision__frame_year=year)
        .exclude(decision__outcome=Outcome.REJECTED)
        .select_related("estate", "decision__override_by")
        .annotate(
            granted=F("decision__amount_granted"),
            paid=Coalesce(F("payout__amount"), _ZERO, output_field=_KRONER),
            returned=Coalesce(
                F("closing__repaid") + F("closing__released"), _ZERO, output_field=_KRONER
            ),
        )
        .order_by("year", "number")
    )


@dataclass(frozen=True)
class GrantTotals:
    count: int
    granted: Decimal
    paid: Decimal
    returned: Decimal


def grant_totals(lines: QuerySet[Application]) -> GrantTotals:
    """The totals of ``money_lines``, in one aggregate query."""
    # Summed from the rows themselves, under names of their own: PostgreSQL cannot sum the
    # lines' annotations by their aliases.
    totals = lines.order_by().aggregate(
        total_count=Count("pk"),
        total_granted=Coalesce(Sum("decision__amount_granted"), _ZERO, output_field=_KRONER),
        total_paid=Coalesce(Sum("payout__amount"), _ZERO, output_field=_KRONER),
        total_returned=Coalesce(
            Sum(F("closing__repaid") + F("closing__released")), _ZERO, output_field=_KRONER
        ),
    )
    return GrantTotals(
        count=totals["total_count"],
        granted=_ore(totals["total_granted"]),
        paid=_ore(totals["total_paid"]),
        returned=_ore(totals["total_returned"]),
    )


@dataclass(frozen=True)
class MoneyPage:
    money: Money
    # The grants of the estates the reader keeps, and the totals of those and of the rest.
    lines: list[Application]
    kept: GrantTotals
    others: GrantTotals


def money_page(pool: Pool, kept: QuerySet[Application], year: int) -> MoneyPage:
    """A pool's money in ``year``: the figures, and the grants, those the reader keeps line
    by line and the others counted (their lines and totals add up to the figures)."""
    lines = money_lines(kept, year)
    others = money_lines(
        Application.objects.filter(pool=pool).exclude(pk__in=kept.values("pk")), year
    )
    return MoneyPage(
        money=pool_money(pool, year),
        lines=list(lines),
        kept=grant_totals(lines),
        others=grant_totals(others),
    )
