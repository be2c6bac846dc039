"""Changes that need Landsbyggefonden's approval as well as the board's - the budget, the
agreement's period, dropping an activity - are flagged on the approval page before the board
approves, and kept with the approval."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from django.urls import reverse

from conftest import World
from helhedsplan.agreements import document as doc
from helhedsplan.agreements import queries, services
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.agreements.queries import document_of
from helhedsplan.agreements.tests.factories import seed_agreement


def _proposal(world: World, change) -> AgreementVersion:
    board = world.user("board")
    draft = services.version_start_draft(agreement=seed_agreement(world.programme), user=board)
    services.version_update(
        version=draft, document=change(document_of(draft)), estates=draft.estates.all()
    )
    return services.version_propose(version=draft, user=board)


def _funder_changes(document: doc.AgreementDocument) -> doc.AgreementDocument:
    return replace(
        document,
        budget=[doc.BudgetLine("Landsbyggefonden", Decimal("1200000"))],
        period_end=datetime.date(2022, 12, 31),
        activities=document.activities[1:],
    )


def test_the_budget_the_period_and_a_dropped_activity_are_flagged(world: World) -> None:
    version = _proposal(world, _funder_changes)
    dropped = document_of(version.agreement.versions.get(number=1)).activities[0].name

    changes = queries.funder_changes(version)

    assert changes[0] == "Budgettet er ændret (budgetlinjerne)."
    assert (
        changes[1]
        == "Aftaleperioden er ændret fra 01.01.2018–31.12.2021 til 01.01.2018–31.12.2022."
    )
    assert changes[2:] == [f"Aktiviteten »{dropped}« udgår."]


def test_a_reworded_criterion_needs_no_funder_approval(world: World) -> None:
    version = _proposal(world, lambda document: replace(document, purpose="Nyt formål"))

    assert queries.funder_changes(version) == []


def test_the_approval_page_warns_and_the_approval_keeps_the_flags(client, world: World) -> None:
    version = _proposal(world, _funder_changes)
    client.force_login(world.user("board"))

    page = client.get(version.get_absolute_url()).content.decode()
    response = client.post(
        reverse("agreements:approve", args=[version.agreement_id, version.number]),
        {"in_force_from": "2021-01-01", "note": "Godkendt"},
    )

    assert "Kræver også Landsbyggefondens godkendelse:" in page
    assert "Budgettet er ændret (budgetlinjerne)." in page
    version.refresh_from_db()
    assert response.status_code == 302 and version.is_approved
    assert version.funder_changes == queries.funder_changes(version)
    assert len(version.funder_changes) == 3
