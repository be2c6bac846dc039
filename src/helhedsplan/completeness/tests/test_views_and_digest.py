"""The cockpit page per role, the home page's summary, and the weekly digest."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from conftest import World
from helhedsplan.completeness import services
from helhedsplan.completeness.models import DigestOptOut
from helhedsplan.series.tests.factories import safety_series

pytestmark = pytest.mark.django_db


def _url(world: World) -> str:
    return reverse("completeness:cockpit", kwargs={"slug": world.programme.slug})


def test_the_page_lists_the_gaps_of_the_persons_estates(client, world: World) -> None:
    series = safety_series(world)
    client.force_login(world.user("secretariat_head"))
    page = client.get(_url(world)).content.decode()
    assert "Overordnede succeskriterier – Nøjsomhed" in page
    assert "Overordnede succeskriterier – Vapnagaard" in page
    assert (
        reverse("series:detail", kwargs={"slug": world.programme.slug, "code": series.code}) in page
    )
    client.force_login(world.user("vapnagaard_head"))
    page = client.get(_url(world)).content.decode()
    assert "Overordnede succeskriterier – Vapnagaard" in page
    assert "Nøjsomhed" not in page


def test_the_board_may_not_open_the_page(client, world: World) -> None:
    client.force_login(world.user("board"))
    assert client.get(_url(world)).status_code == 403


def test_the_toggle_stops_and_restarts_the_digest(client, world: World) -> None:
    head = world.user("secretariat_head")
    client.force_login(head)
    url = reverse("completeness:digest", kwargs={"slug": world.programme.slug})
    assert client.post(url, {"send": "0"}).status_code == 302
    assert DigestOptOut.objects.filter(user=head, programme=world.programme).exists()
    assert "Send mig påmindelsen igen" in client.get(_url(world)).content.decode()
    client.post(url, {"send": "1"})
    assert not DigestOptOut.objects.filter(user=head).exists()


def test_the_home_page_shows_the_cockpit_to_the_secretariat_head_only(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    page = client.get(reverse("home")).content.decode()
    assert "Statistik uden årets tal: 2" in page
    assert _url(world) in page
    for who in ("administrator", "staff", "board"):
        client.force_login(world.user(who))
        assert "Statistik uden årets tal" not in client.get(reverse("home")).content.decode()


def _addresses(world: World) -> None:
    for name, user in world.users.items():
        user.email = f"{name}@example.org"
        user.save()


def test_the_digest_goes_to_each_responsible_person_once(world: World) -> None:
    _addresses(world)
    series = safety_series(world)
    DigestOptOut.objects.create(user=world.user("staff"), programme=world.programme)
    sent = services.digests_send(today=datetime.date(2026, 9, 1))
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "administrator@example.org",
        "secretariat_head@example.org",
        "vapnagaard_head@example.org",
    ]
    assert sent.sent == 3
    limited = next(m for m in mail.outbox if m.to == ["vapnagaard_head@example.org"])
    assert limited.subject == "Det mangler i Helsingør Syd"
    # Counts only: the mail names no series, action or volunteer.
    assert "Statistik uden årets tal: 1" in limited.body
    assert series.name not in limited.body
    assert "Vapnagaard" in limited.body and "Nøjsomhed" not in limited.body
    assert _url(world) in limited.body
    assert "framelde" in limited.body


def test_no_digest_when_nothing_is_missing(world: World) -> None:
    _addresses(world)
    assert services.digests_send(today=datetime.date(2026, 9, 1)).sent == 0
    assert mail.outbox == []
