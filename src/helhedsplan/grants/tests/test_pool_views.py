"""Setting up a pool through its pages: create, open and close, frames, guidelines, rounds
and the committee."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.grants.models import (
    CommitteeMeeting,
    CommitteeMember,
    Guideline,
    Pool,
    PoolFrame,
    Round,
)
from helhedsplan.grants.tests.helpers import EXE, PDF, a_pool


def _url(name: str, pool: Pool) -> str:
    return reverse(f"grants:{name}", args=[pool.programme.slug, pool.pk])


def test_the_head_creates_a_pool_for_an_estate(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    url = reverse("grants:pool_create", args=[world.programme.slug])
    response = client.post(url, {"name": "Nøjsomheds pulje", "estate": world.nojsomhed.pk})
    pool = Pool.objects.get()
    assert response.status_code == 302
    assert response.url == _url("pool_settings", pool)
    assert (pool.name, pool.estate, pool.is_open) == ("Nøjsomheds pulje", world.nojsomhed, True)
    again = client.post(url, {"name": "Nøjsomheds pulje"})
    assert again.status_code == 400
    assert "allerede en pulje med det navn" in again.content.decode()


def test_a_head_limited_to_vapnagaard_sets_up_no_pool_of_nojsomhed(client, world: World) -> None:
    client.force_login(world.user("vapnagaard_head"))
    url = reverse("grants:pool_create", args=[world.programme.slug])
    assert client.post(url, {"name": "P", "estate": world.nojsomhed.pk}).status_code == 400
    pool = a_pool(world.programme, by=world.user("secretariat_head"), estate=world.nojsomhed)
    assert client.get(_url("pool_settings", pool)).status_code == 403
    assert not Pool.objects.exclude(pk=pool.pk).exists()


def test_the_settings_page_sets_up_everything(client, world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    client.force_login(world.user("secretariat_head"))
    assert client.post(_url("pool_open", pool), {"is_open": "no"}).status_code == 302
    assert (
        client.post(_url("frame_set", pool), {"year": "2026", "amount": "50.000,50"}).status_code
        == 302
    )
    assert (
        client.post(
            _url("guideline_publish", pool),
            {"text": "Puljen støtter fællesskab.", "pdf": SimpleUploadedFile("r.pdf", PDF)},
        ).status_code
        == 302
    )
    assert (
        client.post(
            _url("round_create", pool),
            {
                "name": "Forår",
                "kind": "deadline",
                "opens_on": "2026-01-01",
                "deadline": "2026-03-01",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            _url("member_add", pool), {"name": "Bente Beboer", "role": "Beboerrepræsentant"}
        ).status_code
        == 302
    )
    assert client.post(_url("meeting_add", pool), {"held_on": "2026-03-15"}).status_code == 302
    pool.refresh_from_db()
    assert pool.is_open is False
    assert PoolFrame.objects.get().amount == Decimal("50000.50")
    assert Guideline.objects.get().pdf.read() == PDF
    assert Round.objects.get().name == "Forår"
    assert CommitteeMember.objects.get().name == "Bente Beboer"
    assert CommitteeMeeting.objects.count() == 1
    page = client.get(_url("pool_settings", pool)).content.decode()
    assert "50.000,50\N{NO-BREAK SPACE}kr." in page
    assert "Bente Beboer" in page


def test_a_refused_setting_shows_the_page_again_in_danish(client, world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        _url("round_create", pool),
        {"name": "Løbende", "kind": "rolling", "opens_on": "2026-01-01", "deadline": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "En løbende runde har ingen ansøgningsfrist." in response.content.decode()
    response = client.post(
        _url("guideline_publish", pool), {"text": "x", "pdf": SimpleUploadedFile("r.pdf", EXE)}
    )
    assert response.status_code == 400
    assert "skal være en PDF" in response.content.decode()
    assert not Round.objects.exists() and not Guideline.objects.exists()


def test_staff_do_not_set_up_pools(client, world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    client.force_login(world.user("staff"))
    assert client.get(_url("pool_settings", pool)).status_code == 403
    assert client.post(_url("pool_open", pool), {"is_open": "no"}).status_code == 403
    pool.refresh_from_db()
    assert pool.is_open
