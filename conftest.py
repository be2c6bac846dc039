"""The test world shared by every app's tests: one programme, one user per role."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from pypdf import PdfReader
from pytest_django import DjangoDbBlocker

from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Organisation, Role
from helhedsplan.demo import load_demo
from helhedsplan.programmes import services as programme_services
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _files_in_memory(settings) -> None:
    """Uploaded files go to a fresh in-memory storage in each test, never the data directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _nothing_counted() -> None:
    """Django's cache lives as long as the test process, and the throttles of public pages
    count in it (``core/throttle.py``): every test starts with nothing counted."""
    cache.clear()


@dataclass
class World:
    programme: Programme
    nojsomhed: Estate
    vapnagaard: Estate
    other_programme: Programme
    users: dict[str, User]

    def user(self, name: str) -> User:
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
# Staff and police work in Vapnagaard only; so does this secretariat head, for the estate
# limits bind every role (issue 10): objects of Nøjsomhed are not theirs to change.
ESTATE_LIMITED: dict[str, Role] = {"vapnagaard_head": Role.SECRETARIAT_HEAD}
# The partners (issue 14): the municipality's contact and the police's, each seeing only the
# resident panel's actions assigned to their organisation.
PARTNERS: dict[str, Organisation] = {
    "partner": Organisation.MUNICIPALITY,
    "police_partner": Organisation.POLICE,
}
# Everyone the role matrix asks: the people of the programme, the staff member of another
# programme and a superuser.
PEOPLE = frozenset({*ROLE_USERS, *ESTATE_LIMITED, *PARTNERS, "outsider", "superuser"})


def pdf_text(content: bytes) -> str:
    """The text of a PDF a person would read, its words joined by single spaces."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


def make_programme(name: str = "Helsingør Syd") -> Programme:
    return programme_services.programme_ensure(
        name=name,
        housing_organisation="Boliggården",
        municipality="Helsingør Kommune",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )


def make_user(username: str, **kwargs) -> User:
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
    users: dict[str, User] = {}
    for name, role in ROLE_USERS.items():
        users[name] = make_user(name)
        estates = [vapnagaard] if role in {Role.STAFF, Role.POLICE} else []
        account_services.membership_grant(
            user=users[name], programme=programme, role=role, estates=estates
        )
    for name, role in ESTATE_LIMITED.items():
        users[name] = make_user(name)
        account_services.membership_grant(
            user=users[name], programme=programme, role=role, estates=[vapnagaard]
        )
    for name, organisation in PARTNERS.items():
        users[name] = make_user(name)
        account_services.membership_grant(
            user=users[name],
            programme=programme,
            role=Role.PARTNER,
            organisation=organisation,
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


class SharedDemo:
    """The whole demo, loaded at most once per test process for the tests that read it.

    Loading the demo takes seconds. It is loaded in a transaction that stays open while the
    tests that ask for ``demo`` run, each of them in a savepoint of its own that is rolled
    back, so a test that writes leaves the demo as it found it. Before any other test the
    transaction is rolled back, so no other test ever sees the demo. The tests that ask for
    it run first (``pytest_collection_modifyitems``), so they run one after the other and,
    with xdist, in the first batch of one process: the demo is loaded once.
    """

    def __init__(self) -> None:
        self._transaction: transaction.Atomic | None = None
        self._blocker: DjangoDbBlocker | None = None

    def load(self, blocker: DjangoDbBlocker) -> None:
        if self._transaction is not None:
            return
        if connection.in_atomic_block:
            raise RuntimeError("ask for the demo fixture before db: the demo goes underneath")
        with blocker.unblock():
            self._blocker = blocker
            self._transaction = transaction.atomic()
            self._transaction.__enter__()
            try:
                load_demo()
                # Running the demo again must add nothing: the tests read what two runs leave.
                load_demo()
            except BaseException:
                self.drop()
                raise

    def drop(self) -> None:
        if self._transaction is None or self._blocker is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._transaction.__exit__(None, None, None)
        self._transaction = None


SHARED_DEMO = SharedDemo()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: "demo" not in getattr(item, "fixturenames", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if "demo" not in getattr(item, "fixturenames", ()):
        SHARED_DEMO.drop()


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker: DjangoDbBlocker) -> Iterator[SharedDemo]:
    yield SHARED_DEMO
    SHARED_DEMO.drop()


@pytest.fixture
def _demo_loaded(_shared_demo: SharedDemo, django_db_blocker: DjangoDbBlocker) -> None:
    _shared_demo.load(django_db_blocker)


# pytest sets up a fixture's arguments in order: the demo is loaded before db opens the test's
# own transaction on top of it.
@pytest.fixture
def demo(_demo_loaded: None, db: None) -> Programme:
    """The demo programme, Helsingør Syd, with the whole demo loaded (see ``SharedDemo``)."""
    return Programme.objects.get(name=DEMO_PROGRAMME)
