from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, make_user
from helhedsplan.accounts import services
from helhedsplan.accounts.models import Membership, Role

User = get_user_model()


def test_administrator_creates_a_user_with_a_role(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.post(
        reverse("accounts:user_create"),
        {
            "user-username": "karin",
            "user-first_name": "Karin",
            "user-last_name": "Koordinator",
            "user-email": "karin@example.org",
            "user-password1": "en-lang-og-sikker-kode",
            "user-password2": "en-lang-og-sikker-kode",
            "role-programme": world.programme.pk,
            "role-role": Role.STAFF,
            "role-estates": [world.nojsomhed.pk],
        },
    )
    karin = User.objects.get(username="karin")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_detail", kwargs={"user_id": karin.pk})
    membership = karin.memberships.get()
    assert (membership.programme, membership.role) == (world.programme, Role.STAFF)
    assert list(membership.estates.all()) == [world.nojsomhed]
    assert karin.check_password("en-lang-og-sikker-kode")


def test_a_user_is_created_with_the_role_asked_for_or_not_at_all(world: World) -> None:
    with pytest.raises(ValueError):
        services.user_create(
            username="karin",
            password=None,
            programme=world.programme,
            role=Role.STAFF,
            estates=[world.other_programme.estates.get()],
        )
    assert not User.objects.filter(username="karin").exists()


def test_it_refuses_a_weak_password_and_writes_nothing(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    response = client.post(
        reverse("accounts:user_create"),
        {
            "user-username": "karin",
            "user-password1": "123",
            "user-password2": "123",
            "role-programme": world.programme.pk,
            "role-role": Role.STAFF,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="karin").exists()


def test_an_administrator_cannot_grant_roles_in_a_programme_they_do_not_administer(
    client, world: World
) -> None:
    client.force_login(world.user("administrator"))
    staff = world.user("staff")
    client.post(
        reverse("accounts:membership_grant", kwargs={"user_id": staff.pk}),
        {"role-programme": world.other_programme.pk, "role-role": Role.BOARD},
    )
    assert not staff.memberships.filter(programme=world.other_programme).exists()


def test_an_administrator_cannot_manage_users_of_other_programmes(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    outsider = world.user("outsider")
    url = reverse("accounts:user_deactivate", kwargs={"user_id": outsider.pk})
    assert client.post(url).status_code == 403
    outsider.refresh_from_db()
    assert outsider.is_active
    listed = client.get(reverse("accounts:user_list")).context["users"]
    assert outsider not in listed
    assert world.user("staff") in listed


def test_deactivate_and_revoke(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    board = world.user("board")
    client.post(reverse("accounts:user_deactivate", kwargs={"user_id": board.pk}))
    board.refresh_from_db()
    assert not board.is_active
    membership = board.memberships.get()
    client.post(
        reverse(
            "accounts:membership_revoke",
            kwargs={"user_id": board.pk, "membership_id": membership.pk},
        )
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_createuser_command(world: World, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("en-lang-og-sikker-kode\n"))
    call_command(
        "createuser",
        "ole",
        "--role=board",
        "--programme=Helsingør Syd",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    ole = User.objects.get(username="ole")
    assert ole.check_password("en-lang-og-sikker-kode")
    assert ole.memberships.get().role == Role.BOARD


def test_createuser_names_an_unknown_programme(world: World) -> None:
    with pytest.raises(CommandError, match="No programme is called 'Nowhere'"):
        call_command("createuser", "ole", "--role=board", "--programme=Nowhere")


def _limited_staff(world: World, name: str, *estates) -> None:
    services.membership_grant(
        user=make_user(name), programme=world.programme, role=Role.STAFF, estates=list(estates)
    )


def test_the_user_list_shows_the_estates_a_role_is_limited_to(client, world: World) -> None:
    _limited_staff(world, "both", world.vapnagaard, world.nojsomhed)
    client.force_login(world.user("administrator"))
    url = reverse("accounts:user_list")
    client.get(url)  # the session settles

    with CaptureQueriesContext(connection) as listed:
        page = client.get(url).content.decode()
    _limited_staff(world, "more", world.nojsomhed)
    _limited_staff(world, "still_more", world.vapnagaard)
    with CaptureQueriesContext(connection) as listed_with_more:
        client.get(url)

    assert "Medarbejder (Helsingør Syd, kun Vapnagaard)" in page
    assert "Politi (Helsingør Syd, kun Vapnagaard)" in page
    assert "Medarbejder (Helsingør Syd, kun Nøjsomhed, Vapnagaard)" in page
    assert "Bestyrelsesmedlem (Helsingør Syd)" in page
    assert len(listed_with_more) == len(listed)
