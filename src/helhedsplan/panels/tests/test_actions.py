"""The actions until done (issue 14, part 2): created on a concern, assigned to a party and
an owner, moved through their statuses with a log of notes; the list with its filters and
overdue rows; the partner who sees and follows up only their organisation's actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from helhedsplan.accounts.models import Organisation
from helhedsplan.panels import services
from helhedsplan.panels.models import ActionItem, ActionStatus
from helhedsplan.panels.tests.helpers import a_concern_in, an_action

CREATED = datetime.date(2020, 3, 10)


@pytest.fixture
def concern(world: World):
    return a_concern_in(world.programme, world.vapnagaard)


def _details(**changes) -> services.ActionDetails:
    fields = {
        "description": "Klip hækken ved legepladsen.",
        "party": Organisation.HOUSING,
        "owner": None,
        "due_on": datetime.date(2020, 4, 1),
    } | changes
    return services.ActionDetails(**fields)


# Services ----------------------------------------------------------------------------------


def test_an_action_is_created_open_on_the_concern_s_estate_today(world: World, concern) -> None:
    action = services.action_create(
        concern=concern,
        details=_details(owner=world.user("staff")),
        created_by=world.user("staff"),
        today=CREATED,
    )

    assert action.status == ActionStatus.OPEN
    assert action.estate == world.vapnagaard
    assert action.programme == world.programme
    assert action.created_on == CREATED
    assert action.closed_on is None


def test_the_owner_works_in_the_programme_and_a_partner_owns_only_their_party_s(
    world: World, concern
) -> None:
    by = world.user("staff")
    partner = world.user("partner")  # of the municipality

    for owner in (world.user("outsider"), partner):
        with pytest.raises(ValidationError) as refused:
            services.action_create(
                concern=concern, details=_details(owner=owner), created_by=by, today=CREATED
            )
        assert "owner" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.action_create(
            concern=concern,
            details=_details(owner=partner, party=Organisation.PROGRAMME),
            created_by=by,
            today=CREATED,
        )

    action = services.action_create(
        concern=concern,
        details=_details(owner=partner, party=Organisation.MUNICIPALITY),
        created_by=by,
        today=CREATED,
    )
    assert action.owner == partner


def test_a_due_date_before_today_is_refused(world: World, concern) -> None:
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            concern=concern,
            details=_details(due_on=CREATED - datetime.timedelta(days=1)),
            created_by=world.user("staff"),
            today=CREATED,
        )
    assert "due_on" in refused.value.message_dict


def test_done_closes_the_action_and_notes_the_change(world: World, concern) -> None:
    action = an_action(concern, by=world.user("staff"))

    services.action_set_status(
        action=action,
        status=ActionStatus.DONE,
        by=world.user("partner"),
        closed_on=datetime.date(2020, 4, 2),
        today=datetime.date(2020, 4, 5),
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.closed_on == datetime.date(2020, 4, 2)
    assert [note.text for note in action.notes.all()] == ["Status: Udført."]
    assert action.notes.get().written_by == world.user("partner")


def test_closing_defaults_to_today_and_is_neither_in_the_future_nor_before_creation(
    world: World, concern
) -> None:
    action = an_action(concern, by=world.user("staff"))
    today = datetime.date(2020, 4, 5)
    for day in (today + datetime.timedelta(days=1), CREATED - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.action_set_status(
                action=action,
                status=ActionStatus.DONE,
                by=world.user("staff"),
                closed_on=day,
                today=today,
            )
        assert "closed_on" in refused.value.message_dict

    services.action_set_status(
        action=action, status=ActionStatus.DONE, by=world.user("staff"), today=today
    )
    assert ActionItem.objects.get().closed_on == today


def test_a_rejection_needs_a_reason_and_reopening_clears_the_closing(world: World, concern) -> None:
    action = an_action(concern, by=world.user("staff"))
    by = world.user("staff")
    with pytest.raises(ValidationError) as refused:
        services.action_set_status(action=action, status=ActionStatus.REJECTED, by=by)
    assert "reason" in refused.value.message_dict

    services.action_set_status(
        action=action, status=ActionStatus.REJECTED, by=by, reason="Lygten er kommunens."
    )
    assert action.rejection_reason == "Lygten er kommunens."
    services.action_set_status(action=action, status=ActionStatus.OPEN, by=by)

    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert action.closed_on is None
    assert action.rejection_reason == ""
    assert action.notes.count() == 2


def test_a_status_change_the_transitions_do_not_allow_is_refused(world: World, concern) -> None:
    action = an_action(concern, by=world.user("staff"))
    by = world.user("staff")
    services.action_set_status(action=action, status=ActionStatus.DONE, by=by)

    with pytest.raises(ValidationError) as refused:
        services.action_set_status(action=action, status=ActionStatus.REJECTED, by=by, reason="x")

    assert "status" in refused.value.message_dict
    assert ActionItem.objects.get().status == ActionStatus.DONE


def test_a_note_needs_text(world: World, concern) -> None:
    action = an_action(concern, by=world.user("staff"))
    with pytest.raises(ValidationError):
        services.action_add_note(action=action, text="  ", by=world.user("staff"))
    services.action_add_note(
        action=action, text="Bestilt hos elektrikeren.", by=world.user("staff")
    )
    assert action.notes.get().text == "Bestilt hos elektrikeren."


# Pages -------------------------------------------------------------------------------------


def _list(client, world: World, who: str, **query) -> str:
    client.force_login(world.user(who))
    response = client.get(reverse("panels:actions", args=[world.programme.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_filters_and_marks_the_overdue_in_words(client, world: World, concern) -> None:
    by = world.user("secretariat_head")
    an_action(concern, by=by, description="Forsinket lygte")  # due 30.04.2020, long gone
    done = an_action(concern, by=by, party=Organisation.POLICE, description="Patrulje udført")
    services.action_set_status(action=done, status=ActionStatus.DONE, by=by)

    page = _list(client, world, "secretariat_head")
    assert "Forsinket lygte" in page
    assert "Patrulje udført" in page
    assert page.count('class="action-overdue"') == 1
    assert "Overskredet" in page

    overdue = _list(client, world, "secretariat_head", status="overdue")
    assert "Forsinket lygte" in overdue
    assert "Patrulje udført" not in overdue
    police = _list(client, world, "secretariat_head", party=Organisation.POLICE)
    assert "Patrulje udført" in police
    assert "Forsinket lygte" not in police
    elsewhere = _list(client, world, "secretariat_head", estate=str(world.nojsomhed.pk))
    assert "Forsinket lygte" not in elsewhere


def test_the_partner_sees_only_their_organisation_s_actions(client, world: World, concern) -> None:
    by = world.user("staff")
    theirs = an_action(concern, by=by, description="Kommunens lygte")
    police = an_action(concern, by=by, party=Organisation.POLICE, description="Politiets patrulje")

    page = _list(client, world, "partner")
    assert "Kommunens lygte" in page
    assert "Politiets patrulje" not in page
    slug = world.programme.slug
    assert client.get(reverse("panels:action", args=[slug, theirs.pk])).status_code == 200
    assert client.get(reverse("panels:action", args=[slug, police.pk])).status_code == 404
    assert client.get(reverse("panels:action_update", args=[slug, theirs.pk])).status_code == 403


def test_the_partner_marks_their_action_done_and_writes_a_note(
    client, world: World, concern
) -> None:
    action = an_action(concern, by=world.user("staff"))
    client.force_login(world.user("partner"))
    slug = world.programme.slug

    response = client.post(
        reverse("panels:action_note", args=[slug, action.pk]), {"note-text": "Pæren er bestilt."}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("panels:action_status", args=[slug, action.pk]), {"status-status": "done"}
    )
    assert response.status_code == 302

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert [note.text for note in action.notes.all()] == ["Pæren er bestilt.", "Status: Udført."]


def test_a_rejection_without_reason_comes_back_with_the_form(client, world: World, concern) -> None:
    action = an_action(concern, by=world.user("staff"))
    client.force_login(world.user("staff"))

    response = client.post(
        reverse("panels:action_status", args=[world.programme.slug, action.pk]),
        {"status-status": "rejected"},
    )

    assert response.status_code == 400
    assert "Skriv, hvorfor handlingen afvises." in response.content.decode()
    assert ActionItem.objects.get().status == ActionStatus.OPEN


def test_an_action_is_created_once_from_the_concern(client, world: World, concern) -> None:
    client.force_login(world.user("staff"))
    url = reverse("panels:action_create", args=[world.programme.slug, concern.pk])
    data = {
        "description": "Skift pæren.",
        "party": "municipality",
        "owner": str(world.user("partner").pk),
        "due_on": "2099-01-31",
        "idempotency_key": "action-1",
    }

    first = client.post(url, data)
    again = client.post(url, data)

    action = ActionItem.objects.get()
    assert first.status_code == again.status_code == 302
    assert (
        first.url == again.url == reverse("panels:action", args=[world.programme.slug, action.pk])
    )
    assert action.owner == world.user("partner")
    assert action.created_by == world.user("staff")


def test_the_concern_s_section_lists_its_actions_and_offers_a_new_one(
    rf, world: World, concern
) -> None:
    from django.template.loader import render_to_string

    an_action(concern, by=world.user("staff"), description="Skift pæren")
    request = rf.get("/")
    request.user = world.user("staff")

    html = render_to_string(
        "panels/includes/concern_actions.html", {"concern": concern}, request=request
    )

    assert "Skift pæren" in html
    assert reverse("panels:action_create", args=[world.programme.slug, concern.pk]) in html
    request.user = world.user("police_partner")
    html = render_to_string(
        "panels/includes/concern_actions.html", {"concern": concern}, request=request
    )
    assert "Skift pæren" not in html
    assert "/actions/new/" not in html


def test_the_partner_s_home_page_lists_their_open_actions(client, world: World, concern) -> None:
    by = world.user("staff")
    an_action(concern, by=by, description="Kommunens lygte")
    an_action(concern, by=by, party=Organisation.POLICE, description="Politiets patrulje")
    client.force_login(world.user("partner"))

    page = client.get(reverse("home")).content.decode()

    assert "Kommunens lygte" in page
    assert "Overskredet" in page
    assert "Politiets patrulje" not in page
