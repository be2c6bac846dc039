"""The granted activity as an event: the application says whether the activity gathers a
mixed group, a grant makes a planned event of the resident-driven type, and once held it
counts for F4 in its estate and year (the indicator engine, with the seed's definition)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World, pdf_text
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventTypeCode,
    Organiser,
    TargetGroupCode,
)
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, CommitteeMeeting, Outcome, Pool
from helhedsplan.grants.tests.helpers import PDF, a_pool, an_application, form_data
from helhedsplan.indicators.demo import CATALOGUE
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import indicator, results

pytestmark = pytest.mark.django_db

# The activities are in 2025, the committee met before them; the year is over by then.
MEETING_DAY = datetime.date(2025, 5, 12)
AFTER = datetime.date(2026, 2, 1)


@pytest.fixture
def pool(world: World) -> Pool:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    services.pool_frame_set(pool=pool, year=2025, amount=Decimal("50000"))
    return pool


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=MEETING_DAY)


def granted(
    world: World,
    pool: Pool,
    meeting: CommitteeMeeting,
    *,
    estate=None,
    outcome: Outcome = Outcome.APPROVED,
    **changes: Any,
) -> Application:
    changes.setdefault("starts_on", datetime.date(2025, 6, 1))
    application = an_application(pool, estate or world.vapnagaard, **changes)
    services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )
    services.decision_record(
        application=application,
        outcome=outcome,
        amount_granted=Decimal("1000.00") if outcome == Outcome.PARTLY_APPROVED else None,
        meeting=meeting,
        conditions="",
        reasons="" if outcome == Outcome.APPROVED else "Rammen er brugt.",
        report_due_on=None,
        decided_by=world.user("staff"),
    )
    application.refresh_from_db()
    return application


# Mixed group when stated --------------------------------------------------------------------


def test_the_public_form_asks_and_stores_whether_the_group_is_mixed(
    client, world: World, pool: Pool
) -> None:
    url = reverse("grants:apply", args=[pool.link_key])
    page = client.get(url).content.decode()
    assert "Samler aktiviteten beboere på tværs af etnicitet og generationer?" in page
    assert client.post(url, form_data(world.vapnagaard, mixed_group="yes")).status_code == 302
    # A form sent without an answer says no.
    assert client.post(url, form_data(world.vapnagaard)).status_code == 302
    assert list(Application.objects.order_by("pk").values_list("mixed_group", flat=True)) == [
        True,
        False,
    ]


def test_the_paper_form_asks_too(client, world: World, pool: Pool) -> None:
    client.force_login(world.user("staff"))
    url = reverse("grants:application_create", args=[world.programme.slug, pool.pk])
    data = form_data(world.vapnagaard, mixed_group="yes", **{"consent-given_on": "2026-03-01"})
    del data["consent-consent"]
    assert "etnicitet og generationer" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert Application.objects.get().mixed_group is True


def test_the_page_and_the_agenda_show_the_answer(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application(pool, world.vapnagaard, mixed_group=True)
    services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )
    services.application_place(application=application, meeting=meeting)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "<dt>På tværs af etnicitet og generationer</dt><dd>Ja</dd>" in page
    url = reverse("grants:meeting_agenda", args=[world.programme.slug, pool.pk, meeting.pk])
    text = pdf_text(client.get(url).content)
    # The terms float left of their values: the text reads the terms, then the values.
    assert "Målgruppe På tværs af etnicitet og generationer Ansøgt beløb" in text
    assert "Alle beboere Ja 1.234,50 kr." in text


# The event ---------------------------------------------------------------------------------


def test_a_grant_becomes_a_planned_resident_activity_in_the_estate(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = granted(
        world,
        pool,
        meeting,
        mixed_group=True,
        activity="Fællesspisning",
        ends_on=datetime.date(2025, 6, 3),
    )
    event = application.event
    assert event is not None
    assert event.title == "Fællesspisning"
    assert event.programme == world.programme
    assert list(event.estates.all()) == [world.vapnagaard]
    assert event.type.code == EventTypeCode.RESIDENT_ACTIVITY
    assert event.organiser == Organiser.RESIDENTS
    assert event.status == EventStatus.PLANNED
    assert [group.code for group in event.target_groups.all()] == [TargetGroupCode.MIXED]
    assert timezone.localtime(event.starts_at).date() == datetime.date(2025, 6, 1)
    assert event.ends_at is not None
    assert timezone.localtime(event.ends_at).date() == datetime.date(2025, 6, 3)
    assert application.reference in event.notes


def test_a_partial_grant_is_an_event_and_a_rejection_is_not(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    partly = granted(world, pool, meeting, outcome=Outcome.PARTLY_APPROVED)
    rejected = granted(world, pool, meeting, outcome=Outcome.REJECTED)
    assert partly.event is not None
    assert not partly.event.target_groups.exists()  # mixed not stated
    assert rejected.event is None
    assert Event.objects.count() == 1


def test_the_application_page_links_to_its_event(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = granted(world, pool, meeting)
    assert application.event is not None
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert application.event.get_absolute_url() in page


def _f4(world: World) -> None:
    indicator(
        world,
        "A2.4",
        code="F4",
        kind="count",
        source="events.event",
        source_filter=CATALOGUE["A2.4"]["source_filter"],
        targets=[TargetSpec(Decimal(4))],
    )


def test_held_it_counts_for_f4_in_its_estate_only_and_only_for_a_mixed_group(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    _f4(world)
    mixed = granted(world, pool, meeting, mixed_group=True)
    not_stated = granted(world, pool, meeting, activity="Grillaften")
    planned = granted(world, pool, meeting, mixed_group=True, activity="Loppemarked")

    found = results(world, today=AFTER, years=[2025])
    assert found[("F4", "Vapnagaard", 2025)].value in (None, 0)

    services.granted_event_held(
        application=mixed, participants_residents=30, participants_non_residents=4
    )
    services.granted_event_held(
        application=not_stated, participants_residents=12, participants_non_residents=0
    )
    found = results(world, today=AFTER, years=[2025])
    assert found[("F4", "Vapnagaard", 2025)].value == 1
    assert found[("F4", "Nøjsomhed", 2025)].value in (None, 0)
    event = Event.objects.get(grant_application=mixed)
    assert (event.status, event.participants_total) == (EventStatus.HELD, 34)
    assert Event.objects.get(grant_application=planned).status == EventStatus.PLANNED


def test_an_application_without_a_grant_has_no_event_to_hold(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    rejected = granted(world, pool, meeting, outcome=Outcome.REJECTED)
    with pytest.raises(ValidationError, match="intet arrangement"):
        services.granted_event_held(
            application=rejected, participants_residents=1, participants_non_residents=0
        )
    assert services.granted_event_cancel(application=rejected) is None


def test_a_cancelled_grant_cancels_its_event_but_not_a_held_one(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    cancelled = granted(world, pool, meeting)
    event = services.granted_event_cancel(application=cancelled)
    assert event is not None and event.status == EventStatus.CANCELLED
    held = granted(world, pool, meeting, activity="Grillaften")
    services.granted_event_held(
        application=held, participants_residents=5, participants_non_residents=1
    )
    with pytest.raises(ValidationError):
        services.granted_event_cancel(application=held)
    assert Event.objects.get(grant_application=held).status == EventStatus.HELD


def test_the_report_back_holds_the_event_and_a_cancelled_closing_cancels_it(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    _f4(world)
    staff = world.user("staff")
    reported = granted(world, pool, meeting, mixed_group=True)
    services.payout_record(
        application=reported,
        paid_on=MEETING_DAY,
        amount=Decimal("1234.50"),
        recorded_by=staff,
    )
    services.report_back_record(
        application=reported,
        participants_residents=25,
        participants_non_residents=5,
        evaluation="Mange kom, også nye naboer.",
        receipts=[SimpleUploadedFile("kvittering.pdf", PDF)],
        photos=[],
        photo_consent=False,
        entered_by=staff,
        resident_volunteers=4,
    )
    event = Event.objects.get(grant_application=reported)
    assert (event.status, event.participants_total) == (EventStatus.HELD, 30)
    assert event.resident_volunteers == 4
    assert results(world, today=AFTER, years=[2025])[("F4", "Vapnagaard", 2025)].value == 1

    cancelled = granted(world, pool, meeting, activity="Grillaften")
    services.application_close(
        application=cancelled,
        returned=Decimal("0"),
        returned_on=None,
        note="Aflyst: regnvejr.",
        closed_by=staff,
    )
    assert Event.objects.get(grant_application=cancelled).status == EventStatus.CANCELLED


def test_a_report_back_before_the_activity_is_refused_and_stores_nothing(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    staff = world.user("staff")
    starts_on = timezone.localdate() + datetime.timedelta(days=7)
    services.pool_frame_set(pool=pool, year=starts_on.year, amount=Decimal("50000"))
    coming = granted(world, pool, meeting, starts_on=starts_on)
    services.payout_record(
        application=coming,
        paid_on=MEETING_DAY,
        amount=Decimal("1234.50"),
        recorded_by=staff,
    )
    with pytest.raises(ValidationError, match="Aktiviteten er ikke holdt endnu"):
        services.report_back_record(
            application=coming,
            participants_residents=1,
            participants_non_residents=0,
            evaluation="For tidligt.",
            receipts=[SimpleUploadedFile("kvittering.pdf", PDF)],
            photos=[],
            photo_consent=False,
            entered_by=staff,
        )
    coming.refresh_from_db()
    assert coming.status == "paid"
    assert Event.objects.get(grant_application=coming).status == EventStatus.PLANNED
