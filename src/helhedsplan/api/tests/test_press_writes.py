"""Press mentions written through the API: the press form and services of the pages, the tone
as the person's choice next to the suggestion (or the suggestion accepted), the caller's
estates, and an Idempotency-Key that never writes twice."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.accounts.models import ApiTokenScope
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.core.lists.services import list_entry_create, list_entry_retire
from helhedsplan.events.models import Event, EventStatus
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services
from helhedsplan.media.models import Outlet, PressMention, ToneSource
from helhedsplan.media.tests.factories import a_mention, an_outlet
from helhedsplan.media.tone import Tone

HEADLINE = "Stor succes med sommerfestival i Vapnagaard"
EXCERPT = "Hundredvis af beboere mødte op til en glad dag i gården."


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def _send(client: Client, method: str, path: str, body: dict | None, secret: str, **headers):
    return getattr(client, method)(
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=bearer(secret) | headers,
    )


def _writer(world: World, who: str = "staff") -> str:
    return a_token(world.user(who), scope=ApiTokenScope.READ_WRITE)


def _press(world: World, rest: str = "") -> str:
    return f"/api/v1/programmes/{world.programme.slug}/press{rest}"


def _mention(world: World, **changes) -> dict:
    return {
        "published_on": "2019-06-02",
        "outlet": an_outlet(world).pk,
        "headline": HEADLINE,
        "excerpt": EXCERPT,
        "url": "https://example.dk/sommerfest",
        "estates": [world.vapnagaard.pk],
        **changes,
    }


def _other_than(tone: Tone) -> Tone:
    return Tone.NEGATIVE if tone != Tone.NEGATIVE else Tone.POSITIVE


def test_without_a_tone_the_suggestion_is_stored_as_if_accepted(
    client: Client, world: World
) -> None:
    suggestion = services.tone_suggestion(headline=HEADLINE, excerpt=EXCERPT)
    response = _send(client, "post", _press(world), _mention(world), _writer(world))
    assert response.status_code == 201, response.content
    mention = PressMention.objects.get()
    assert response.json()["id"] == mention.pk
    assert (mention.tone, mention.suggested_tone) == (suggestion.tone, suggestion.tone)
    assert mention.tone_source == ToneSource.CONFIRMED
    assert mention.suggestion_score == suggestion.score
    assert mention.suggestion_reasons == suggestion.reasons
    assert mention.registered_by == world.user("staff")
    assert response.json()["tone_source"] == ToneSource.CONFIRMED


def test_a_chosen_tone_is_stored_next_to_the_suggestion(client: Client, world: World) -> None:
    suggested = services.tone_suggestion(headline=HEADLINE, excerpt=EXCERPT).tone
    chosen = _other_than(suggested)
    body = _mention(world, tone=chosen.value)
    response = _send(client, "post", _press(world), body, _writer(world))
    assert response.status_code == 201, response.content
    mention = PressMention.objects.get()
    assert (mention.tone, mention.suggested_tone) == (chosen, suggested)
    assert mention.tone_source == ToneSource.OVERRIDDEN
    assert response.json()["tone"] == chosen.value
    assert response.json()["suggested_tone"] == suggested.value


def test_the_suggestion_is_shown_without_storing_anything(client: Client, world: World) -> None:
    secret = a_token(world.user("staff"), scope=ApiTokenScope.READ)
    response = client.get(
        _press(world, "/tone-suggestion"),
        {"headline": HEADLINE, "excerpt": EXCERPT},
        headers=bearer(secret),
    )
    assert response.status_code == 200, response.content
    assert response.json() == services.tone_suggestion(headline=HEADLINE, excerpt=EXCERPT).as_json()
    blank = client.get(_press(world, "/tone-suggestion"), {"headline": " "}, headers=bearer(secret))
    assert blank.status_code == 422
    assert blank.json()["error"]["fields"][0]["loc"] == ["query", "headline"]
    assert not PressMention.objects.exists()


def test_the_outlet_is_named_by_id_or_exact_name(client: Client, world: World) -> None:
    outlet = an_outlet(world)
    retired = list_entry_create(model=Outlet, programme=world.programme, name="Ugebladet")
    list_entry_retire(entry=retired)
    secret = a_token(world.user("staff"), scope=ApiTokenScope.READ)
    listed = client.get(
        f"/api/v1/programmes/{world.programme.slug}/outlets", headers=bearer(secret)
    )
    assert listed.status_code == 200, listed.content
    assert listed.json()["items"] == [{"id": outlet.pk, "name": outlet.name, "kind": outlet.kind}]
    writer = _writer(world)
    response = _send(client, "post", _press(world), _mention(world, outlet=outlet.name), writer)
    assert response.status_code == 201, response.content
    assert response.json()["outlet_id"] == outlet.pk
    for wrong in ("helsingør dagblad", "Ugebladet", retired.pk):
        refused = _send(client, "post", _press(world), _mention(world, outlet=wrong), writer)
        assert refused.status_code == 422, (wrong, refused.content)
        assert refused.json()["error"]["fields"][0]["loc"] == ["body", "outlet"]
    assert PressMention.objects.count() == 1


def test_an_unknown_outlet_is_refused_in_danish_and_english(client: Client, world: World) -> None:
    body = _mention(world, outlet=999_999)
    secret = _writer(world)
    danish = _send(client, "post", _press(world), body, secret)
    english = _send(client, "post", _press(world), body, secret, **{"Accept-Language": "en"})
    assert danish.status_code == english.status_code == 422
    assert danish.json() == {
        "error": {
            "code": "invalid",
            "message": "Forespørgslen er ugyldig.",
            "fields": [
                {
                    "loc": ["body", "outlet"],
                    "message": "Marker en gyldig valgmulighed. Det valg, du har foretaget, er "
                    "ikke blandt de tilgængelige valgmuligheder.",
                }
            ],
        }
    }
    assert english.json() == {
        "error": {
            "code": "invalid",
            "message": "The request is invalid.",
            "fields": [
                {
                    "loc": ["body", "outlet"],
                    "message": "Select a valid choice. That choice is not one of the available "
                    "choices.",
                }
            ],
        }
    }
    assert not PressMention.objects.exists()


def test_a_nul_character_is_refused_before_anything_is_looked_up(
    client: Client, world: World
) -> None:
    """PostgreSQL cannot hold it, SQLite can: refused alike on both, not a 500 on one."""
    mention = a_mention(world)
    secret = _writer(world)
    patched = _send(client, "patch", _press(world, f"/{mention.pk}"), {"outlet": "P\x00"}, secret)
    nested = _send(client, "post", _press(world), {**_mention(world), "x": [{"y": "\x00"}]}, secret)
    listed = client.get(_press(world), {"q": "a\x00"}, headers=bearer(secret))
    assert patched.status_code == nested.status_code == listed.status_code == 400
    assert PressMention.objects.count() == 1


def test_a_retry_with_its_key_answers_the_first_result(client: Client, world: World) -> None:
    secret = _writer(world)
    key = {"Idempotency-Key": "presse-1"}
    first = _send(client, "post", _press(world), _mention(world), secret, **key)
    again = _send(client, "post", _press(world), _mention(world), secret, **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PressMention.objects.count() == 1
    other = _mention(world, headline="Ny legeplads i Vapnagaard")
    reused = _send(client, "post", _press(world), other, secret, **key)
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key"
    assert PressMention.objects.count() == 1


def test_an_estate_limited_person_is_refused_as_on_the_page(client: Client, world: World) -> None:
    body = _mention(world, estates=[world.nojsomhed.pk])
    response = _send(client, "post", _press(world), body, _writer(world))
    assert response.status_code == 422
    [field] = response.json()["error"]["fields"]
    assert field["loc"] == ["body", "estates"]
    client.force_login(world.user("staff"))
    page = client.post(
        reverse("media:mention_create", kwargs={"slug": world.programme.slug}),
        {**body, "published_on": "02.06.2019", "action": "suggest"},
    )
    assert page.status_code == 400
    assert page.context["form"].errors["estates"] == [field["message"]]
    assert not PressMention.objects.exists()
    joint = _mention(world, estates=[world.nojsomhed.pk, world.vapnagaard.pk])
    assert _send(client, "post", _press(world), joint, _writer(world)).status_code == 201


def test_a_new_mention_covers_events_that_took_place(client: Client, world: World) -> None:
    event = an_event(world)
    cancelled = an_event(world)
    Event.objects.filter(pk=cancelled.pk).update(status=EventStatus.CANCELLED)
    secret = _writer(world)
    refused = _send(
        client, "post", _press(world), _mention(world, events=[event.pk, cancelled.pk]), secret
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["loc"] == ["body", "events"]
    assert not PressMention.objects.exists()
    response = _send(client, "post", _press(world), _mention(world, events=[event.pk]), secret)
    assert response.status_code == 201, response.content
    assert response.json()["events"] == [event.pk]


def test_a_mention_is_changed_as_its_edit_form_does(client: Client, world: World) -> None:
    mention = a_mention(world, headline=HEADLINE, excerpt=EXCERPT)
    stored = services.tone_suggestion(headline=HEADLINE, excerpt=EXCERPT).tone
    secret = _writer(world)
    path = _press(world, f"/{mention.pk}")
    # The tone alone: the text and its suggestion stay.
    chosen = _other_than(stored)
    response = _send(client, "patch", path, {"tone": chosen.value}, secret)
    assert response.status_code == 200, response.content
    mention.refresh_from_db()
    assert (mention.tone, mention.suggested_tone, mention.tone_source) == (
        chosen,
        stored,
        ToneSource.OVERRIDDEN,
    )
    assert mention.headline == HEADLINE
    # A new text without a tone: its suggestion is stored as the tone, as when accepted.
    headline = "Hærværk og uro skaber utryghed i Vapnagaard"
    suggestion = services.tone_suggestion(headline=headline, excerpt="")
    response = _send(client, "patch", path, {"headline": headline, "excerpt": ""}, secret)
    assert response.status_code == 200, response.content
    mention.refresh_from_db()
    assert (mention.headline, mention.excerpt) == (headline, "")
    assert (mention.tone, mention.suggested_tone) == (suggestion.tone, suggestion.tone)
    assert mention.tone_source == ToneSource.CONFIRMED
    assert response.json()["outlet"] == an_outlet(world).name


def test_the_estate_limits_hold_for_changes(client: Client, world: World) -> None:
    secret = _writer(world)
    theirs = a_mention(world)
    moved = _send(
        client, "patch", _press(world, f"/{theirs.pk}"), {"estates": [world.nojsomhed.pk]}, secret
    )
    assert moved.status_code == 422
    assert moved.json()["error"]["fields"][0]["loc"] == ["body", "estates"]
    other = a_mention(world, estates=[world.nojsomhed], registered_by=None)
    path = _press(world, f"/{other.pk}")
    assert _send(client, "patch", path, {"headline": "Nyt"}, secret).status_code == 403
    assert _send(client, "delete", path, None, secret).status_code == 403
    assert list(theirs.estates.all()) == [world.vapnagaard]
    assert PressMention.objects.count() == 2


def test_a_mention_is_deleted_once(client: Client, world: World) -> None:
    mention = a_mention(world)
    secret = _writer(world)
    path = _press(world, f"/{mention.pk}")
    key = {"Idempotency-Key": "slet-1"}
    first = _send(client, "delete", path, None, secret, **key)
    assert first.status_code == 200, first.content
    assert first.json()["headline"] == mention.headline
    assert not PressMention.objects.exists()
    again = _send(client, "delete", path, None, secret, **key)
    assert (again.status_code, again.json()) == (200, first.json())
    assert _send(client, "delete", path, None, secret).status_code == 404


def test_events_are_linked_and_unlinked(client: Client, world: World) -> None:
    mention = a_mention(world)
    event = an_event(world)
    secret = _writer(world)
    path = _press(world, f"/{mention.pk}/events")
    key = {"Idempotency-Key": "link-1"}
    linked = _send(client, "post", path, {"event": event.pk}, secret, **key)
    assert linked.status_code == 200, linked.content
    assert linked.json()["events"] == [event.pk]
    # Retried with its key, the first answer; without one, the form finds it linked already.
    again = _send(client, "post", path, {"event": event.pk}, secret, **key)
    assert (again.status_code, again.json()) == (200, linked.json())
    twice = _send(client, "post", path, {"event": event.pk}, secret)
    assert twice.status_code == 422
    assert twice.json()["error"]["fields"][0]["loc"] == ["body", "event"]
    unlinked = _send(client, "delete", f"{path}/{event.pk}", None, secret)
    assert unlinked.status_code == 200, unlinked.content
    assert unlinked.json()["events"] == []
    assert not mention.events.exists()


def test_a_date_that_is_not_iso_is_refused(client: Client, world: World) -> None:
    body = _mention(world, published_on="02.06.2019")
    response = _send(client, "post", _press(world), body, _writer(world))
    assert response.status_code == 422
    assert not PressMention.objects.exists()
