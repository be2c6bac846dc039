"""Governance records for tests, made through the services."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from helhedsplan.agreements.models import Agreement
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.governance import services
from helhedsplan.governance.models import Body, BodyKind, Case, CaseKind, Proposal
from helhedsplan.programmes.models import Programme


def an_agreement(programme: Programme) -> Agreement:
    return Agreement.objects.filter(programme=programme).first() or seed_agreement(programme)


def a_board(programme: Programme) -> Body:
    return Body.objects.filter(
        programme=programme, kind=BodyKind.BOARD
    ).first() or services.body_create(programme=programme, kind=BodyKind.BOARD, name="Bestyrelsen")


def a_working_group(programme: Programme) -> Body:
    return Body.objects.filter(
        programme=programme, kind=BodyKind.WORKING_GROUP
    ).first() or services.body_create(
        programme=programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbejdsgruppen for kultur",
        agreement=an_agreement(programme),
        activity_name="Kulturelle arrangementer",
    )


def a_case(
    programme: Programme,
    *,
    by: User | None,
    title: str = "Uenighed om lokaler",
    raised_on: datetime.date = datetime.date(2021, 3, 1),
) -> Case:
    return services.case_raise(
        programme=programme,
        kind=CaseKind.CONFLICT,
        title=title,
        summary="Parterne er uenige om brugen af beboerhuset.",
        raised_by_party="Kulturhus Syd",
        raised_on=raised_on,
        user=by,
    )


def a_proposal(programme: Programme, *, by: User | None = None) -> Proposal:
    return Proposal.objects.filter(body__programme=programme).first() or services.proposal_record(
        body=a_working_group(programme),
        agreement=an_agreement(programme),
        title="Otte temaaftener",
        text="Vi foreslår otte temaaftener om året.",
        proposed_on=datetime.date(2020, 9, 5),
        user=by,
    )
