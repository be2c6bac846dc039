"""The resident grant pools through the API: the report and the pools for everyone who may
count the applications; the applications only for their keepers, within their estates, and
never with the contact person."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import World
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.grants.tests.report_world import report_world

pytestmark = pytest.mark.django_db


def _api(world: World, rest: str) -> str:
    return f"/api/v1/programmes/{world.programme.slug}/grants{rest}"


def test_the_report_per_year_matches_the_hand_count(client: Client, world: World) -> None:
    report_world(world)
    headers = bearer(a_token(world.user("working_group")))
    response = client.get(_api(world, "/report"), {"year": 2025}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025
    rows = {row["name"]: row for row in body["rows"]}
    assert rows["Vapnagaard"] == {
        "estate": world.vapnagaard.pk,
        "name": "Vapnagaard",
        "received": 2,
        "grants": 2,
        "rejected": 1,
        "amount_requested": "2469.00",
        "amount_granted": "2234.50",
        "activities_held": 1,
        "participants": 34,
    }
    assert rows["Puljer for hele indsatsen"]["estate"] is None
    total = body["total"]
    assert (total["received"], total["grants"], total["rejected"]) == (4, 3, 1)
    assert (total["amount_requested"], total["amount_granted"]) == ("4938.00", "3469.00")
    assert (total["activities_held"], total["participants"]) == (2, 46)
    assert "Karen" not in response.content.decode()
    refused = client.get(_api(world, "/report"), {"year": 1800}, headers=headers)
    assert refused.status_code == 422


def test_counters_list_the_pools_but_not_the_applications(client: Client, world: World) -> None:
    report_world(world)
    headers = bearer(a_token(world.user("board")))
    pools = client.get(_api(world, "/pools"), headers=headers)
    assert pools.status_code == 200
    assert [pool["name"] for pool in pools.json()["items"]] == [
        "Hele Helsingør Syd",
        "Nøjsomhed",
        "Vapnagaard",
    ]
    assert pools.json()["items"][0]["estate"] is None
    assert "link_key" not in pools.json()["items"][0]
    assert client.get(_api(world, "/applications"), headers=headers).status_code == 403


def test_keepers_list_their_estates_applications_without_the_contact(
    client: Client, world: World
) -> None:
    found = report_world(world).applications
    head = client.get(
        _api(world, "/applications"), headers=bearer(a_token(world.user("secretariat_head")))
    ).json()
    assert head["count"] == 6
    staff = client.get(_api(world, "/applications"), headers=bearer(a_token(world.user("staff"))))
    body = staff.json()
    # Staff of Vapnagaard keep its applications, also in the programme's pool; never
    # Nøjsomhed's.
    assert sorted(item["reference"] for item in body["items"]) == sorted(
        found[key].reference for key in ("A1", "A2", "A3", "A6")
    )
    text = staff.content.decode()
    assert "Karen" not in text and "12345678" not in text and "contact" not in text
    partly = next(item for item in body["items"] if item["reference"] == found["A2"].reference)
    assert partly["status"] == "partly_approved"
    assert partly["amount_requested"] == "1234.50"
    assert partly["decision"] == {
        "outcome": "partly_approved",
        "amount_granted": "1000.00",
        "frame_year": 2025,
        "meeting_on": "2024-01-10",
        "report_due_on": "2025-07-01",
    }
    assert partly["event"] == found["A2"].event_id and partly["mixed_group"] is False
    waiting = next(item for item in body["items"] if item["reference"] == found["A6"].reference)
    assert waiting["decision"] is None and waiting["event"] is None


def test_the_applications_filter(client: Client, world: World) -> None:
    built = report_world(world)
    headers = bearer(a_token(world.user("secretariat_head")))
    url = _api(world, "/applications")

    def references(**query: int | str) -> list[str]:
        return [
            item["reference"] for item in client.get(url, query, headers=headers).json()["items"]
        ]

    assert references(year=2024) == [
        built.applications["A1"].reference,
        built.applications["A5"].reference,
    ]
    assert references(status="rejected") == [built.applications["A3"].reference]
    assert references(pool=built.programme_pool.pk) == [built.applications["A6"].reference]
    assert len(references(estate=world.nojsomhed.pk)) == 2


def test_another_programmes_staff_get_nothing(client: Client, world: World) -> None:
    report_world(world)
    headers = bearer(a_token(world.user("outsider")))
    for rest in ("/report", "/pools", "/applications"):
        assert client.get(_api(world, rest), headers=headers).status_code == 403
