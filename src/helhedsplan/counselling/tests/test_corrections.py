from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from conftest import World, make_user
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Role
from helhedsplan.counselling.access import CORRECTION_WINDOW
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import local, referral, register, topic

REGISTERED = local(2021, 3, 2, 14)


def correction(world: World, **changes) -> dict:
    return {
        "estate": world.vapnagaard.pk,
        "channel": "drop_in",
        "method": "conversation",
        "occurred_at": "2021-03-02T14:00",
        "topics": [topic(world.programme, "Jobsøgning").pk],
        "bridged_to": [referral(world.programme, "Jobcenter").pk],
        **changes,
    }


def urls(world: World, inquiry: Inquiry) -> tuple[str, str]:
    kwargs = {"slug": world.programme.slug, "inquiry_id": inquiry.pk}
    return (
        reverse("counselling:inquiry_update", kwargs=kwargs),
        reverse("counselling:inquiry_delete", kwargs=kwargs),
    )


def registered_by_staff(world: World) -> Inquiry:
    with time_machine.travel(REGISTERED, tick=False):
        return register(
            world.vapnagaard, ["Boligstøtte"], ["Borgerservice"], by=world.user("staff")
        )[0]


def test_staff_correct_their_own_inquiry_within_the_window(client, world: World) -> None:
    inquiry = registered_by_staff(world)
    update, _delete = urls(world, inquiry)
    client.force_login(world.user("staff"))
    with time_machine.travel(REGISTERED + CORRECTION_WINDOW - datetime.timedelta(minutes=1)):
        assert client.get(update).status_code == 200
        assert client.post(update, correction(world)).status_code == 302
    inquiry.refresh_from_db()
    assert [t.name for t in inquiry.topics.all()] == ["Jobsøgning"]


def test_staff_cannot_correct_or_delete_after_the_window(client, world: World) -> None:
    inquiry = registered_by_staff(world)
    update, delete = urls(world, inquiry)
    client.force_login(world.user("staff"))
    with time_machine.travel(REGISTERED + CORRECTION_WINDOW + datetime.timedelta(minutes=1)):
        assert client.get(update).status_code == 403
        assert client.post(update, correction(world)).status_code == 403
        assert client.post(delete).status_code == 403
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()
    assert [t.name for t in inquiry.topics.all()] == ["Boligstøtte"]


def test_staff_cannot_correct_a_colleagues_inquiry(client, world: World) -> None:
    inquiry = registered_by_staff(world)
    colleague = make_user("colleague")
    account_services.membership_grant(
        user=colleague, programme=world.programme, role=Role.STAFF, estates=[]
    )
    client.force_login(colleague)
    with time_machine.travel(REGISTERED + datetime.timedelta(minutes=5)):
        assert client.get(urls(world, inquiry)[0]).status_code == 403


def test_the_secretariat_head_always_corrects_and_every_change_is_audited(
    client, world: World
) -> None:
    inquiry = registered_by_staff(world)
    update, delete = urls(world, inquiry)
    client.force_login(world.user("secretariat_head"))
    with time_machine.travel(REGISTERED + datetime.timedelta(days=400)):
        assert client.post(update, correction(world, note="Fulgt til Jobcenter")).status_code == 302
        assert client.post(delete).status_code == 302
    assert not Inquiry.objects.exists()
    records = list(Inquiry.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~", "-"]
    assert [str(r.history_user) for r in records] == [
        "staff",
        "secretariat_head",
        "secretariat_head",
    ]
    client.force_login(world.user("administrator"))
    entries = client.get(reverse("audit:trail"), {"model": "counselling.inquiry"}).context[
        "entries"
    ]
    assert [e.action for e in entries] == ["deleted", "changed", "created"]
    # The trail names fields by their labels (issue 10, item 6), no longer by their names.
    changed = {c.field for c in entries[1].changes}
    assert {"Emner", "Brobygget til", "Kort note"} <= changed


def test_a_correction_is_refused_like_a_registration(client, world: World) -> None:
    inquiry = registered_by_staff(world)
    client.force_login(world.user("administrator"))
    response = client.post(urls(world, inquiry)[0], correction(world, note="cpr 010203-1234"))
    assert response.status_code == 400
    assert "et CPR-nummer" in response.content.decode()


def test_the_list_filters_and_starts_with_the_staff_members_estate(client, world: World) -> None:
    register(world.vapnagaard, ["Boligstøtte"], ["Borgerservice"], at=local(2021, 3, 2, 14))
    register(world.vapnagaard, ["Kost"], at=local(2021, 5, 4, 14))
    register(world.nojsomhed, ["Kost"], ["Læge"], at=local(2021, 3, 3, 14), times=2)
    url = reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug})

    def count(who: str, **filters) -> int:
        client.force_login(world.user(who))
        return client.get(url, filters).context["page"].paginator.count

    assert count("staff") == 2
    # The staff member works in Vapnagaard: "Alle" is all of their estates, and another
    # estate's inquiries are not theirs to list.
    assert count("staff", estate="") == 2
    assert count("staff", estate=world.nojsomhed.pk) == 0
    assert count("secretariat_head") == 4
    assert count("secretariat_head", topic=topic(world.programme, "Kost").pk) == 3
    assert count("secretariat_head", bridged_to=referral(world.programme, "Læge").pk) == 2
    assert count("secretariat_head", date_from="2021-03-03", date_to="2021-03-31") == 2
    assert count("secretariat_head", channel="phone") == 0
    assert count("secretariat_head", estate="nonsense") == 0


def test_the_list_is_paginated_without_a_query_per_row(
    client, world: World, django_assert_max_num_queries
) -> None:
    register(world.vapnagaard, ["Kost"], ["Læge"], at=local(2021, 3, 2, 14), times=60)
    client.force_login(world.user("secretariat_head"))
    url = reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug})
    # The request and its menu (issue 17's items among them) and the page, never per row.
    with django_assert_max_num_queries(21):
        page = client.get(url).context["page"]
    assert len(page) == 50
    assert client.get(url, {"page": 2}).context["page"].object_list.__len__() == 10
