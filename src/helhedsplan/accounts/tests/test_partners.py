"""The partner role (issue 14): a partner's membership names their organisation, no other
membership does; the user pages and ``createuser`` take it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import World, make_user
from helhedsplan.accounts import access, services
from helhedsplan.accounts.models import Organisation, Role
from helhedsplan.accounts.permissions import Action

User = get_user_model()


def test_a_partner_role_needs_an_organisation_and_no_other_role_takes_one(world: World) -> None:
    user = make_user("karen")
    with pytest.raises(ValidationError) as refused:
        services.membership_grant(user=user, programme=world.programme, role=Role.PARTNER)
    assert "organisation" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_grant(
            user=user,
            programme=world.programme,
            role=Role.STAFF,
            organisation=Organisation.MUNICIPALITY,
        )

    membership = services.membership_grant(
        user=user,
        programme=world.programme,
        role=Role.PARTNER,
        organisation=Organisation.MUNICIPALITY,
    )

    assert membership.organisation == Organisation.MUNICIPALITY
    assert access.organisations_where(user, world.programme, Action.UPDATE_OWN_ACTIONS) == {
        Organisation.MUNICIPALITY
    }
    assert not access.may_view_programme(user, world.programme)


def test_the_administrator_creates_a_partner_with_their_organisation(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    form = {
        "user-username": "karen",
        "user-password1": "en-lang-og-sikker-kode",
        "user-password2": "en-lang-og-sikker-kode",
        "role-programme": world.programme.pk,
        "role-role": Role.PARTNER,
    }

    refused = client.post(reverse("accounts:user_create"), form)
    assert refused.status_code == 200
    assert "Vælg den organisation, samarbejdspartneren kommer fra." in refused.content.decode()
    assert not User.objects.filter(username="karen").exists()

    client.post(reverse("accounts:user_create"), form | {"role-organisation": "municipality"})
    membership = User.objects.get(username="karen").memberships.get()
    assert (membership.role, membership.organisation) == (Role.PARTNER, "municipality")


def test_createuser_takes_a_partner_s_organisation(world: World, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("en-lang-og-sikker-kode\n"))
    with pytest.raises(CommandError, match="--organisation"):
        call_command("createuser", "karen", "--role=partner", "--programme=Helsingør Syd")

    call_command(
        "createuser",
        "karen",
        "--role=partner",
        "--organisation=police",
        "--programme=Helsingør Syd",
        "--password-stdin",
        stdout=io.StringIO(),
    )

    assert User.objects.get(username="karen").memberships.get().organisation == "police"
