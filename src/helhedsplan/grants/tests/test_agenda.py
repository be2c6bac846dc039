"""The committee's agenda: staff place reviewed applications on a meeting of the pool's
committee, and the agenda is a PDF with those applications."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, pdf_text
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, CommitteeMeeting, Pool
from helhedsplan.grants.tests.helpers import a_pool, an_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world: World) -> Pool:
    return a_pool(world.programme, by=world.user("secretariat_head"))


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def reviewed(world: World, pool: Pool, estate=None, **changes) -> Application:
    application = an_application(pool, estate or world.vapnagaard, **changes)
    return services.application_review(
        application=application,
        notes="Komplet; tilbud vedlagt.",
        complete=True,
        reviewed_by=world.user("staff"),
    )


def test_a_reviewed_application_goes_on_a_meeting_and_off_again(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    placed = services.application_place(application=application, meeting=meeting)
    assert placed.meeting == meeting
    assert list(meeting.applications.all()) == [placed]
    taken_off = services.application_place(application=application, meeting=None)
    assert taken_off.meeting is None


def test_a_received_application_is_not_placed(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application(pool, world.vapnagaard)
    with pytest.raises(ValidationError, match="kan ikke sættes på et udvalgsmøde"):
        services.application_place(application=application, meeting=meeting)
    application.refresh_from_db()
    assert application.meeting is None


def test_a_meeting_of_another_pool_is_refused(world: World, pool: Pool) -> None:
    other = a_pool(world.programme, by=world.user("secretariat_head"), name="Anden pulje")
    elsewhere = services.committee_meeting_add(pool=other, held_on=datetime.date(2026, 5, 12))
    application = reviewed(world, pool)
    with pytest.raises(ValidationError) as refused:
        services.application_place(application=application, meeting=elsewhere)
    assert "meeting" in refused.value.message_dict


def test_staff_place_an_application_from_its_page(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = reviewed(world, pool)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "12.05.2026" in page
    url = reverse("grants:application_place", args=[world.programme.slug, application.pk])
    response = client.post(url, {"meeting": meeting.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.meeting == meeting
    assert client.post(url, {"meeting": "999999"}).status_code == 400
    assert client.post(url, {"meeting": ""}).status_code == 302
    application.refresh_from_db()
    assert application.meeting is None


def test_placing_a_received_application_lands_on_its_page(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application(pool, world.vapnagaard)
    client.force_login(world.user("staff"))
    url = reverse("grants:application_place", args=[world.programme.slug, application.pk])
    response = client.post(url, {"meeting": meeting.pk})
    assert response.status_code == 400
    assert "kan ikke sættes på et udvalgsmøde" in response.content.decode()


def test_the_agenda_lists_the_applications_of_the_meeting_in_danish(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    services.committee_member_add(pool=pool, name="Bente Beboer", role="Formand")
    first = reviewed(world, pool, activity="Strikkecafé")
    second = reviewed(world, pool, activity="Grillaften")
    reviewed(world, pool, activity="Loppemarked")  # reviewed, but on no meeting
    for application in (first, second):
        services.application_place(application=application, meeting=meeting)
    client.force_login(world.user("staff"))
    url = reverse("grants:meeting_agenda", args=[world.programme.slug, pool.pk, meeting.pk])
    assert url in client.get(pool.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Mødet 12.05.2026: 2 ansøgninger." in text
    assert text.index(first.reference) < text.index(second.reference)
    assert "Strikkecafé" in text and "Grillaften" in text and "Loppemarked" not in text
    assert "Strikkeklubben" in text and "Vapnagaard" in text
    assert "Garn" in text and "1.000,00 kr." in text and "1.234,50 kr." in text
    assert "Komplet; tilbud vedlagt." in text
    assert "Bente Beboer" in text
    assert "Karen" not in text  # the contact person is not the committee's


def test_the_agenda_counts_the_applications_of_estates_not_kept(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    services.application_place(application=reviewed(world, pool), meeting=meeting)
    services.application_place(
        application=reviewed(world, pool, world.nojsomhed, activity="Loppemarked"),
        meeting=meeting,
    )
    url = reverse("grants:meeting_agenda", args=[world.programme.slug, pool.pk, meeting.pk])
    client.force_login(world.user("staff"))
    text = pdf_text(client.get(url).content)
    assert "Loppemarked" not in text
    assert "1 ansøgning mere er på mødet" in text
    client.force_login(world.user("secretariat_head"))
    text = pdf_text(client.get(url).content)
    assert "Loppemarked" in text and "mere er på mødet" not in text


def test_a_meeting_of_another_pool_has_no_agenda_here(client, world: World, pool: Pool) -> None:
    other = a_pool(world.programme, by=world.user("secretariat_head"), name="Anden pulje")
    elsewhere = services.committee_meeting_add(pool=other, held_on=datetime.date(2026, 5, 12))
    client.force_login(world.user("staff"))
    url = reverse("grants:meeting_agenda", args=[world.programme.slug, pool.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
