from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import World
from helhedsplan.core.lists.services import list_entry_retire
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media import services
from helhedsplan.media.models import PressMention, Tone, ToneSource
from helhedsplan.media.tests.factories import a_mention

POSITIVE_HEADLINE = "Stor succes med sommerfestival i Helsingør Syd"
NEGATIVE_HEADLINE = "Politiet efterforsker skyderi ved Nøjsomhedsvej"


def test_registering_stores_the_suggestion_and_that_the_person_agreed(world: World) -> None:
    mention = a_mention(world, headline=POSITIVE_HEADLINE, tone=Tone.POSITIVE)
    mention.refresh_from_db()
    assert mention.suggested_tone == Tone.POSITIVE
    assert mention.suggestion_score > 1
    assert any("succes" in reason for reason in mention.suggestion_reasons)
    assert mention.tone == Tone.POSITIVE
    assert mention.tone_source == ToneSource.CONFIRMED
    assert mention.registered_by == world.user("staff")


def test_choosing_another_tone_than_suggested_is_recorded_as_overridden(world: World) -> None:
    mention = a_mention(world, headline=NEGATIVE_HEADLINE, tone=Tone.NEUTRAL)
    mention.refresh_from_db()
    assert mention.suggested_tone == Tone.NEGATIVE
    assert mention.tone == Tone.NEUTRAL
    assert mention.tone_source == ToneSource.OVERRIDDEN


def test_the_excerpt_counts_in_the_suggestion(world: World) -> None:
    mention = a_mention(
        world,
        headline="Nyt fra Vapnagaard",
        excerpt="Politiet efterforsker et skyderi, og beboerne er utrygge.",
        tone=Tone.NEGATIVE,
    )
    assert mention.suggested_tone == Tone.NEGATIVE
    assert mention.tone_source == ToneSource.CONFIRMED


def _update(mention: PressMention, **changes) -> PressMention:
    details = {
        "published_on": mention.published_on,
        "outlet": mention.outlet,
        "headline": mention.headline,
        "excerpt": mention.excerpt,
        "url": mention.url,
        "estates": list(mention.estates.all()),
        "tone": Tone(mention.tone),
        **changes,
    }
    return services.mention_update(mention=mention, **details)


def test_changing_the_text_suggests_anew(world: World) -> None:
    mention = a_mention(world, headline=POSITIVE_HEADLINE, tone=Tone.POSITIVE)
    _update(mention, headline=NEGATIVE_HEADLINE)
    mention.refresh_from_db()
    assert mention.suggested_tone == Tone.NEGATIVE
    assert mention.suggestion_reasons == ["skyderi (−3)"]
    # The person kept "positive", which now goes against the new suggestion.
    assert mention.tone_source == ToneSource.OVERRIDDEN


def test_changing_only_the_tone_keeps_the_suggestion(world: World) -> None:
    mention = a_mention(world, headline=POSITIVE_HEADLINE, tone=Tone.POSITIVE)
    reasons = mention.suggestion_reasons
    _update(mention, tone=Tone.NEUTRAL)
    mention.refresh_from_db()
    assert (mention.suggested_tone, mention.suggestion_reasons) == (Tone.POSITIVE, reasons)
    assert (mention.tone, mention.tone_source) == (Tone.NEUTRAL, ToneSource.OVERRIDDEN)


def test_a_mention_needs_an_estate_of_its_programme(world: World) -> None:
    other_estate = world.other_programme.estates.get()
    with pytest.raises(ValidationError) as caught:
        a_mention(world, estates=[other_estate])
    assert "estates" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        a_mention(world, estates=[])
    assert "estates" in caught.value.message_dict
    assert not PressMention.objects.exists()


def test_only_web_addresses_are_accepted_as_links(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        a_mention(world, url="javascript:alert(1)")
    assert "url" in caught.value.message_dict
    with pytest.raises(ValidationError):
        a_mention(world, url="ftp://example.dk/artikel")
    mention = a_mention(world, url="https://hsd.dk/artikel/1")
    assert mention.url == "https://hsd.dk/artikel/1"


def test_a_retired_outlet_is_kept_by_old_mentions_but_not_offered_to_new(world: World) -> None:
    mention = a_mention(world)
    list_entry_retire(entry=mention.outlet)
    _update(mention, headline="Ny legeplads indviet i Vapnagaard")
    with pytest.raises(ValidationError) as caught:
        a_mention(world)
    assert "outlet" in caught.value.message_dict


def test_linking_and_unlinking_an_event(world: World) -> None:
    mention = a_mention(world)
    event = an_event(world)
    services.mention_link_event(mention=mention, event=event)
    services.mention_link_event(mention=mention, event=event)
    assert list(mention.events.all()) == [event]
    services.mention_unlink_event(mention=mention, event=event)
    assert not mention.events.exists()


def test_an_event_of_another_programme_cannot_be_linked(world: World) -> None:
    mention = a_mention(world)
    event = an_event(world)
    event.programme = world.other_programme
    event.save()
    with pytest.raises(ValidationError):
        services.mention_link_event(mention=mention, event=event)
    assert not mention.events.exists()


def test_deleting_a_mention_keeps_its_history(world: World) -> None:
    mention = a_mention(world)
    pk = mention.pk
    services.mention_delete(mention=mention)
    assert not PressMention.objects.filter(pk=pk).exists()
    assert PressMention.history.filter(id=pk, history_type="-").exists()


def test_the_database_refuses_a_tone_source_that_contradicts_the_tones(world: World) -> None:
    mention = a_mention(world, tone=Tone.POSITIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        PressMention.objects.filter(pk=mention.pk).update(tone_source=ToneSource.OVERRIDDEN)
