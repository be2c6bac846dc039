from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventType, EventTypeCode
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services
from helhedsplan.media.forms import text_fingerprint
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone, ToneSource
from helhedsplan.media.tests.factories import a_mention, an_outlet

HEADLINE = "Politiet efterforsker skyderi ved Nøjsomhedsvej"


def _url(world: World, name: str, **kwargs) -> str:
    return reverse(f"media:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def _form(world: World, **overrides) -> dict:
    return {
        "published_on": "14.03.2019",
        "outlet": an_outlet(world).pk,
        "headline": HEADLINE,
        "excerpt": "",
        "url": "",
        # The staff member's own estate: they register the press of Vapnagaard.
        "estates": [world.vapnagaard.pk],
        **overrides,
    }


def test_suggesting_shows_the_tone_and_its_words_before_anything_is_saved(
    client, world: World
) -> None:
    client.force_login(world.user("staff"))
    first = client.get(_url(world, "mention_create"))
    assert "tone" not in first.context["form"].fields

    response = client.post(_url(world, "mention_create"), _form(world, action="suggest"))
    assert response.status_code == 200
    assert not PressMention.objects.exists()
    assert response.context["suggestion"].tone == Tone.NEGATIVE
    assert response.context["suggestion"].reasons == ["skyderi (−3)"]
    form = response.context["form"]
    assert form["tone"].value() == "negative"
    assert form["suggested_for"].value() == text_fingerprint(headline=HEADLINE, excerpt="")
    assert "skyderi (−3)" in response.content.decode()


def test_saving_the_suggested_tone_records_it_as_confirmed(client, world: World) -> None:
    event = an_event(world)
    client.force_login(world.user("staff"))
    response = client.post(
        _url(world, "mention_create"),
        _form(
            world,
            action="save",
            tone="negative",
            event=event.pk,
            suggested_for=text_fingerprint(headline=HEADLINE, excerpt=""),
        ),
    )
    mention = PressMention.objects.get()
    assert response.status_code == 302
    assert response.url == mention.get_absolute_url()
    assert (mention.tone, mention.tone_source) == (Tone.NEGATIVE, ToneSource.CONFIRMED)
    assert list(mention.events.all()) == [event]
    assert mention.registered_by == world.user("staff")
    assert mention.published_on == datetime.date(2019, 3, 14)


def test_saving_another_tone_records_it_as_overridden(client, world: World) -> None:
    client.force_login(world.user("staff"))
    client.post(
        _url(world, "mention_create"),
        _form(
            world,
            action="save",
            tone="neutral",
            suggested_for=text_fingerprint(headline=HEADLINE, excerpt=""),
        ),
    )
    mention = PressMention.objects.get()
    assert (mention.tone, mention.suggested_tone) == (Tone.NEUTRAL, Tone.NEGATIVE)
    assert mention.tone_source == ToneSource.OVERRIDDEN


def test_saving_a_text_whose_suggestion_was_not_shown_shows_it_first(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        _url(world, "mention_create"),
        _form(
            world,
            action="save",
            tone="positive",
            suggested_for=text_fingerprint(headline="En anden overskrift", excerpt=""),
        ),
    )
    assert response.status_code == 200
    assert not PressMention.objects.exists()
    assert response.context["text_changed"] is True
    assert response.context["form"]["tone"].value() == "negative"


def test_bad_input_gives_form_errors_not_a_crash(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        _url(world, "mention_create"),
        _form(
            world,
            action="save",
            published_on="31.02.2019",
            outlet="x",
            estates=["999999"],
            url="javascript:alert(1)",
            tone="furious",
            event="abc",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"published_on", "outlet", "estates", "url", "tone", "event"} <= set(errors)
    assert not PressMention.objects.exists()


def test_editing_a_mention_shows_its_stored_suggestion_and_suggests_anew(
    client, world: World
) -> None:
    mention = a_mention(world, tone=Tone.POSITIVE)
    client.force_login(world.user("secretariat_head"))
    url = _url(world, "mention_update", mention_id=mention.pk)
    page = client.get(url)
    assert page.context["suggestion"].tone == Tone.POSITIVE
    data = _form(
        world,
        action="save",
        tone="positive",
        estates=[world.vapnagaard.pk],
        suggested_for=text_fingerprint(headline=mention.headline, excerpt=""),
    )
    # The headline changed after the suggestion was shown: the new one is shown first.
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["suggestion"].tone == Tone.NEGATIVE
    mention.refresh_from_db()
    assert mention.headline != HEADLINE

    data["suggested_for"] = text_fingerprint(headline=HEADLINE, excerpt="")
    response = client.post(url, data)
    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.headline, mention.suggested_tone) == (HEADLINE, Tone.NEGATIVE)
    assert mention.tone_source == ToneSource.OVERRIDDEN


def test_the_list_filters_and_states_the_years_positive_share(client, world: World) -> None:
    own = list_entry_create(
        model=Outlet,
        programme=world.programme,
        name="Helhedsplanens Facebook-side",
        details={"kind": OutletKind.OWN_CHANNEL},
    )
    day = datetime.date(2019, 5, 1)
    a_mention(world, published_on=day, tone=Tone.POSITIVE)
    a_mention(world, published_on=day, headline="Ny legeplads indviet", tone=Tone.POSITIVE)
    a_mention(world, published_on=day, headline=HEADLINE, tone=Tone.NEGATIVE)
    # Own channels do not count in the share.
    a_mention(world, published_on=day, outlet=own, tone=Tone.POSITIVE)
    a_mention(world, published_on=datetime.date(2020, 5, 1), headline=HEADLINE, tone=Tone.NEGATIVE)
    client.force_login(world.user("board"))

    response = client.get(_url(world, "mention_list"), {"year": "2019"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    [share] = response.context["shares"]
    assert (share.year, share.positive, share.total) == (2019, 2, 3)
    assert (
        "I 2019 var 2 af 3 omtaler positive: 67\N{NO-BREAK SPACE}%, og målet er nået."
        in response.content.decode()
    )

    negative = client.get(_url(world, "mention_list"), {"tone": "negative"})
    assert {m.headline for m in negative.context["page"]} == {HEADLINE}
    assert negative.context["page"].paginator.count == 2
    by_outlet = client.get(_url(world, "mention_list"), {"outlet": own.pk})
    assert by_outlet.context["page"].paginator.count == 1
    by_estate = client.get(_url(world, "mention_list"), {"estate": world.nojsomhed.pk})
    assert by_estate.context["page"].paginator.count == 0
    everything = client.get(_url(world, "mention_list"))
    assert (
        "I 2020 var 0 af 1 omtaler positive: 0\N{NO-BREAK SPACE}%, under målet."
        in everything.content.decode()
    )


def test_a_mention_registered_from_an_event_page_starts_out_covering_the_event(
    client, world: World
) -> None:
    event = an_event(world)
    client.force_login(world.user("staff"))
    response = client.get(_url(world, "mention_create"), {"event": event.pk})
    assert response.context["form"]["event"].value() == event.pk


def test_an_event_to_cover_that_the_programme_does_not_have_is_ignored(
    client, world: World
) -> None:
    elsewhere = event_services.event_create(
        programme=world.other_programme,
        type=EventType.objects.get(code=EventTypeCode.THEME_EVENING),
        title="Temaaften i Korsløkken",
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 17)),
        estates=[world.other_programme.estates.get()],
        created_by=None,
    )
    client.force_login(world.user("superuser"))
    for chosen in ("abc", "-1", "9" * 30, str(elsewhere.pk)):
        response = client.get(_url(world, "mention_create"), {"event": chosen})
        assert response.status_code == 200, chosen
        assert response.context["form"]["event"].value() is None, chosen


def test_a_bad_filter_is_reported_not_obeyed(client, world: World) -> None:
    a_mention(world)
    client.force_login(world.user("staff"))
    response = client.get(_url(world, "mention_list"), {"year": "abc", "tone": "furious"})
    assert response.status_code == 200
    assert {"year", "tone"} <= set(response.context["filters"].errors)
    assert response.context["page"].paginator.count == 1


def test_linking_and_unlinking_from_the_mention_page(client, world: World) -> None:
    mention = a_mention(world)
    event = an_event(world)
    client.force_login(world.user("staff"))
    response = client.post(
        _url(world, "mention_link_event", mention_id=mention.pk), {"link-event": event.pk}
    )
    assert response.url == mention.get_absolute_url()
    assert list(mention.events.all()) == [event]
    page = client.get(mention.get_absolute_url())
    assert event.title in page.content.decode()

    response = client.post(
        _url(world, "mention_unlink_event", mention_id=mention.pk, event_id=event.pk)
    )
    assert response.url == mention.get_absolute_url()
    assert not mention.events.exists()


def test_linking_and_unlinking_from_the_event_page(client, world: World) -> None:
    event = an_event(world)
    mention = a_mention(world, published_on=datetime.date(2019, 3, 14))
    client.force_login(world.user("staff"))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Presseomtale" in page
    assert mention.headline in page  # offered for linking

    response = client.post(
        _url(world, "event_link_mention", event_id=event.pk), {"press-mention": mention.pk}
    )
    assert response.url == event.get_absolute_url()
    assert list(event.press_mentions.all()) == [mention]

    response = client.post(
        _url(world, "mention_unlink_event", mention_id=mention.pk, event_id=event.pk),
        {"back": "event"},
    )
    assert response.url == event.get_absolute_url()
    assert not event.press_mentions.exists()


def test_a_mention_of_another_programme_cannot_be_linked(client, world: World) -> None:
    event = an_event(world)
    client.force_login(world.user("superuser"))
    other = list_entry_create(model=Outlet, programme=world.other_programme, name="Avisen")
    mention = a_mention(
        world,
        programme=world.other_programme,
        outlet=other,
        estates=[world.other_programme.estates.get()],
    )
    response = client.post(
        _url(world, "event_link_mention", event_id=event.pk), {"press-mention": mention.pk}
    )
    assert response.status_code == 302
    assert not event.press_mentions.exists()


def test_readers_see_the_press_on_the_event_page_but_cannot_link(client, world: World) -> None:
    event = an_event(world)
    mention = a_mention(world)
    services.mention_link_event(mention=mention, event=event)
    client.force_login(world.user("board"))
    page = client.get(event.get_absolute_url()).content.decode()
    assert mention.headline in page
    assert "Knyt omtalen" not in page
    response = client.post(
        _url(world, "mention_unlink_event", mention_id=mention.pk, event_id=event.pk)
    )
    assert response.status_code == 403
    assert event.press_mentions.exists()


def test_deleting_a_mention(client, world: World) -> None:
    mention = a_mention(world)
    client.force_login(world.user("staff"))
    response = client.post(_url(world, "mention_delete", mention_id=mention.pk))
    assert response.url == _url(world, "mention_list")
    assert not PressMention.objects.exists()


def test_a_mention_is_not_reached_through_another_programme(client, world: World) -> None:
    mention = a_mention(world)
    client.force_login(world.user("superuser"))
    url = reverse(
        "media:mention_detail",
        kwargs={"slug": world.other_programme.slug, "mention_id": mention.pk},
    )
    assert client.get(url).status_code == 404


def test_the_agreement_page_counts_as_computed_by_hand(client, world: World) -> None:
    positive = "Stor succes med sommerfestival i Helsingør Syd"  # suggested positive
    neutral = "Kulturhus Syd holder generalforsamling"  # suggested neutral
    # chosen tone, suggested tone: 3 × (positive, positive), 1 × (neutral, positive),
    # 1 × (negative, negative), 2 × (neutral, neutral), 1 × (positive, neutral),
    # 1 × (negative, neutral).
    for headline, tone in [
        (positive, Tone.POSITIVE),
        (positive, Tone.POSITIVE),
        (positive, Tone.POSITIVE),
        (positive, Tone.NEUTRAL),
        (HEADLINE, Tone.NEGATIVE),
        (neutral, Tone.NEUTRAL),
        (neutral, Tone.NEUTRAL),
        (neutral, Tone.POSITIVE),
        (neutral, Tone.NEGATIVE),
    ]:
        a_mention(world, headline=headline, tone=tone)
    client.force_login(world.user("administrator"))
    response = client.get(_url(world, "tone_accuracy"))
    accuracy = response.context["accuracy"]
    # 3 + 1 + 2 of 9 agreed.
    assert (accuracy.agreed, accuracy.total) == (6, 9)
    assert [(row.tone, row.total, row.agreed) for row in accuracy.per_tone] == [
        (Tone.POSITIVE, 4, 3),
        (Tone.NEUTRAL, 3, 2),
        (Tone.NEGATIVE, 2, 1),
    ]
    # Rows: chosen tone; columns: suggested positive, neutral, negative.
    assert accuracy.matrix == [
        (Tone.POSITIVE, [3, 1, 0]),
        (Tone.NEUTRAL, [1, 2, 0]),
        (Tone.NEGATIVE, [0, 1, 1]),
    ]
    assert (
        "Forslaget blev bekræftet i 6 af 9 omtaler: 67\N{NO-BREAK SPACE}%."
        in response.content.decode()
    )


def _outlets_url(world: World, action: str, outlet_id: int | None = None) -> str:
    kwargs: dict = {"kind": "outlets", "slug": world.programme.slug}
    if outlet_id is not None:
        kwargs["entry_id"] = outlet_id
    return reverse(f"lists:{action}", kwargs=kwargs)


def test_administrators_keep_the_outlets(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    client.post(
        _outlets_url(world, "create"),
        {"new-name": "Kulturhus Syds nyhedsbrev", "new-kind": "own_channel"},
    )
    outlet = world.programme.outlets.get()
    assert outlet.kind == OutletKind.OWN_CHANNEL
    client.post(
        _outlets_url(world, "rename", outlet.pk),
        {
            f"entry-{outlet.pk}-name": "Kulturhus Syd – nyhedsbrev",
            f"entry-{outlet.pk}-kind": "own_channel",
        },
    )
    client.post(_outlets_url(world, "retire", outlet.pk))
    outlet.refresh_from_db()
    assert (outlet.name, outlet.active) == ("Kulturhus Syd – nyhedsbrev", False)
    client.post(_outlets_url(world, "restore", outlet.pk))
    outlet.refresh_from_db()
    assert outlet.active

    response = client.post(_outlets_url(world, "create"), {"new-name": "", "new-kind": "x"})
    assert response.status_code == 400
    assert world.programme.outlets.count() == 1


def test_staff_cannot_keep_the_outlets(client, world: World) -> None:
    outlet = an_outlet(world)
    client.force_login(world.user("staff"))
    response = client.post(_outlets_url(world, "retire", outlet.pk))
    assert response.status_code == 403
    outlet.refresh_from_db()
    assert outlet.active


def _events_in_menu(response) -> list[str]:
    return [event.title for event in response.context["form"].fields["event"].queryset]


def _evening(world: World, title: str, year: int) -> Event:
    return event_services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=EventTypeCode.THEME_EVENING),
        title=title,
        starts_at=timezone.make_aware(datetime.datetime(year, 5, 20, 17)),
        estates=[world.vapnagaard],
        created_by=None,
    )


