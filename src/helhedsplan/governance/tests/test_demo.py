"""The demo's governance records."""

from __future__ import annotations

from helhedsplan.governance import queries
from helhedsplan.governance.models import (
    Body,
    BodyKind,
    Case,
    CaseStatus,
    Decision,
    Proposal,
    ProposalStatus,
)
from helhedsplan.programmes.models import Programme


def test_the_demo_has_its_bodies_meetings_log_and_a_drafted_proposal(demo: Programme) -> None:
    bodies = Body.objects.filter(programme=demo)
    assert set(bodies.values_list("kind", flat=True)) == set(BodyKind.values)
    activities = set(
        bodies.filter(kind=BodyKind.WORKING_GROUP).values_list("activity_name", flat=True)
    )
    assert activities == {"Hverdagsrådgivning – vi hjælper jer videre", "Kulturelle arrangementer"}
    assert set(Case.objects.filter(programme=demo).values_list("status", flat=True)) == set(
        CaseStatus.values
    )
    assert Decision.objects.filter(
        meeting__body__programme=demo, agreement_version__number=2
    ).exists()
    drafted = Proposal.objects.get(body__programme=demo, status=ProposalStatus.DRAFTED)
    assert drafted.draft is not None
    summary = queries.year_summary(demo, 2020)
    assert all(row.meetings > 0 for row in summary.bodies)
