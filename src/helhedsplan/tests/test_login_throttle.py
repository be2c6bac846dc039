"""Login throttling per address across usernames, and the client's address behind the proxy
(issue 11, item 3).

django-axes counted failures per username and address only: trying many usernames from one
address was never slowed, and behind the proxy every client shared the proxy's address, so
five bad tries locked a user out for everyone.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, World

PROXY = "10.0.0.1"


def _login(client: Client, username: str, password: str, **headers: Any):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **headers
    )


def test_spraying_usernames_from_one_address_is_locked_out(
    client: Client, world: World, settings
) -> None:
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    sprayer = {"REMOTE_ADDR": "192.0.2.7"}
    for attempt in range(limit - 1):
        assert _login(client, f"guess{attempt}", "wrong", **sprayer).status_code == 200
    response = _login(client, f"guess{limit}", "wrong", **sprayer)
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    # The address is locked out for every username, even with the right password …
    assert _login(client, "staff", PASSWORD, **sprayer).status_code == 429
    # … and no one else is.
    assert _login(client, "staff", PASSWORD, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_a_few_mistakes_from_one_address_lock_out_no_one_else(
    client: Client, world: World, settings
) -> None:
    office = {"REMOTE_ADDR": "192.0.2.9"}
    for username in ["staff", "board", "police"]:
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            assert _login(client, username, "wrong", **office).status_code == 200
    assert _login(client, "working_group", PASSWORD, **office).status_code == 302


def test_behind_the_proxy_two_clients_are_told_apart(
    client: Client, world: World, settings
) -> None:
    settings.BEHIND_PROXY = True
    # The proxy appends the address it saw; what a client sent itself stays to the left.
    mallory = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4, 203.0.113.5"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "staff", "wrong", **mallory).status_code == 200
    assert _login(client, "staff", "wrong", **mallory).status_code == 429
    assert _login(client, "staff", PASSWORD, **mallory).status_code == 429
    # The staff member at another address, through the same proxy, still gets in, even when
    # claiming to be the locked-out address.
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5, 203.0.113.6"}
    assert _login(client, "staff", PASSWORD, **colleague).status_code == 302


def test_without_the_proxy_setting_a_forwarded_address_is_not_believed(
    client: Client, world: World, settings
) -> None:
    settings.BEHIND_PROXY = False
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client,
            "staff",
            "wrong",
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"10.1.1.{attempt}",
        )
    assert _login(client, "staff", PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 429
