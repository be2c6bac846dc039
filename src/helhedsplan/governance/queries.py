"""Reads of the governance records, counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.functional import Promise

from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Case,
    CaseKind,
    CaseStatus,
    Decision,
    GovernanceMeeting,
    Proposal,
    ProposalStatus,
)
from helhedsplan.programmes.models import Programme


def _active_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})
    )


def bodies(programme: Programme, *, today: datetime.date) -> QuerySet[Body]:
    """The programme's bodies with their members today and their meetings counted."""
    return (
        Body.objects.filter(programme=programme)
        .select_related("agreement__focus_area")
        .annotate(
            member_count=Count("members", filter=_active_on(today, "members__"), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
    )


def members_of(body: Body) -> QuerySet[BodyMember]:
    """Present members first, by role; then those who left."""
    return body.members.select_related("user").order_by(
        F("left_on").asc(nulls_first=True), "role", "organisation", "pk"
    )


def meetings_of(body: Body) -> QuerySet[GovernanceMeeting]:
    return body.meetings.annotate(decision_count=Count("decisions"))


def meeting_with_decisions(meeting_id: int) -> QuerySet[GovernanceMeeting]:
    decisions = Decision.objects.select_related("agreement_version__agreement__focus_area")
    return (
        GovernanceMeeting.objects.filter(pk=meeting_id)
        .select_related("body__programme")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
    )


def proposals(programme: Programme) -> QuerySet[Proposal]:
    return Proposal.objects.filter(body__programme=programme).select_related(
        "body", "agreement__focus_area", "draft"
    )


def cases(visible: QuerySet[Case], *, status: str = "") -> QuerySet[Case]:
    found = visible.select_related("agreement__focus_area", "estate")
    return found.filter(status=status) if status else found


def agreements_of(programme: Programme) -> QuerySet[Agreement]:
    return Agreement.objects.filter(programme=programme).select_related("focus_area")


def versions_of(programme: Programme) -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.filter(agreement__programme=programme).select_related(
        "agreement__focus_area"
    )


def proposal_of_draft(version: AgreementVersion) -> Proposal | None:
    return Proposal.objects.filter(draft=version).select_related("body__programme").first()


# The annual report's governance section ---------------------------------------------------


@dataclass(frozen=True)
class BodyYear:
    body: Body
    kind: str
    # Members at any time in the year.
    members: int
    meetings: int
    decisions: int


@dataclass(frozen=True)
class CaseYear:
    kind: str
    label: str | Promise
    raised: int
    resolved: int
    open_at_year_end: int


@dataclass(frozen=True)
class ProposalYear:
    """The proposals made in the year, by what became of them."""

    proposed: int
    drafted: int
    declined: int
    pending: int


@dataclass(frozen=True)
class YearSummary:
    programme: Programme
    year: int
    bodies: list[BodyYear]
    cases: list[CaseYear]
    proposals: ProposalYear

    @property
    def meetings(self) -> int:
        return sum(body.meetings for body in self.bodies)

    @property
    def decisions(self) -> int:
        return sum(body.decisions for body in self.bodies)


def year_summary(programme: Programme, year: int) -> YearSummary:
    """The governance section of the annual status report for ``programme`` and ``year``:
    the bodies with their members and the meetings and decisions of the year, the log's
    entries raised, resolved and open at the year's end by kind, and the year's proposals."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = Q(meetings__held_on__gte=first, meetings__held_on__lte=last)
    found = (
        Body.objects.filter(programme=programme)
        .annotate(
            member_total=Count(
                "members",
                filter=Q(members__joined_on__lte=last)
                & (Q(members__left_on__isnull=True) | Q(members__left_on__gte=first)),
                distinct=True,
            ),
            meeting_total=Count("meetings", filter=in_year, distinct=True),
            decision_total=Count("meetings__decisions", filter=in_year, distinct=True),
        )
        .order_by("kind", "name")
    )
    kind_order = list(BodyKind.values)
    body_rows = sorted(
        (
            BodyYear(body, body.kind, body.member_total, body.meeting_total, body.decision_total)
            for body in found
        ),
        key=lambda row: (kind_order.index(row.kind), row.body.name),
    )
    raised_in_year = Q(raised_on__gte=first, raised_on__lte=last)
    counted = {
        row["kind"]: row
        for row in Case.objects.filter(programme=programme)
        .values("kind")
        .annotate(
            raised=Count("pk", filter=raised_in_year),
            resolved=Count(
                "pk",
                filter=Q(status=CaseStatus.RESOLVED, resolved_on__gte=first, resolved_on__lte=last),
            ),
            still_open=Count(
                "pk",
                filter=Q(raised_on__lte=last)
                & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=last)),
            ),
        )
    }
    case_rows = [
        CaseYear(
            kind,
            label,
            counted.get(kind, {}).get("raised", 0),
            counted.get(kind, {}).get("resolved", 0),
            counted.get(kind, {}).get("still_open", 0),
        )
        for kind, label in CaseKind.choices
    ]
    made = Proposal.objects.filter(
        body__programme=programme, proposed_on__gte=first, proposed_on__lte=last
    ).aggregate(
        proposed=Count("pk"),
        drafted=Count("pk", filter=Q(status=ProposalStatus.DRAFTED)),
        declined=Count("pk", filter=Q(status=ProposalStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=ProposalStatus.PROPOSED)),
    )
    return YearSummary(
        programme=programme,
        year=year,
        bodies=body_rows,
        cases=case_rows,
        proposals=ProposalYear(**made),
    )
