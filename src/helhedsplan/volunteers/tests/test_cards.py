"""The volunteer card: issue and revoke, the public check page's answers, the printed cards,
and erasure taking the cards with the volunteer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, pdf_text
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.volunteers import queries, services
from helhedsplan.volunteers.models import Volunteer, VolunteerCard
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.tests.helpers import a_volunteer

NAME = "Frida Kortholder Frivillig"


def _volunteer(world: World, **changes: Any) -> Volunteer:
    return a_volunteer(
        world.programme, world.vapnagaard, by=world.user("staff"), name=NAME, **changes
    )


def _issue(world: World, volunteer: Volunteer, days: int = 30) -> VolunteerCard:
    return services.card_issue(
        volunteer=volunteer,
        valid_until=timezone.localdate() + datetime.timedelta(days=days),
        issued_by=world.user("staff"),
    )


def _check(client, card: VolunteerCard | str) -> str:
    token = card if isinstance(card, str) else card.token
    response = client.get(reverse("volunteers:card_check", args=[token]))
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    # The token is kept out of the Referer, yet the page's language switch (a POST) keeps
    # the Origin that the CSRF check needs: ``no-referrer`` would send ``Origin: null``.
    assert response["Referrer-Policy"] == "strict-origin"
    return response.content.decode()


def test_issuing_a_new_card_revokes_the_old_one(world: World) -> None:
    volunteer = _volunteer(world)
    first = _issue(world, volunteer)
    second = _issue(world, volunteer)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.token != second.token and len(second.token) >= 22  # 128 bits and more
    assert services.card_revoke(volunteer=volunteer) is True
    assert not VolunteerCard.objects.filter(revoked_at__isnull=True).exists()


def test_no_card_for_the_past_or_an_ended_volunteer(world: World) -> None:
    volunteer = _volunteer(world)
    with pytest.raises(ValidationError):
        _issue(world, volunteer, days=-1)
    services.volunteer_end(volunteer=volunteer, ended_on=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError):
        _issue(world, volunteer)
    assert not VolunteerCard.objects.exists()


def test_a_valid_card_shows_only_the_first_name_and_the_programme(client, world: World) -> None:
    card = _issue(world, _volunteer(world))
    page = _check(client, card)
    assert "Gyldigt" in page and "Ikke gyldigt" not in page
    assert "Frida" in page and world.programme.name in page
    for private in ("Kortholder", "11 22 33 44", "frida@example.org", world.vapnagaard.name):
        assert private not in page


def test_revoked_expired_unknown_ended_and_withdrawn_cards_are_not_valid(
    client, world: World
) -> None:
    volunteer = _volunteer(world)
    revoked = _issue(world, volunteer)
    services.card_revoke(volunteer=volunteer)
    expired = _issue(world, volunteer)
    VolunteerCard.objects.filter(pk=expired.pk).update(
        issued_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2024, 12, 31)
    )
    ended = _issue(world, _volunteer(world, email="a@example.org"))
    services.volunteer_end(volunteer=ended.volunteer, ended_on=datetime.date(2021, 1, 1))
    withdrawn = _issue(world, _volunteer(world, email="b@example.org"))
    services.volunteer_withdraw_consent(
        volunteer=withdrawn.volunteer, withdrawn_by=world.user("staff")
    )
    for card in (revoked, expired, ended, withdrawn, "no-such-card"):
        page = _check(client, card)
        assert "Ikke gyldigt" in page and "Frida" not in page, card


def test_keepers_issue_print_and_revoke_from_the_volunteers_page(client, world: World) -> None:
    volunteer = _volunteer(world)
    client.force_login(world.user("staff"))
    args = [world.programme.slug, volunteer.pk]
    response = client.post(
        reverse("volunteers:card_issue", args=args), {"card-valid_until": "31.12.2099"}
    )
    assert response.status_code == 302
    card = VolunteerCard.objects.get(volunteer=volunteer, revoked_at__isnull=True)
    assert card.valid_until == datetime.date(2099, 12, 31)
    assert "Tilbagekald kortet" in client.get(volunteer.get_absolute_url()).content.decode()

    pdf = client.get(reverse("volunteers:card_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf"
    sheet = client.get(reverse("volunteers:card_sheet", args=[world.programme.slug]))
    assert sheet["Content-Type"] == "application/pdf"
    for document in (pdf, sheet):
        text = pdf_text(document.content)
        assert NAME in text and world.programme.name in text and "31.12.2099" in text

    client.post(reverse("volunteers:card_revoke", args=args))
    assert _check(client, card).count("Ikke gyldigt")
    assert client.get(reverse("volunteers:card_pdf", args=args)).status_code == 404


def test_export_holds_the_cards_and_erasure_removes_them(world: World) -> None:
    volunteer = _volunteer(world)
    _issue(world, volunteer)
    card = _issue(world, volunteer)
    data = privacy_queries.personal_data_json(volunteer, REGISTER)
    # The two cards; every other kind (assignments, hours, certificates, …) has none here.
    counts = {title: len(rows) for title, rows in data["related"].items()}
    assert counts.pop("frivilligkort") == 2 and not any(counts.values())
    services.volunteer_erase(volunteer=volunteer, erased_by=world.user("secretariat_head"))
    assert not VolunteerCard.objects.filter(volunteer_id=volunteer.pk).exists()
    assert not VolunteerCard.history.filter(volunteer_id=volunteer.pk).exists()
    assert queries.card_in_force(card.token) is None