def test_a_mention_opened_from_an_event_starts_on_the_events_day(client, world: World) -> None:
    event = an_event(world)  # 12 March 2019
    client.force_login(world.user("staff"))

    response = client.get(_url(world, "mention_create") + f"?event={event.pk}")

    form = response.context["form"]
    assert form["published_on"].value() == datetime.date(2019, 3, 12)
    assert form["event"].value() == event.pk
    assert response.context["event_finder"]["year"].value() == "2019"
    assert 'value="2019-03-12"' in response.content.decode()


@time_machine.travel(datetime.datetime(2021, 9, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_event_menu_of_a_new_mention_is_narrowed_by_year_and_search(
    client, world: World
) -> None:
    _evening(world, "Fællesspisning", 2019)
    _evening(world, "Lektiecafé for de store", 2021)
    _evening(world, "Fællesspisning i haven", 2021)
    client.force_login(world.user("staff"))
    url = _url(world, "mention_create")

    # The running year until another is asked for; then a year, all years, or words.
    assert _events_in_menu(client.get(url)) == ["Lektiecafé for de store", "Fællesspisning i haven"]
    assert _events_in_menu(client.get(url + "?events-year=2019")) == ["Fællesspisning"]
    assert len(_events_in_menu(client.get(url + "?events-year="))) == 3
    searched = client.get(url + "?events-year=&events-q=fællesspisning")
    assert _events_in_menu(searched) == ["Fællesspisning i haven", "Fællesspisning"]
    # The form posts to the page's address: the narrowing stays while it is filled in.
    suggested = client.post(url + "?events-year=2019", _form(world, action="suggest"))
    assert _events_in_menu(suggested) == ["Fællesspisning"]
