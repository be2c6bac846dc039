"""The test world shared by every app's tests: one programme, one user per role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Role
from helhedsplan.programmes import services as programme_services
from helhedsplan.programmes.models import Estate, Programme

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    programme: Programme
    nojsomhed: Estate
    vapnagaard: Estate
    other_programme: Programme
    users: dict[str, AbstractUser]

    def user(self, name: str) -> AbstractUser:
        return self.users[name]


# The named people of the test world, by the role they hold in Helsingør Syd.
ROLE_USERS: dict[str, Role] = {
    "administrator": Role.ADMINISTRATOR,
    "secretariat_head": Role.SECRETARIAT_HEAD,
    "staff": Role.STAFF,
    "board": Role.BOARD,
    "working_group": Role.WORKING_GROUP,
    "police": Role.POLICE,
}


def make_programme(name: str = "Helsingør Syd") -> Programme:
    return programme_services.programme_ensure(
        name=name,
        housing_organisation="Boliggården",
        municipality="Helsingør Kommune",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )


def make_user(username: str, **kwargs) -> AbstractUser:
    return account_services.user_create(username=username, password=PASSWORD, **kwargs)


@pytest.fixture
def world(db) -> World:
    programme = make_programme()
    nojsomhed = programme_services.estate_ensure(
        programme=programme, name="Nøjsomhed", tenancies=464
    )
    vapnagaard = programme_services.estate_ensure(
        programme=programme, name="Vapnagaard", tenancies=1741
    )
    other = make_programme("Korsløkken")
    programme_services.estate_ensure(programme=other, name="Korsløkken", tenancies=600)
    users: dict[str, AbstractUser] = {}
    for name, role in ROLE_USERS.items():
        users[name] = make_user(name)
        estates = [vapnagaard] if role in {Role.STAFF, Role.POLICE} else []
        account_services.membership_grant(
            user=users[name], programme=programme, role=role, estates=estates
        )
    users["outsider"] = make_user("outsider")
    account_services.membership_grant(user=users["outsider"], programme=other, role=Role.STAFF)
    users["superuser"] = make_user("superuser", is_superuser=True)
    return World(
        programme=programme,
        nojsomhed=nojsomhed,
        vapnagaard=vapnagaard,
        other_programme=other,
        users=users,
    )
