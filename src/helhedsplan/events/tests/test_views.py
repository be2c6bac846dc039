from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from conftest import World
from helhedsplan.core.lists.services import list_entry_create
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    Partner,
    TargetGroup,
    TargetGroupCode,
)
from helhedsplan.events.tests.conftest import moment

NOW = datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC)


def _event_form(world: World, **overrides) -> dict:
    cultural = EventType.objects.get(code=EventTypeCode.CULTURAL)
    return {
        "type": cultural.pk,
        "title": "Gadeteater på plænen",
        "date": "2019-05-18",
        "start_time": "14:00",
        "end_time": "16:00",
        "estates": [world.vapnagaard.pk],
        "organiser": "programme",
        "status": "planned",
        **overrides,
    }


def test_staff_create_an_event(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(reverse("events:create"), _event_form(world))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert event.title == "Gadeteater på plænen"
    assert event.starts_at == moment(2019, 5, 18, 14)
    assert event.ends_at == moment(2019, 5, 18, 16)
    assert event.created_by == world.user("staff")


@time_machine.travel(NOW, tick=False)
def test_a_held_event_without_counts_is_refused_with_the_reason(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(reverse("events:create"), _event_form(world, status="held"))
    assert response.status_code == 400
    assert "participants_residents" in response.context["form"].errors
    assert not Event.objects.exists()


def test_bad_input_gives_form_errors_not_a_crash(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("events:create"),
        _event_form(
            world,
            type="999999",
            date="31.02.2019",
            estates=["x"],
            participants_residents="-4",
            end_time="13:00",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"type", "date", "estates", "participants_residents"} <= set(errors)
    assert not Event.objects.exists()


def test_the_theme_evening_form_registers_a_held_theme_evening(client, world: World) -> None:
    partner = list_entry_create(model=Partner, programme=world.programme, name="Borgerservice")
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("events:theme_evening_create"),
        {
            "date": "12.03.2019",
            "start_time": "17:00",
            "estates": [world.nojsomhed.pk, world.vapnagaard.pk],
            "title": "Boligstøtte – sådan søger du",
            "partners": [partner.pk],
            "participants_residents": "18",
            "participants_non_residents": "2",
            "notes": "",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.type.code == EventTypeCode.THEME_EVENING
    assert event.status == EventStatus.HELD
    assert (event.participants_residents, event.participants_non_residents) == (18, 2)
    assert event.estates.count() == 2


def test_the_theme_evening_form_preselects_the_staff_members_estates(client, world: World) -> None:
    client.force_login(world.user("staff"))
    form = client.get(reverse("events:theme_evening_create")).context["form"]
    assert form.initial["estates"] == [world.vapnagaard]
    assert "type" not in form.fields


def test_staff_mark_an_event_held(client, world: World, make_event) -> None:
    event = make_event()
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("events:mark_held", kwargs={"event_id": event.pk}),
        {"held-participants_residents": "21", "held-participants_non_residents": "4"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.participants_residents) == (EventStatus.HELD, 21)


def test_marking_held_without_counts_shows_the_form_again(client, world: World, make_event) -> None:
    event = make_event()
    client.force_login(world.user("staff"))
    response = client.post(reverse("events:mark_held", kwargs={"event_id": event.pk}), {})
    assert response.status_code == 400
    assert "participants_residents" in response.context["held_form"].errors
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED


def test_staff_edit_cancel_and_delete_an_event(client, world: World, make_event) -> None:
    event = make_event()
    client.force_login(world.user("staff"))
    edit_url = reverse("events:update", kwargs={"event_id": event.pk})
    form = client.get(edit_url).context["form"]
    assert form.initial["title"] == event.title
    response = client.post(
        edit_url,
        _event_form(world, type=event.type.pk, title="MitID", date="2019-03-12"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "MitID"

    client.post(reverse("events:cancel", kwargs={"event_id": event.pk}))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED

    confirm = client.get(reverse("events:delete_confirm", kwargs={"event_id": event.pk}))
    assert "MitID" in confirm.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()
    response = client.post(reverse("events:delete", kwargs={"event_id": event.pk}))
    assert response.url == reverse("events:list")
    assert not Event.objects.filter(pk=event.pk).exists()


def test_the_list_filters_by_type_estate_status_and_year(client, world: World, make_event) -> None:
    cultural = EventType.objects.get(code=EventTypeCode.CULTURAL)
    theme_2019 = make_event(title="Tema 2019")
    make_event(title="Tema 2020", starts_at=moment(2020, 2, 4))
    make_event(title="Kultur i Nøjsomhed", type=cultural, estates=[world.nojsomhed])
    held = make_event(
        title="Afholdt tema",
        status=EventStatus.HELD,
        participants_residents=9,
        participants_non_residents=1,
    )
    client.force_login(world.user("board"))

    def titles(**params) -> set[str]:
        response = client.get(reverse("events:list"), params)
        assert response.status_code == 200
        return {event.title for event in response.context["page"]}

    assert titles() == {"Tema 2019", "Tema 2020", "Kultur i Nøjsomhed", "Afholdt tema"}
    assert titles(type=cultural.pk) == {"Kultur i Nøjsomhed"}
    assert titles(estate=world.vapnagaard.pk) == {"Tema 2019", "Tema 2020", "Afholdt tema"}
    assert titles(status="held") == {held.title}
    assert titles(year="2019", estate=world.vapnagaard.pk) == {theme_2019.title, held.title}


def test_bad_filter_values_are_reported_and_ignored(client, world: World, make_event) -> None:
    make_event()
    client.force_login(world.user("board"))
    response = client.get(
        reverse("events:list"), {"type": "x", "estate": "99999", "status": "gone", "year": "1"}
    )
    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"type", "estate", "status", "year"}
    assert len(response.context["page"]) == 1
    assert client.get(reverse("events:list"), {"page": "abc"}).status_code == 200


def test_the_list_shows_only_the_users_programmes(client, world: World, make_event) -> None:
    make_event(title="Helsingør Syd-arrangement")
    client.force_login(world.user("outsider"))
    response = client.get(reverse("events:list"))
    assert list(response.context["page"]) == []


def test_unknown_events_and_estates_are_404(client, world: World) -> None:
    client.force_login(world.user("administrator"))
    assert client.get(reverse("events:detail", kwargs={"event_id": 999999})).status_code == 404
    assert client.get(reverse("events:calendar", kwargs={"estate_id": 999999})).status_code == 404
    assert client.get(reverse("events:create"), {"programme": "abc"}).status_code == 404
    assert client.get(reverse("events:create"), {"programme": "999999"}).status_code == 404


def test_a_user_with_several_programmes_chooses_one_first(client, world: World) -> None:
    client.force_login(world.user("superuser"))
    response = client.get(reverse("events:create"))
    assert "form" not in response.context
    assert list(response.context["programmes"]) == [world.programme, world.other_programme]
    chosen = client.get(reverse("events:create"), {"programme": world.other_programme.pk})
    assert chosen.context["programme"] == world.other_programme


@time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_calendar_shows_the_estates_coming_events(client, world: World, make_event) -> None:
    make_event(title="Før i tiden", starts_at=moment(2019, 2, 1))
    make_event(title="I Vapnagaard", starts_at=moment(2019, 3, 12))
    make_event(title="I Nøjsomhed", starts_at=moment(2019, 3, 13), estates=[world.nojsomhed])
    client.force_login(world.user("working_group"))
    response = client.get(reverse("events:calendar", kwargs={"estate_id": world.vapnagaard.pk}))
    shown = [event.title for _month, events in response.context["months"] for event in events]
    assert shown == ["I Vapnagaard"]
    assert "Marts 2019" in response.content.decode()


def test_the_list_page_makes_a_fixed_number_of_queries(
    client, world: World, make_event, django_assert_max_num_queries
) -> None:
    for day in range(1, 11):
        make_event(starts_at=moment(2019, 4, day), estates=[world.nojsomhed, world.vapnagaard])
    client.force_login(world.user("board"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("events:list"))
    assert len(response.context["page"]) == 10


def test_the_theme_evening_page_counts_the_held_evenings_per_year(
    client, world: World, make_event
) -> None:
    held = {
        "status": EventStatus.HELD,
        "participants_residents": 9,
        "participants_non_residents": 0,
    }
    make_event(starts_at=moment(2019, 2, 5), **held)
    make_event(starts_at=moment(2019, 3, 5), estates=[world.nojsomhed, world.vapnagaard], **held)
    make_event(starts_at=moment(2019, 4, 5))
    make_event(starts_at=moment(2020, 2, 5), **held)
    make_event(
        type=EventType.objects.get(code=EventTypeCode.CULTURAL),
        starts_at=moment(2019, 5, 5),
        **held,
    )
    client.force_login(world.user("board"))
    url = reverse("events:theme_evenings", kwargs={"slug": world.programme.slug})
    response = client.get(url)
    assert response.context["per_year"] == [(2020, 1), (2019, 2)]
    assert len(response.context["page"]) == 4
    assert (
        client.get(reverse("events:theme_evenings", kwargs={"slug": "nowhere"})).status_code == 404
    )


def test_staff_register_target_groups_and_volunteers_and_see_them(client, world: World) -> None:
    youth = TargetGroup.objects.get(code=TargetGroupCode.YOUTH)
    client.force_login(world.user("staff"))
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("events:create"),
            _event_form(
                world,
                target_groups=[youth.pk],
                status="held",
                participants_residents="40",
                participants_non_residents="12",
                resident_volunteers="5",
            ),
        )
        assert response.status_code == 302
        event = Event.objects.get()
        # Read on the same day: years later the session would have idled out.
        page = client.get(event.get_absolute_url()).content.decode()
    assert (list(event.target_groups.all()), event.resident_volunteers) == ([youth], 5)
    assert "Unge 15-25 år" in page
    assert "Frivillige beboere, der hjalp" in page


def test_marking_held_may_record_the_volunteers(client, world: World, make_event) -> None:
    event = make_event()
    client.force_login(world.user("staff"))
    client.post(
        reverse("events:mark_held", kwargs={"event_id": event.pk}),
        {
            "held-participants_residents": "21",
            "held-participants_non_residents": "4",
            "held-resident_volunteers": "3",
        },
    )
    event.refresh_from_db()
    assert (event.status, event.resident_volunteers) == (EventStatus.HELD, 3)


def test_the_list_filters_by_target_group(client, world: World, make_event) -> None:
    youth = TargetGroup.objects.get(code=TargetGroupCode.YOUTH)
    mixed = TargetGroup.objects.get(code=TargetGroupCode.MIXED)
    make_event(title="For unge", target_groups=[youth])
    make_event(title="For alle", target_groups=[youth, mixed])
    make_event(title="Uden målgruppe")
    client.force_login(world.user("board"))

    def titles(**params) -> set[str]:
        response = client.get(reverse("events:list"), params)
        assert response.status_code == 200
        return {event.title for event in response.context["page"]}

    assert titles(target_group=youth.pk) == {"For unge", "For alle"}
    assert titles(target_group=mixed.pk) == {"For alle"}
    response = client.get(reverse("events:list"), {"target_group": "x"})
    assert "target_group" in response.context["filters"].errors
    assert len(response.context["page"]) == 3
