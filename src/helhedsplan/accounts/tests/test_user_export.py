"""The users list as a spreadsheet, with each role's estate limit."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.tests.exported import csv_rows, xlsx_rows


def test_the_export_lists_the_users_with_their_roles_and_estates(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    rows = xlsx_rows(client.get(reverse("accounts:user_export", kwargs={"fmt": "xlsx"})))
    assert rows[0] == ["Brugernavn", "Navn", "Roller", "Status"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["staff"][2] == "Medarbejder (Helsingør Syd: Vapnagaard)"
    assert by_name["board"][2] == "Bestyrelsesmedlem (Helsingør Syd)"
    assert by_name["board"][3] == "Aktiv"
    # An administrator manages only their programme's people, as on the list.
    assert "outsider" not in by_name and "superuser" not in by_name
    rows = csv_rows(client.get(reverse("accounts:user_export", kwargs={"fmt": "csv"})))
    assert [row[0] for row in rows[1:]] == sorted(by_name)


def test_only_those_who_manage_users_export_them(client, world: World) -> None:
    url = reverse("accounts:user_export", kwargs={"fmt": "csv"})
    for who in ("secretariat_head", "staff", "board", "police", "outsider"):
        client.force_login(world.user(who))
        assert client.get(url).status_code == 403, who


def test_a_name_that_looks_like_a_formula_stays_text(client, world: World) -> None:
    from helhedsplan.accounts import services

    services.user_update(user=world.user("board"), first_name="=1+1", last_name="", email="")
    client.force_login(world.user("administrator"))
    rows = xlsx_rows(client.get(reverse("accounts:user_export", kwargs={"fmt": "xlsx"})))
    assert {row[0]: row[1] for row in rows[1:]}["board"] == "=1+1"
    rows = csv_rows(client.get(reverse("accounts:user_export", kwargs={"fmt": "csv"})))
    assert {row[0]: row[1] for row in rows[1:]}["board"] == "'=1+1"
