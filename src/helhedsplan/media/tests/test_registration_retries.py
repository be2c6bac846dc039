"""A new press mention saved again after its answer was lost, with the form's key: stored
once. The key is rendered with the form and carried through the tone suggestion step."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.idempotency import FORM_FIELD
from helhedsplan.media.models import PressMention
from helhedsplan.media.tests.factories import an_outlet

HEADLINE = "Politiet efterforsker skyderi ved Nøjsomhedsvej"


def _url(world: World) -> str:
    return reverse("media:mention_create", kwargs={"slug": world.programme.slug})


def test_a_mention_saved_twice_with_its_key_is_stored_once(client, world: World) -> None:
    client.force_login(world.user("staff"))
    key = client.get(_url(world)).context["form"][FORM_FIELD].value()
    data = {
        FORM_FIELD: key,
        "published_on": "14.03.2019",
        "outlet": an_outlet(world).pk,
        "headline": HEADLINE,
        "excerpt": "",
        "url": "",
        "estates": [world.vapnagaard.pk],
        "action": "suggest",
    }
    suggested = client.post(_url(world), data).context["form"]
    assert suggested[FORM_FIELD].value() == key
    saving = {
        **data,
        "action": "save",
        "tone": suggested["tone"].value(),
        "suggested_for": suggested["suggested_for"].value(),
    }
    first = client.post(_url(world), saving)
    again = client.post(_url(world), saving)
    mention = PressMention.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == mention.get_absolute_url()
    changed = client.post(_url(world), {**saving, "headline": "Noget andet"})
    assert changed.status_code == 422
    assert PressMention.objects.count() == 1
