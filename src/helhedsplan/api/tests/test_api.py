"""The API through the test client: who gets in with what, what they see, and how it answers
(errors, conditional reads, throttling)."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import ApiToken, ApiTokenScope, FeedToken
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.api.common import throttle
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.counselling.tests.helpers import local, register

PROGRAMMES = "/api/v1/programmes"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def _programmes(world: World) -> str:
    return f"{PROGRAMMES}/{world.programme.slug}"


def _error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content
    body = json.loads(response.content)
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]


# Authentication ------------------------------------------------------------------------


def test_a_token_reads_what_its_person_reads(client: Client, world: World) -> None:
    secret = a_token(world.user("board"))
    response = client.get(PROGRAMMES, headers=bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [p["slug"] for p in body["items"]] == [world.programme.slug]
    assert {e["name"] for e in body["items"][0]["estates"]} == {"Nøjsomhed", "Vapnagaard"}


def test_without_a_token_the_answer_is_401_in_json(client: Client, world: World) -> None:
    response = client.get(PROGRAMMES)
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"


def test_errors_speak_the_clients_language(client: Client, world: World) -> None:
    danish = _error(client.get(PROGRAMMES))
    english = _error(client.get(PROGRAMMES, headers={"Accept-Language": "en-GB,en;q=0.8"}))
    assert danish["message"].startswith("Log ind")
    assert english["message"].startswith("Log in")
    assert danish["code"] == english["code"]


@pytest.mark.parametrize("secret", ["hp_unknown", "", "hp_" + "x" * 43])
def test_an_unknown_token_is_refused(client: Client, world: World, secret: str) -> None:
    a_token(world.user("board"))
    response = client.get(PROGRAMMES, headers=bearer(secret))
    assert response.status_code == 401


def test_only_the_digest_is_stored(world: World) -> None:
    secret = a_token(world.user("board"))
    stored = ApiToken.objects.get()
    assert stored.digest == FeedToken.digest_of(secret)
    assert secret not in str(list(ApiToken.objects.values()))
    # 256 random bits after the prefix.
    assert re.fullmatch(r"hp_[A-Za-z0-9_-]{43}", secret)


def test_a_revoked_token_stops_at_once(client: Client, world: World) -> None:
    secret = a_token(world.user("board"))
    assert client.get(PROGRAMMES, headers=bearer(secret)).status_code == 200
    account_services.api_token_revoke(token=ApiToken.objects.get())
    response = client.get(PROGRAMMES, headers=bearer(secret))
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_token"


def test_an_expired_token_is_refused(client: Client, world: World) -> None:
    secret = a_token(world.user("board"), days=30, now=timezone.now() - datetime.timedelta(days=31))
    assert client.get(PROGRAMMES, headers=bearer(secret)).status_code == 401


def test_a_deactivated_persons_token_is_refused(client: Client, world: World) -> None:
    secret = a_token(world.user("board"))
    account_services.user_set_active(user=world.user("board"), active=False)
    assert client.get(PROGRAMMES, headers=bearer(secret)).status_code == 401


def test_a_withdrawn_role_closes_the_programme(client: Client, world: World) -> None:
    board = world.user("board")
    secret = a_token(board)
    account_services.membership_revoke(membership=board.memberships.get())
    assert client.get(_programmes(world), headers=bearer(secret)).status_code == 403
    assert client.get(PROGRAMMES, headers=bearer(secret)).json()["count"] == 0


def test_a_token_reaches_only_the_programmes_it_names(client: Client, world: World) -> None:
    secret = a_token(world.user("superuser"), world.other_programme)
    listed = client.get(PROGRAMMES, headers=bearer(secret)).json()
    assert [p["slug"] for p in listed["items"]] == [world.other_programme.slug]
    response = client.get(_programmes(world), headers=bearer(secret))
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


def test_a_token_cannot_name_a_programme_its_person_does_not_read(world: World) -> None:
    with pytest.raises(Exception, match="dine indsatser"):
        a_token(world.user("staff"), world.other_programme)


def test_last_used_is_written_at_most_once_a_minute(client: Client, world: World) -> None:
    secret = a_token(world.user("board"))
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    client.get(PROGRAMMES, headers=bearer(secret))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.update(last_used_at=recent)
    client.get(PROGRAMMES, headers=bearer(secret))
    assert ApiToken.objects.get().last_used_at == recent
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=stale)
    client.get(PROGRAMMES, headers=bearer(secret))
    last_used = ApiToken.objects.get().last_used_at
    assert last_used is not None and last_used > stale


def test_a_session_reads_too(client: Client, world: World) -> None:
    client.force_login(world.user("board"))
    assert client.get(PROGRAMMES).status_code == 200


# Errors --------------------------------------------------------------------------------


def test_an_unknown_address_is_404_in_json(client: Client, world: World) -> None:
    secret = a_token(world.user("board"))
    response = client.get("/api/v1/nothing/here", headers=bearer(secret))
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"
    response = client.get(f"{PROGRAMMES}/no-such-programme", headers=bearer(secret))
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_method_an_address_does_not_take_is_405_in_json(client: Client, world: World) -> None:
    response = client.delete(PROGRAMMES, headers=bearer(a_token(world.user("board"))))
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "query",
    ["?limit=0", "?limit=abc", "?offset=-1", "?limit=100000", "?offset=99999999999999999999"],
)
def test_bad_paging_is_422_naming_the_parameter(client: Client, world: World, query) -> None:
    response = client.get(PROGRAMMES + query, headers=bearer(a_token(world.user("board"))))
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid"
    assert error["fields"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    "path",
    [
        "/events?date_from=0001-01-01",
        "/events?date_to=9999-12-31",
        "/events?estate=99999999999999999999",
        "/events/99999999999999999999",
        "/events?date_from=²",
        "/status?year=²",
        "/status",
    ],
)
def test_out_of_range_parameters_are_422_not_500(client: Client, world: World, path) -> None:
    response = client.get(_programmes(world) + path, headers=bearer(a_token(world.user("board"))))
    assert response.status_code == 422
    assert _error(response)["code"] == "invalid"


# Conditional reads and throttling -----------------------------------------------------


def test_a_read_sends_an_etag_and_answers_if_none_match_with_304(
    client: Client, world: World
) -> None:
    headers = bearer(a_token(world.user("board")))
    first = client.get(PROGRAMMES, headers=headers)
    etag = first["ETag"]
    again = client.get(PROGRAMMES, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    world.programme.estates.filter(name="Nøjsomhed").update(tenancies=470)
    changed = client.get(PROGRAMMES, headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_answers_are_kept_out_of_shared_caches(client: Client, world: World) -> None:
    response = client.get(PROGRAMMES, headers=bearer(a_token(world.user("board"))))
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_each_token_is_throttled_on_its_own(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle, "num_requests", 2)
    busy = bearer(a_token(world.user("board")))
    other = bearer(a_token(world.user("board")))
    assert [client.get(PROGRAMMES, headers=busy).status_code for _ in range(2)] == [200, 200]
    refused = client.get(PROGRAMMES, headers=busy)
    assert refused.status_code == 429
    assert _error(refused)["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert client.get(PROGRAMMES, headers=other).status_code == 200


# What each person sees ----------------------------------------------------------------


def test_inquiries_only_for_those_who_list_them_in_their_estates(
    client: Client, world: World
) -> None:
    register(world.nojsomhed, ["Kost"], by=world.user("secretariat_head"))
    register(world.vapnagaard, ["Kost"], by=world.user("staff"))
    path = _programmes(world) + "/inquiries"

    def estates_seen(who: str) -> list[int] | int:
        response = client.get(path, headers=bearer(a_token(world.user(who))))
        if response.status_code != 200:
            return response.status_code
        return sorted(item["estate"] for item in response.json()["items"])

    both = sorted([world.nojsomhed.pk, world.vapnagaard.pk])
    assert estates_seen("secretariat_head") == both
    assert estates_seen("staff") == [world.vapnagaard.pk]
    assert estates_seen("vapnagaard_head") == [world.vapnagaard.pk]
    assert estates_seen("board") == 403
    assert estates_seen("working_group") == 403


def test_the_mapping_hides_small_counts_of_estates_not_ones_own(
    client: Client, world: World
) -> None:
    register(world.nojsomhed, ["Kost"], at=local(2019, 3, 4, 10), by=world.user("staff"))
    path = _programmes(world) + "/counselling/mapping?year=2019"

    def counts(who: str, query: str = "") -> list:
        response = client.get(path + query, headers=bearer(a_token(world.user(who))))
        assert response.status_code == 200
        return [row["count"] for row in response.json()["rows"]]

    assert counts("secretariat_head") == [1]
    assert counts("board") == [None]
    assert counts("vapnagaard_head") == [None]
    assert counts("vapnagaard_head", f"&estate={world.vapnagaard.pk}") == []


def test_the_status_is_what_the_command_prints(client: Client, world: World, capsys) -> None:
    seed_agreement(world.programme)
    response = client.get(
        _programmes(world) + "/status?year=2019", headers=bearer(a_token(world.user("board")))
    )
    assert response.status_code == 200
    call_command("status", programme=world.programme.name, year=2019, json=True)
    printed = json.loads(capsys.readouterr().out)
    assert printed
    assert response.json() == printed


def test_an_agreement_version_is_structured_json(client: Client, world: World) -> None:
    agreement = seed_agreement(world.programme)
    headers = bearer(a_token(world.user("board")))
    listed = client.get(_programmes(world) + "/agreements", headers=headers).json()
    assert [a["id"] for a in listed["items"]] == [agreement.pk]
    number = listed["items"][0]["versions"][0]["number"]
    version = client.get(
        _programmes(world) + f"/agreements/{agreement.pk}/versions/{number}", headers=headers
    ).json()
    document = version["document"]
    assert document["programme"] == world.programme.name
    assert document["activities"] and document["activities"][0]["name"]
    assert isinstance(document["activities"][0]["success_criteria"], list)


# The docs page and the account page ---------------------------------------------------


def test_the_docs_page_loads_nothing_from_other_hosts(client: Client, world: World) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")


def test_a_person_makes_a_token_and_sees_it_once(client: Client, world: World) -> None:
    staff: User = world.user("staff")
    client.force_login(staff)
    response = client.post(
        reverse("accounts:api_token_create"),
        {
            "api-name": "Intranettet",
            "api-scope": "read_write",
            "api-programmes": [world.programme.pk],
            "api-days": "90",
        },
    )
    assert response.status_code == 200
    shown = re.search(r'value="(hp_[^"]+)"', response.content.decode())
    assert shown is not None
    secret = shown.group(1)
    token = ApiToken.objects.get(user=staff)
    assert token.scope == ApiTokenScope.READ_WRITE
    assert list(token.programmes.all()) == [world.programme]
    assert "no-store" in response["Cache-Control"]
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Intranettet" in page and secret not in page
    assert Client().get(PROGRAMMES, headers=bearer(secret)).status_code == 200


def test_a_token_for_a_programme_not_ones_own_is_refused_on_the_page(
    client: Client, world: World
) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("accounts:api_token_create"),
        {
            "api-name": "Andres",
            "api-scope": "read",
            "api-programmes": [world.other_programme.pk],
            "api-days": "90",
        },
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_own_token_only(client: Client, world: World) -> None:
    secret = a_token(world.user("staff"))
    token = ApiToken.objects.get()
    client.force_login(world.user("board"))
    url = reverse("accounts:api_token_revoke", kwargs={"token_id": token.pk})
    assert client.post(url).status_code == 403
    client.force_login(world.user("staff"))
    assert client.post(url).status_code == 302
    assert Client().get(PROGRAMMES, headers=bearer(secret)).status_code == 401
