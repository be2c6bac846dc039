"""Volunteer parties, invitations and events' helpers: volunteers invited to an event of the
events app, marked present and as helpers; the event's own helper figure beside the links;
the event page's section by role; export, erasure and retention."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventType, EventTypeCode
from helhedsplan.events.tests.factories import an_event
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ErasureReason
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import queries, services
from helhedsplan.volunteers.models import EventVolunteer, Presence, Volunteer
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.services import Attendance, attendance_field
from helhedsplan.volunteers.tests.helpers import a_volunteer

INVITED = datetime.date(2019, 2, 20)


def _people(world: World) -> tuple[Volunteer, Volunteer, Volunteer]:
    """Frida of Vapnagaard, Nora of Nøjsomhed and Otto, who is not a resident."""
    head = world.user("secretariat_head")
    frida = a_volunteer(world.programme, world.vapnagaard, by=head, name="Frida Frivillig")
    nora = a_volunteer(world.programme, world.nojsomhed, by=head, name="Nora Nøjsomhed")
    otto = a_volunteer(world.programme, None, by=head, name="Otto Udefra")
    return frida, nora, otto


def _nojsomhed_event(world: World) -> Event:
    return event_services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=EventTypeCode.OTHER),
        title="Frivilligfest i Nøjsomhed",
        starts_at=timezone.make_aware(datetime.datetime(2019, 6, 14, 18)),
        estates=[world.nojsomhed],
        created_by=world.user("secretariat_head"),
    )


def _helped(event: Event, *volunteers: Volunteer) -> None:
    services.event_invite(event=event, volunteers=volunteers, invited_on=INVITED)
    services.event_attendance_save(
        event=event,
        marks={v.pk: Attendance(presence=Presence.PRESENT, helped=True) for v in volunteers},
    )


# Services ---------------------------------------------------------------------------------


def test_inviting_links_each_volunteer_once_and_keeps_the_first_date(world: World) -> None:
    event = an_event(world)
    frida, nora, otto = _people(world)
    assert services.event_invite(event=event, volunteers=[frida, nora], invited_on=INVITED) == 2
    later = INVITED + datetime.timedelta(days=5)
    assert services.event_invite(event=event, volunteers=[frida, otto], invited_on=later) == 1
    invited = dict(EventVolunteer.objects.values_list("volunteer__name", "invited_on"))
    assert invited == {frida.name: INVITED, nora.name: INVITED, otto.name: later}
    assert set(EventVolunteer.objects.values_list("presence", flat=True)) == {Presence.UNKNOWN}


def test_a_volunteer_of_another_programme_is_not_invited(world: World) -> None:
    event = an_event(world)
    stranger = a_volunteer(world.other_programme, None, by=world.user("superuser"))
    with pytest.raises(ValidationError, match="indsats"):
        services.event_invite(event=event, volunteers=[stranger], invited_on=INVITED)
    assert not EventVolunteer.objects.exists()


def test_attendance_marks_who_came_and_who_helped(world: World) -> None:
    event = an_event(world)
    frida, nora, otto = _people(world)
    services.event_invite(event=event, volunteers=[frida, nora, otto], invited_on=INVITED)
    changed = services.event_attendance_save(
        event=event,
        marks={
            # A helper left "unknown" was there.
            frida.pk: Attendance(presence=Presence.UNKNOWN, helped=True),
            nora.pk: Attendance(presence=Presence.ABSENT, helped=False),
            otto.pk: Attendance(presence=Presence.UNKNOWN, helped=False),
        },
    )
    assert changed == 2
    marks = {p.volunteer_id: (p.presence, p.helped) for p in EventVolunteer.objects.all()}
    assert marks == {
        frida.pk: (Presence.PRESENT, True),
        nora.pk: (Presence.ABSENT, False),
        otto.pk: (Presence.UNKNOWN, False),
    }


def test_a_helper_who_did_not_come_is_refused_by_name_and_nothing_is_saved(
    world: World,
) -> None:
    event = an_event(world)
    frida, nora, _otto = _people(world)
    services.event_invite(event=event, volunteers=[frida, nora], invited_on=INVITED)
    with pytest.raises(ValidationError) as refused:
        services.event_attendance_save(
            event=event,
            marks={
                frida.pk: Attendance(presence=Presence.PRESENT, helped=False),
                nora.pk: Attendance(presence=Presence.ABSENT, helped=True),
            },
        )
    assert refused.value.message_dict == {
        attendance_field(nora.pk): ["Nora Nøjsomhed kan ikke have hjulpet uden at være kommet."]
    }
    assert set(EventVolunteer.objects.values_list("presence", flat=True)) == {Presence.UNKNOWN}


def test_nobody_is_present_at_an_event_that_has_not_begun(world: World) -> None:
    event = an_event(world)
    frida, _nora, _otto = _people(world)
    services.event_invite(event=event, volunteers=[frida], invited_on=INVITED)
    before = event.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="begyndt"):
        services.event_attendance_save(
            event=event,
            marks={frida.pk: Attendance(presence=Presence.PRESENT, helped=False)},
            now=before,
        )


def test_marks_for_a_volunteer_not_on_the_event_are_refused(world: World) -> None:
    event = an_event(world)
    frida, nora, _otto = _people(world)
    services.event_invite(event=event, volunteers=[frida], invited_on=INVITED)
    with pytest.raises(ValidationError, match="Hent den igen"):
        services.event_attendance_save(
            event=event, marks={nora.pk: Attendance(presence=Presence.PRESENT, helped=False)}
        )


def test_the_counts_tell_resident_helpers_of_the_events_estates_apart(world: World) -> None:
    event = an_event(world)  # in Vapnagaard
    frida, nora, otto = _people(world)
    a_guest = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"), name="Gæst")
    _helped(event, frida, nora, otto)
    services.event_invite(event=event, volunteers=[a_guest], invited_on=INVITED)
    counts = queries.event_volunteer_counts(event)
    # Nora lives in Nøjsomhed and Otto in none of the estates: only Frida is a resident
    # helper of the event's estates.
    assert counts == queries.EventVolunteerCounts(
        invited=4, present=3, helpers=3, resident_helpers=1
    )


def test_the_events_figure_is_set_from_the_linked_residents_through_the_events_service(
    world: World,
) -> None:
    event = an_event(world)
    frida, nora, _otto = _people(world)
    _helped(event, frida, nora)
    before: dict[str, object] = dict(Event.objects.values().get(pk=event.pk))
    updated = services.event_helper_figure_set(event=event)
    assert updated.resident_volunteers == 1
    after: dict[str, object] = dict(Event.objects.values().get(pk=event.pk))
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"resident_volunteers", "updated_at"}
    # Through the events app's service, so the event's history records the change.
    assert Event.history.filter(id=event.pk).latest().resident_volunteers == 1
    with pytest.raises(ValidationError, match="svarer allerede"):
        services.event_helper_figure_set(event=event)


def test_an_invitation_alone_is_not_activity_but_coming_is(world: World) -> None:
    event = an_event(world)  # 12 March 2019
    frida = a_volunteer(
        world.programme,
        world.vapnagaard,
        by=world.user("staff"),
        started_on=datetime.date(2018, 5, 1),
    )
    services.volunteer_end(volunteer=frida, ended_on=datetime.date(2018, 12, 31))
    Volunteer.objects.filter(pk=frida.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2018, 12, 31, 12))
    )
    services.event_invite(event=event, volunteers=[frida], invited_on=INVITED)
    assert privacy_queries.last_activity_of(frida, REGISTER) == datetime.date(2018, 12, 31)
    services.event_attendance_save(
        event=event, marks={frida.pk: Attendance(presence=Presence.PRESENT, helped=False)}
    )
    assert privacy_queries.last_activity_of(frida, REGISTER) == datetime.date(2019, 3, 12)


def test_invitations_go_with_the_person_on_export_and_erasure(world: World) -> None:
    event = an_event(world)
    frida, nora, _otto = _people(world)
    _helped(event, frida, nora)
    data = privacy_queries.personal_data_json(frida, REGISTER)
    parts = data["related"][str(EventVolunteer._meta.verbose_name_plural)]
    assert parts == [
        {
            "id": EventVolunteer.objects.get(volunteer=frida).pk,
            "event": event.title,
            "volunteer": frida.name,
            "invited_on": INVITED.isoformat(),
            "presence": "Kom",
            "helped": True,
        }
    ]
    pk = frida.pk
    privacy_services.person_erase(
        person=frida, erased_by=world.user("secretariat_head"), reason=ErasureReason.BY_HAND
    )
    assert not EventVolunteer.objects.filter(volunteer_id=pk).exists()
    assert not EventVolunteer.history.filter(volunteer_id=pk).exists()
    assert tables_containing(frida.name) == []
    # The event and the other volunteer's part stay.
    assert list(EventVolunteer.objects.values_list("volunteer", flat=True)) == [nora.pk]
    assert Event.objects.filter(pk=event.pk).exists()


def test_deleting_the_event_deletes_its_volunteers_parts(world: World) -> None:
    event = an_event(world)
    frida, _nora, _otto = _people(world)
    _helped(event, frida)
    event_services.event_delete(event=event)
    assert not EventVolunteer.objects.exists()
    assert Volunteer.objects.filter(pk=frida.pk).exists()


# Pages ------------------------------------------------------------------------------------


def _page(client, world: World, who: str, event: Event) -> str:
    client.force_login(world.user(who))
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_event_page_shows_counts_to_counters_and_names_to_keepers(client, world: World) -> None:
    event = an_event(world)
    frida, nora, otto = _people(world)
    _helped(event, frida, nora, otto)
    board = _page(client, world, "board", event)
    assert "Registrerede frivillige, der hjalp" in board
    assert "1 registreret frivillig beboer er knyttet som hjælper." in board
    assert frida.name not in board and otto.name not in board
    assert "Invitér frivillige" not in board
    head = _page(client, world, "secretariat_head", event)
    assert all(v.name in head for v in (frida, nora, otto))
    # Staff of Vapnagaard keep Frida and Otto, not Nora of Nøjsomhed.
    staff = _page(client, world, "staff", event)
    assert frida.name in staff and otto.name in staff and nora.name not in staff


def test_the_page_warns_when_linked_residents_exceed_the_events_figure(
    client, world: World
) -> None:
    event = an_event(world)
    frida, _nora, _otto = _people(world)
    warning = "Der er knyttet flere frivillige beboere som hjælpere"
    _helped(event, frida)
    assert warning in _page(client, world, "staff", event)
    assert "Sæt arrangementets tal til 1" in _page(client, world, "staff", event)
    Event.objects.filter(pk=event.pk).update(resident_volunteers=4)
    page = _page(client, world, "staff", event)
    assert warning not in page
    assert "Arrangementets tal for frivillige beboere, der hjalp: 4." in page


def test_staff_set_the_figure_of_their_event_but_not_of_another_estates(
    client, world: World
) -> None:
    event = an_event(world)  # Vapnagaard
    elsewhere = _nojsomhed_event(world)
    frida, nora, _otto = _people(world)
    _helped(event, frida)
    _helped(elsewhere, nora)
    client.force_login(world.user("staff"))
    url = reverse("volunteers:event_helper_figure", args=[world.programme.slug, event.pk])
    response = client.post(url)
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    event.refresh_from_db()
    assert event.resident_volunteers == 1
    other = reverse("volunteers:event_helper_figure", args=[world.programme.slug, elsewhere.pk])
    assert client.post(other).status_code == 403
    assert "Sæt arrangementets tal" not in _page(client, world, "staff", elsewhere)
    elsewhere.refresh_from_db()
    assert elsewhere.resident_volunteers is None


def test_the_checklist_offers_active_volunteers_by_estate_and_invites(client, world: World) -> None:
    event = _nojsomhed_event(world)
    frida, nora, otto = _people(world)
    head = world.user("secretariat_head")
    stopped = a_volunteer(world.programme, world.nojsomhed, by=head, name="Stine Stoppet")
    services.volunteer_end(volunteer=stopped, ended_on=datetime.date(2020, 12, 31))
    withdrawn = a_volunteer(world.programme, world.nojsomhed, by=head, name="Vibe Væk")
    services.volunteer_withdraw_consent(volunteer=withdrawn, withdrawn_by=head)
    client.force_login(head)
    url = reverse("volunteers:event_invite", args=[world.programme.slug, event.pk])
    page = client.get(url).content.decode()
    assert all(v.name in page for v in (frida, nora, otto))
    assert stopped.name not in page and withdrawn.name not in page
    narrowed = client.get(url, {"estate": world.nojsomhed.pk}).content.decode()
    assert nora.name in narrowed and frida.name not in narrowed
    response = client.post(url, {"volunteers": [nora.pk, otto.pk], "invited_on": "20.02.2019"})
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert set(EventVolunteer.objects.values_list("volunteer", "invited_on")) == {
        (nora.pk, INVITED),
        (otto.pk, INVITED),
    }
    # The invited are no longer offered.
    assert nora.name not in client.get(url).content.decode()


def test_staff_invite_only_the_volunteers_they_keep(client, world: World) -> None:
    event = _nojsomhed_event(world)
    _frida, nora, _otto = _people(world)
    client.force_login(world.user("staff"))
    url = reverse("volunteers:event_invite", args=[world.programme.slug, event.pk])
    assert nora.name not in client.get(url).content.decode()
    response = client.post(url, {"volunteers": [nora.pk], "invited_on": "20.02.2019"})
    assert response.status_code == 400
    assert not EventVolunteer.objects.exists()


def test_one_form_marks_who_came_and_names_a_refused_row(client, world: World) -> None:
    event = an_event(world)
    frida, _nora, otto = _people(world)
    services.event_invite(event=event, volunteers=[frida, otto], invited_on=INVITED)
    client.force_login(world.user("staff"))
    url = reverse("volunteers:event_attendance", args=[world.programme.slug, event.pk])
    assert client.get(url).status_code == 200
    f, o = attendance_field(frida.pk), attendance_field(otto.pk)
    refused = client.post(url, {f: "absent", f"{f}-helped": "on", o: "present"})
    assert refused.status_code == 400
    assert "Frida Frivillig kan ikke have hjulpet uden at være kommet." in refused.content.decode()
    assert set(EventVolunteer.objects.values_list("presence", flat=True)) == {Presence.UNKNOWN}
    response = client.post(url, {f: "present", f"{f}-helped": "on", o: "absent"})
    assert response.status_code == 302
    assert set(EventVolunteer.objects.values_list("volunteer", "presence", "helped")) == {
        (frida.pk, Presence.PRESENT, True),
        (otto.pk, Presence.ABSENT, False),
    }


def test_the_volunteers_page_lists_their_events(client, world: World) -> None:
    event = an_event(world)
    frida, _nora, _otto = _people(world)
    _helped(event, frida)
    client.force_login(world.user("staff"))
    page = client.get(frida.get_absolute_url()).content.decode()
    assert event.title in page and "hjalp til" in page


# The demo ---------------------------------------------------------------------------------


def test_the_demo_has_a_party_a_year_and_helpers_that_agree_with_the_figures(demo) -> None:
    today = timezone.localdate()
    parties = Event.objects.filter(programme=demo, type__name="Frivilligfest")
    years = sorted(party.starts_at.year for party in parties)
    assert years == [2017, 2018, 2019, 2020, 2021, today.year]
    for party in parties.filter(starts_at__year__lte=2021):
        counts = queries.event_volunteer_counts(party)
        assert counts.invited > 0 and 0 < counts.present < counts.invited
        assert party.participants_total == counts.present
    # The linked helpers of each estate's events are residents of it, as many as the event's
    # own figure says helped: no warning on their pages.
    helped = Event.objects.filter(programme=demo, volunteer_parts__helped=True).distinct()
    assert helped.count() >= 4
    for event in helped:
        assert queries.event_volunteer_counts(event).resident_helpers == event.resident_volunteers
    # Coming to a party is activity for the retention, so nobody came after they stopped.
    late = EventVolunteer.objects.filter(
        presence=Presence.PRESENT, volunteer__ended_on__lt=F("event__starts_at__date")
    )
    assert not late.exists()
