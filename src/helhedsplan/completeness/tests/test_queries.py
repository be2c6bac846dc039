"""Each kind of gap, found where data is missing and not found where it is not."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from helhedsplan.completeness import queries
from helhedsplan.completeness.queries import Kind
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.tests.helpers import local, register
from helhedsplan.events import queries as event_queries
from helhedsplan.events import services as event_services
from helhedsplan.events.models import EventStatus, EventTypeCode
from helhedsplan.grants import services as grant_services
from helhedsplan.grants.tests.helpers import a_pool, an_application, paid_application
from helhedsplan.panels.models import ActionStatus
from helhedsplan.panels.tests.helpers import a_concern_in, a_meeting, a_panel, an_action
from helhedsplan.series.tests.factories import a_figure, safety_series
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave
from helhedsplan.volunteers.tests.helpers import a_volunteer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 1)


def _labels(world: World, kind: Kind, today: datetime.date = TODAY) -> list[str]:
    estates = [world.nojsomhed, world.vapnagaard]
    found = queries.cockpit(world.programme, estates, reviews=True, today=today)
    return [f"{gap.estate.name}: {gap.label}" for gap in found.gaps if gap.kind == kind]


def test_an_open_week_without_inquiries_is_a_gap(world: World) -> None:
    counselling_services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=1,
        starts=datetime.time(10),
        ends=datetime.time(14),
        place="Beboerhuset",
    )
    register(world.vapnagaard, ["Økonomi og gæld"], at=local(2026, 1, 6, 11))
    labels = _labels(world, Kind.QUIET_WEEK, today=datetime.date(2026, 1, 21))
    assert labels == [
        "Vapnagaard: Uge 3 (12.01.2026–18.01.2026)",
        "Vapnagaard: Uge 1 (29.12.2025–04.01.2026)",
    ]


def _event(world: World, day: datetime.date, **more: object) -> None:
    event_services.event_create(
        programme=world.programme,
        type=event_queries.event_type_by_code(EventTypeCode.CULTURAL),
        title=f"Fællesspisning {day}",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(17))),
        estates=[world.nojsomhed],
        created_by=None,
        **more,  # type: ignore[arg-type]
    )


def test_a_past_event_not_marked_held_is_a_gap_and_a_counted_one_is_not(world: World) -> None:
    _event(world, datetime.date(2026, 3, 5))
    _event(
        world,
        datetime.date(2026, 4, 5),
        status=EventStatus.HELD,
        participants_residents=12,
        participants_non_residents=2,
    )
    _event(world, datetime.date(2026, 10, 5))
    assert _labels(world, Kind.EVENT_WITHOUT_COUNTS) == [
        "Nøjsomhed: Fællesspisning 2026-03-05 (05.03.2026)"
    ]


def test_a_statistic_without_the_years_figure_is_a_gap_per_estate(world: World) -> None:
    series = safety_series(world)
    a_figure(series, world.nojsomhed, "2026", "71")
    assert _labels(world, Kind.SERIES_WITHOUT_FIGURE) == [f"Vapnagaard: {series.name} 2026"]


def test_a_closed_wave_short_of_its_target_is_a_gap(world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    a_wave(
        questionnaire,
        world.nojsomhed,
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 5, 31),
        target=20,
    )
    # Without a target, or closing long after today: not (yet) short.
    a_wave(
        questionnaire,
        world.vapnagaard,
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 5, 31),
        target=None,
    )
    a_wave(
        questionnaire,
        world.vapnagaard,
        opens_on=datetime.date(2026, 8, 1),
        closes_on=datetime.date(2026, 11, 30),
        target=20,
    )
    assert _labels(world, Kind.WAVE_SHORT) == [
        "Nøjsomhed: Hverdagsrådgivningen, lukker 31.05.2026: 0 af 20 svar"
    ]


def test_a_panel_behind_six_meetings_a_year_is_a_gap(world: World) -> None:
    by = world.user("staff")
    vapnagaard = a_panel(world.programme, world.vapnagaard)
    nojsomhed = a_panel(world.programme, world.nojsomhed)
    for month in (1, 3, 5):
        a_meeting(vapnagaard, datetime.date(2026, month, 10), by=by)
    a_meeting(nojsomhed, datetime.date(2026, 2, 10), by=by)
    # By 1 September three of six are due.
    assert _labels(world, Kind.MEETINGS_BEHIND) == [
        "Nøjsomhed: 1 møder holdt; 3 ved denne tid af året"
    ]


def test_a_grant_report_past_its_deadline_is_a_gap(world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head)
    meeting = grant_services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))
    for due, activity in ((datetime.date(2026, 7, 1), "Forsinket"), (TODAY, "I tide")):
        paid_application(
            an_application(pool, world.vapnagaard, activity=activity),
            meeting=meeting,
            by=head,
            report_due_on=due,
        )
    labels = _labels(world, Kind.GRANT_REPORT_OVERDUE)
    assert len(labels) == 1
    assert "Forsinket, frist 01.07.2026" in labels[0]


def test_an_open_action_past_its_deadline_is_a_gap(world: World) -> None:
    by = world.user("staff")
    concern = a_concern_in(world.programme, world.vapnagaard, raised_on=datetime.date(2026, 3, 1))
    an_action(concern, by=by, due_on=datetime.date(2026, 6, 1), description="Ryd op")
    an_action(concern, by=by, due_on=datetime.date(2026, 12, 1), description="Senere")
    assert _labels(world, Kind.ACTION_OVERDUE) == ["Vapnagaard: Ryd op, frist 01.06.2026"]
    assert ActionStatus.OPEN


def test_a_volunteer_idle_past_retention_is_due_for_review(world: World) -> None:
    by = world.user("secretariat_head")
    # A change of the record counts as activity: Gerda's was made years ago.
    with time_machine.travel(datetime.datetime(2020, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        a_volunteer(world.programme, world.nojsomhed, by=by, name="Gammel Gerda")
    a_volunteer(world.programme, world.vapnagaard, by=by, name="Ny Nina", started_on=TODAY)
    labels = _labels(world, Kind.VOLUNTEER_REVIEW)
    assert len(labels) == 1
    # Never by name: the cockpit and its mail reach staff who do not review personal data.
    assert labels[0].startswith("Nøjsomhed: En frivillig, slettes ")
    staff_view = queries.cockpit(world.programme, [world.nojsomhed], reviews=False, today=TODAY)
    assert not [gap for gap in staff_view.gaps if gap.kind == Kind.VOLUNTEER_REVIEW]


def test_the_cockpit_groups_by_activity_and_estate(world: World) -> None:
    series = safety_series(world)
    found = queries.cockpit(world.programme, [world.vapnagaard], reviews=True, today=TODAY)
    assert [(group.activity, group.estate.name, group.total) for group in found.groups()] == [
        ("Overordnede succeskriterier", "Vapnagaard", 1)
    ]
    assert found.counts() == [("Statistik uden årets tal", 1)]
    assert series.name in found.gaps[0].label
