"""The counselling's categories (topics and referral targets) as managed lists: what their
changes do to inquiries. How every list is kept is tested with the lists (core)."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.counselling.models import Inquiry, Topic
from helhedsplan.counselling.tests.helpers import local, register, topic


def _url(world: World, action: str, kind: str = "topics", entry_id: int | None = None) -> str:
    kwargs: dict = {"kind": kind, "slug": world.programme.slug}
    if entry_id is not None:
        kwargs["entry_id"] = entry_id
    return reverse(f"lists:{action}", kwargs=kwargs)


def test_renaming_shows_the_new_name_on_old_inquiries(client, world: World) -> None:
    inquiry = register(world.vapnagaard, ["Kost"], at=local(2021, 3, 2, 14))[0]
    kost = topic(world.programme, "Kost")
    client.force_login(world.user("administrator"))
    url = _url(world, "rename", entry_id=kost.pk)
    assert client.post(url, {f"entry-{kost.pk}-name": "Kost og motion"}).status_code == 302
    assert [t.name for t in Inquiry.objects.get(pk=inquiry.pk).topics.all()] == ["Kost og motion"]
    listing = client.get(reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug}))
    assert "Kost og motion" in listing.content.decode()
    assert kost.history.first().name == "Kost og motion"


def test_a_rename_to_an_existing_name_is_refused(client, world: World) -> None:
    kost = topic(world.programme, "Kost")
    client.force_login(world.user("administrator"))
    response = client.post(
        _url(world, "rename", entry_id=kost.pk), {f"entry-{kost.pk}-name": "andet"}
    )
    assert response.status_code == 400
    kost.refresh_from_db()
    assert kost.name == "Kost"


def test_a_retired_category_leaves_new_forms_but_stays_on_old_inquiries(
    client, world: World
) -> None:
    inquiry = register(world.vapnagaard, ["Ensomhed"], at=local(2021, 3, 2, 14))[0]
    lonely = topic(world.programme, "Ensomhed")
    client.force_login(world.user("administrator"))
    assert client.post(_url(world, "retire", entry_id=lonely.pk)).status_code == 302
    create = reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug})
    assert lonely not in client.get(create).context["form"].fields["topics"].queryset
    assert [t.name for t in inquiry.topics.all()] == ["Ensomhed"]
    response = client.post(
        create,
        {
            "estate": world.vapnagaard.pk,
            "channel": "drop_in",
            "method": "conversation",
            "occurred_at": "2021-03-02T14:00",
            "topics": [lonely.pk],
        },
    )
    assert response.status_code == 400
    edit = reverse(
        "counselling:inquiry_update",
        kwargs={"slug": world.programme.slug, "inquiry_id": inquiry.pk},
    )
    assert lonely in client.get(edit).context["form"].fields["topics"].queryset
    response = client.post(
        edit,
        {
            "estate": world.vapnagaard.pk,
            "channel": "phone",
            "method": "conversation",
            "occurred_at": "2021-03-02T14:00",
            "topics": [lonely.pk],
        },
    )
    assert response.status_code == 302
    assert client.post(_url(world, "restore", entry_id=lonely.pk)).status_code == 302
    lonely.refresh_from_db()
    assert lonely.active


def test_administrators_add_categories_and_others_may_not(client, world: World) -> None:
    url = _url(world, "create")
    client.force_login(world.user("secretariat_head"))
    assert client.post(url, {"new-name": "Vold i nære relationer"}).status_code == 403
    client.force_login(world.user("administrator"))
    assert client.post(url, {"new-name": "Vold i nære relationer"}).status_code == 302
    assert client.post(url, {"new-name": ""}).status_code == 400
    unknown = f"/lists/colours/{world.programme.slug}/new/"
    assert client.post(unknown, {"new-name": "Blå"}).status_code == 404
    assert Topic.objects.filter(programme=world.programme, name="Vold i nære relationer").exists()


def test_the_subnavigation_links_the_categories_for_administrators(client, world: World) -> None:
    create = reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug})
    client.force_login(world.user("administrator"))
    assert _url(world, "list") in client.get(create).content.decode()
    client.force_login(world.user("staff"))
    assert _url(world, "list") not in client.get(create).content.decode()
