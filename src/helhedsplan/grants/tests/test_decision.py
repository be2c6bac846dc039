"""The committee's decision: approved, partly approved or rejected at a meeting, with the
letter as a PDF and by e-mail; the workflow's table allows it from under review only."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, pdf_text
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    TRANSITIONS,
    Application,
    CommitteeMeeting,
    Decision,
    Outcome,
    Pool,
    Status,
    may_become,
)
from helhedsplan.grants.tests.helpers import a_pool, an_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world: World) -> Pool:
    found = a_pool(world.programme, by=world.user("secretariat_head"))
    # A frame the grants here fit in (the frame's refusals are tested in test_payout_closing).
    services.pool_frame_set(pool=found, year=2026, amount=Decimal("100000"))
    return found


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def reviewed(world: World, pool: Pool, **changes) -> Application:
    application = an_application(pool, world.vapnagaard, **changes)
    return services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )


def decide(
    world: World, application: Application, meeting: CommitteeMeeting, **changes: Any
) -> Decision:
    values: dict[str, Any] = {
        "application": application,
        "outcome": Outcome.APPROVED,
        "amount_granted": None,
        "meeting": meeting,
        "conditions": "",
        "reasons": "",
        "report_due_on": None,
        "decided_by": world.user("staff"),
    } | changes
    return services.decision_record(**values)


def test_every_status_is_in_the_table_and_a_rejection_is_final() -> None:
    assert set(TRANSITIONS) == set(Status.values)
    assert not TRANSITIONS[Status.REJECTED] and not TRANSITIONS[Status.CLOSED]
    assert may_become(Status.UNDER_REVIEW, Status.PARTLY_APPROVED)
    assert not may_become(Status.RECEIVED, Status.APPROVED)


def test_an_approval_grants_the_amount_requested_with_a_deadline_30_days_after(
    world: World, pool: Pool, meeting: CommitteeMeeting, django_capture_on_commit_callbacks
) -> None:
    application = reviewed(world, pool, ends_on=datetime.date(2026, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(world, application, meeting, conditions="Husk kvitteringerne.")
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.meeting == meeting
    assert decision.amount_granted == Decimal("1234.50")
    assert decision.report_due_on == datetime.date(2026, 7, 3)
    assert decision.frame_year == 2026
    (letter,) = mail.outbox
    assert letter.to == ["karen@example.org"]
    assert application.reference in letter.subject
    assert "1.234,50\N{NO-BREAK SPACE}kr." in letter.body
    ((name, content, kind),) = letter.attachments
    assert kind == "application/pdf" and name.endswith(".pdf")
    text = pdf_text(content)
    assert "Ansøgningen er bevilget: I får 1.234,50 kr. til aktiviteten." in text
    assert "Husk kvitteringerne." in text and "03.07.2026" in text


def test_a_partial_grant_is_less_than_requested_with_reasons(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    with pytest.raises(ValidationError) as refused:
        decide(world, application, meeting, outcome=Outcome.PARTLY_APPROVED, amount_granted=None)
    assert set(refused.value.message_dict) == {"amount_granted", "reasons"}
    with pytest.raises(ValidationError, match="under det ansøgte beløb"):
        decide(
            world,
            application,
            meeting,
            outcome=Outcome.PARTLY_APPROVED,
            amount_granted=Decimal("1234.50"),
            reasons="x",
        )
    decision = decide(
        world,
        application,
        meeting,
        outcome=Outcome.PARTLY_APPROVED,
        amount_granted=Decimal("800"),
        reasons="Kaffen betaler I selv.",
    )
    assert decision.amount_granted == Decimal("800")
    assert Application.objects.get(pk=application.pk).status == Status.PARTLY_APPROVED


def test_a_rejection_grants_nothing_has_no_deadline_and_is_final(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    with pytest.raises(ValidationError, match="intet beløb"):
        decide(
            world,
            application,
            meeting,
            outcome=Outcome.REJECTED,
            amount_granted=Decimal("5"),
            reasons="Uden for retningslinjerne.",
        )
    decision = decide(
        world, application, meeting, outcome=Outcome.REJECTED, reasons="Uden for retningslinjerne."
    )
    assert (decision.amount_granted, decision.report_due_on) == (Decimal("0"), None)
    with pytest.raises(ValidationError, match="der kan ikke træffes afgørelse"):
        decide(world, application, meeting)
    assert Decision.objects.count() == 1


def test_no_decision_before_review_before_the_meeting_or_at_another_pools_meeting(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    with pytest.raises(ValidationError, match="der kan ikke træffes afgørelse"):
        decide(world, an_application(pool, world.vapnagaard), meeting)
    application = reviewed(world, pool)
    future = services.committee_meeting_add(pool=pool, held_on=datetime.date(2099, 1, 5))
    with pytest.raises(ValidationError, match="ikke holdt endnu"):
        decide(world, application, future)
    other = a_pool(world.programme, by=world.user("secretariat_head"), name="Anden pulje")
    elsewhere = services.committee_meeting_add(pool=other, held_on=datetime.date(2026, 5, 12))
    with pytest.raises(ValidationError, match="ikke et møde i udvalget"):
        decide(world, application, elsewhere)
    with pytest.raises(ValidationError, match="En fuld bevilling er det ansøgte beløb"):
        decide(world, application, meeting, amount_granted=Decimal("1"))
    with pytest.raises(ValidationError, match="før aktivitetens sidste dag"):
        decide(world, application, meeting, report_due_on=datetime.date(2026, 5, 1))
    assert not Decision.objects.exists()


def test_no_letter_is_sent_without_an_address(
    world: World, pool: Pool, meeting: CommitteeMeeting, django_capture_on_commit_callbacks
) -> None:
    application = reviewed(world, pool, email="")
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, application, meeting)
    assert mail.outbox == []


def test_no_letter_is_sent_to_a_contact_who_withdrew_consent(
    world: World, pool: Pool, meeting: CommitteeMeeting, django_capture_on_commit_callbacks
) -> None:
    application = reviewed(world, pool)
    assert application.contact is not None
    services.contact_withdraw_consent(contact=application.contact, withdrawn_by=world.user("staff"))
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, application, meeting)
    assert mail.outbox == []
    assert Decision.objects.filter(application=application).exists()


def _decision_url(world: World, application: Application) -> str:
    return reverse("grants:application_decide", args=[world.programme.slug, application.pk])


def test_staff_record_a_partial_grant_on_the_page_and_a_retry_writes_once(
    client, world: World, pool: Pool, meeting: CommitteeMeeting, django_capture_on_commit_callbacks
) -> None:
    application = reviewed(world, pool)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Registrér afgørelsen" in page
    data = {
        "outcome": "partly_approved",
        "amount_granted": "800,00",
        "meeting": meeting.pk,
        "conditions": "",
        "reasons": "Kaffen betaler I selv.",
        "report_due_on": "",
        "idempotency_key": "decision-key-1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_decision_url(world, application), data)
    assert first.status_code == 302
    again = client.post(_decision_url(world, application), data)
    assert again.status_code == 302 and again["Idempotent-Replayed"] == "true"
    assert Decision.objects.get().amount_granted == Decimal("800")
    assert len(mail.outbox) == 1
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Delvist bevilget" in page and "800,00\N{NO-BREAK SPACE}kr." in page
    letter = client.get(
        reverse("grants:decision_letter", args=[world.programme.slug, application.pk])
    )
    assert letter["Content-Type"] == "application/pdf"
    text = pdf_text(letter.content)
    assert "I får 800,00 kr. af de 1.234,50 kr., I søgte." in text
    assert "Kaffen betaler I selv." in text


def test_a_refused_decision_lands_on_the_page_in_danish(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    client.force_login(world.user("staff"))
    response = client.post(
        _decision_url(world, application),
        {"outcome": "rejected", "meeting": meeting.pk, "reasons": "", "idempotency_key": "k-2"},
    )
    assert response.status_code == 400
    assert "Skriv begrundelsen for afgørelsen." in response.content.decode()
    assert not Decision.objects.exists()


def test_there_is_no_letter_before_the_decision(client, world: World, pool: Pool) -> None:
    application = reviewed(world, pool)
    client.force_login(world.user("staff"))
    url = reverse("grants:decision_letter", args=[world.programme.slug, application.pk])
    assert client.get(url).status_code == 404


def test_the_page_with_both_meeting_fields_keeps_their_ids_apart(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert page.count('id="id_meeting"') == 1
    assert page.count('id="id_place_meeting"') == 1
