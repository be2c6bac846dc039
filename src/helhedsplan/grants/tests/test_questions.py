"""Questions to the applicant during the review: recorded with the application, e-mailed to
the contact when there is an address and their consent stands, asked by phone otherwise."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.core.idempotency import FORM_FIELD
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, Pool, Question
from helhedsplan.grants.tests.helpers import a_pool, an_application, paid_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world: World) -> Pool:
    return a_pool(world.programme, by=world.user("secretariat_head"))


def test_a_question_is_recorded_and_emailed_to_the_contact(
    world: World, pool: Pool, django_capture_on_commit_callbacks
) -> None:
    application = an_application(pool, world.vapnagaard, email="karen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        question = services.application_question(
            application=application,
            text="  Hvem lejer I teltet af?  ",
            asked_by=world.user("staff"),
        )
    assert (question.text, question.emailed) == ("Hvem lejer I teltet af?", True)
    [message] = mail.outbox
    assert message.to == ["karen@example.org"]
    assert application.reference in message.subject
    assert "Hvem lejer I teltet af?" in message.body


def test_without_an_address_or_consent_the_question_is_for_the_phone(
    world: World, pool: Pool, django_capture_on_commit_callbacks
) -> None:
    no_email = an_application(pool, world.vapnagaard, email="")
    withdrawn = an_application(pool, world.vapnagaard, activity="Grillaften")
    assert withdrawn.contact is not None
    services.contact_withdraw_consent(contact=withdrawn.contact, withdrawn_by=world.user("staff"))
    with django_capture_on_commit_callbacks(execute=True):
        for application in (no_email, withdrawn):
            question = services.application_question(
                application=application, text="Hvornår starter I?", asked_by=world.user("staff")
            )
            assert not question.emailed
    assert mail.outbox == []


def test_no_question_after_the_decision_and_none_without_a_text(world: World, pool: Pool) -> None:
    application = an_application(pool, world.vapnagaard)
    staff = world.user("staff")
    with pytest.raises(ValidationError, match="Skriv spørgsmålet"):
        services.application_question(application=application, text=" ", asked_by=staff)
    meeting = services.committee_meeting_add(
        pool=pool, held_on=application.starts_on.replace(month=5)
    )
    paid = paid_application(application, meeting=meeting, by=world.user("secretariat_head"))
    with pytest.raises(ValidationError, match="mens ansøgningen behandles"):
        services.application_question(application=paid, text="Nu?", asked_by=staff)
    assert not Question.objects.exists()


def test_staff_ask_from_the_page_once_even_if_the_form_is_sent_twice(
    client: Client, world: World, pool: Pool
) -> None:
    application = an_application(pool, world.vapnagaard)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Stil spørgsmålet" in page and "Ingen spørgsmål endnu." in page
    url = reverse("grants:application_question", args=[world.programme.slug, application.pk])
    data = {"text": "Har I et tilbud på teltet?", FORM_FIELD: str(uuid.uuid4())}
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert Question.objects.filter(application=application).count() == 1
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Har I et tilbud på teltet?" in page and "sendt pr. e-mail" in page
    refused = client.post(url, {"text": "", FORM_FIELD: str(uuid.uuid4())})
    assert refused.status_code == 400
    assert Application.objects.get(pk=application.pk).questions.count() == 1
