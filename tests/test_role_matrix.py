"""Every URL × every role → allowed or denied.

Each issue that adds pages adds its rows here. A row names the URL, how to build its
arguments from the test world, and the roles that may use it; every other role must get 403,
and an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from conftest import ROLE_USERS, World

EVERYONE = frozenset({*ROLE_USERS, "outsider", "superuser"})
ADMINS = frozenset({"administrator", "superuser"})
PROGRAMME_READERS = frozenset(
    {"administrator", "secretariat_head", "staff", "board", "working_group", "superuser"}
)


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict] = field(default=lambda world: {})

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world))


ROUTES = [
    Route("home", EVERYONE),
    Route("accounts:password_change", EVERYONE),
    Route("programmes:detail", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("accounts:user_list", ADMINS),
    Route("accounts:user_create", ADMINS),
    Route("accounts:user_detail", ADMINS, lambda w: {"user_id": w.user("staff").pk}),
    Route("audit:trail", ADMINS),
]

CASES = [(route, who) for route in ROUTES for who in sorted(EVERYONE)]


@pytest.mark.parametrize(("route", "who"), CASES, ids=[f"{r.name}-{w}" for r, w in CASES])
def test_role_matrix(client, world: World, route: Route, who: str) -> None:
    client.force_login(world.user(who))
    response = client.get(route.url(world))
    expected = 200 if who in route.allowed else 403
    assert response.status_code == expected, f"{who} on {route.name}"


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_anonymous_visitors_are_sent_to_login(client, world: World, route: Route) -> None:
    response = client.get(route.url(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
