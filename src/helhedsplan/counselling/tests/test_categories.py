from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.counselling.models import Inquiry, Topic
from helhedsplan.counselling.tests.helpers import local, register, topic


def test_renaming_shows_the_new_name_on_old_inquiries(client, world: World) -> None:
    inquiry = register(world.vapnagaard, ["Kost"], at=local(2021, 3, 2, 14))[0]
    kost = topic(world.programme, "Kost")
    client.force_login(world.user("administrator"))
    url = reverse(
        "counselling:category_rename",
        kwargs={"slug": world.programme.slug, "kind": "topics", "category_id": kost.pk},
    )
    assert client.post(url, {f"topics-{kost.pk}-name": "Kost og motion"}).status_code == 302
    assert [t.name for t in Inquiry.objects.get(pk=inquiry.pk).topics.all()] == ["Kost og motion"]
    listing = client.get(reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug}))
    assert "Kost og motion" in listing.content.decode()
    assert kost.history.first().name == "Kost og motion"


def test_a_rename_to_an_existing_name_is_refused(client, world: World) -> None:
    kost = topic(world.programme, "Kost")
    client.force_login(world.user("administrator"))
    url = reverse(
        "counselling:category_rename",
        kwargs={"slug": world.programme.slug, "kind": "topics", "category_id": kost.pk},
    )
    client.post(url, {f"topics-{kost.pk}-name": "andet"})
    kost.refresh_from_db()
    assert kost.name == "Kost"


def test_a_retired_category_leaves_new_forms_but_stays_on_old_inquiries(
    client, world: World
) -> None:
    inquiry = register(world.vapnagaard, ["Ensomhed"], at=local(2021, 3, 2, 14))[0]
    lonely = topic(world.programme, "Ensomhed")
    client.force_login(world.user("administrator"))
    retire = reverse(
        "counselling:category_retire",
        kwargs={"slug": world.programme.slug, "kind": "topics", "category_id": lonely.pk},
    )
    assert client.post(retire, {"retired": "true"}).status_code == 302
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
    assert client.post(retire, {"retired": "false"}).status_code == 302
    lonely.refresh_from_db()
    assert not lonely.retired


def test_administrators_add_categories_and_others_may_not(client, world: World) -> None:
    url = reverse(
        "counselling:category_add", kwargs={"slug": world.programme.slug, "kind": "topics"}
    )
    client.force_login(world.user("secretariat_head"))
    assert client.post(url, {"topics-new-name": "Vold i nære relationer"}).status_code == 403
    client.force_login(world.user("administrator"))
    assert client.post(url, {"topics-new-name": "Vold i nære relationer"}).status_code == 302
    assert client.post(url, {"topics-new-name": ""}).status_code == 400
    unknown = reverse(
        "counselling:category_add", kwargs={"slug": world.programme.slug, "kind": "colours"}
    )
    assert client.post(unknown, {"colours-new-name": "Blå"}).status_code == 404
    assert Topic.objects.filter(programme=world.programme, name="Vold i nære relationer").exists()
