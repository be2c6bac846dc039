"""A bad request gets a Danish 400 or 404 page, never a server error (issue 11, item 3).

A security probe of the running system got HTTP 500 for an unknown ``Host`` header and for a
digit Python reads as a digit but not as a number (``²``: ``"²".isdigit()`` is true, ``int("²")``
fails) in the integer parameters of the forms.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.counselling.tests.helpers import staff_inquiry
from helhedsplan.events.tests.factories import an_event
from helhedsplan.indicators.tests.helpers import an_indicator

# A superscript two, an Arabic-Indic one that int() does read, a number beyond any column, a
# NUL character (refused by PostgreSQL in a query) and a decimal.
BAD_INTEGERS = ["²", "١", "99999999999999999999", "\x00", "1.5"]


def _assert_danish_refusal_or_page(client: Client, url: str, query: dict[str, str]) -> None:
    response = client.get(url, query)
    assert response.status_code in {200, 400, 404}, (url, query, response.status_code)
    page = response.content.decode()
    assert '<html lang="da">' in page
    if response.status_code == 400:
        assert "Forkert forespørgsel" in page
    elif response.status_code == 404:
        assert "Siden findes ikke" in page


@pytest.mark.parametrize("who", ["superuser", "staff", "vapnagaard_head"])
def test_unreadable_integers_in_the_query_are_no_server_error(
    client: Client, world: World, who: str
) -> None:
    client.raise_request_exception = False
    inquiry, event, indicator = staff_inquiry(world), an_event(world), an_indicator(world)
    slug = {"slug": world.programme.slug}
    pages = [
        (reverse("counselling:inquiry_create", kwargs=slug), "like", inquiry.pk),
        (reverse("media:mention_create", kwargs=slug), "event", event.pk),
        (reverse("events:create"), "programme", world.programme.pk),
        (reverse("indicators:detail", kwargs={"indicator_id": indicator.pk}), "year", 2019),
        (reverse("events:list"), "page", 1),
        (reverse("counselling:inquiry_list", kwargs=slug), "page", 1),
        (reverse("counselling:mapping", kwargs=slug), "year", 2019),
    ]
    client.force_login(world.user(who))
    for url, parameter, good in pages:
        _assert_danish_refusal_or_page(client, url, {parameter: str(good)})
        for bad in BAD_INTEGERS:
            _assert_danish_refusal_or_page(client, url, {parameter: bad})


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_host_gets_the_danish_400_page(
    client: Client, world: World, signed_in: bool
) -> None:
    client.raise_request_exception = False
    if signed_in:
        client.force_login(world.user("staff"))
    for path in ["/", reverse("accounts:login"), reverse("events:list")]:
        response = client.get(path, HTTP_HOST="probe.example.com")
        assert response.status_code == 400, path
        page = response.content.decode()
        assert '<html lang="da">' in page and "Forkert forespørgsel" in page
