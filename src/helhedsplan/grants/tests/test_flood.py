"""A flood of submissions from one address, as a script would send it: the pool takes the
first few an hour and refuses the rest in Danish, storing nothing of them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.grants.models import Application, ApplicationContact, BudgetLine
from helhedsplan.grants.tests.helpers import a_pool, form_data
from helhedsplan.grants.views import APPLICATIONS_BY_ADDRESS
from helhedsplan.privacy.models import Consent


def test_a_hundred_submissions_from_one_address_store_only_the_hours_allowance(
    client: Client, world: World
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    url = reverse("grants:apply", args=[pool.link_key])
    statuses = [client.post(url, form_data(world.vapnagaard)).status_code for _ in range(100)]
    allowed = APPLICATIONS_BY_ADDRESS.requests
    assert statuses == [302] * allowed + [429] * (100 - allowed)
    refused = client.post(url, form_data(world.vapnagaard))
    assert "for mange ansøgninger fra denne forbindelse" in refused.content.decode()
    assert refused["Retry-After"]
    assert Application.objects.count() == allowed
    assert ApplicationContact.objects.count() == allowed
    assert Consent.objects.count() == allowed
    assert BudgetLine.objects.count() == allowed * 2  # the form's two lines each
