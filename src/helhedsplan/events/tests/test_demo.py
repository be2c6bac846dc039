from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from helhedsplan.core import indicator_sources as sources
from helhedsplan.events import demo as events_demo
from helhedsplan.events.models import (
    Event,
    EventStatus,
    ExternalBooking,
    Partner,
    TargetGroup,
    Venue,
)
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.demo import follow_up_period
from helhedsplan.programmes.models import Programme

# The seed agreement's years; the follow-up agreement's are tested on their own.
SEED_YEARS = range(2018, 2022)


def _held_per_year(code: str, estate: str | None = None) -> Counter[int]:
    """Held events per year of the seed agreement."""
    events = Event.objects.filter(type__code=code, status=EventStatus.HELD)
    if estate:
        events = events.filter(estates__name=estate)
    moments = events.values_list("starts_at", flat=True)
    return Counter(moment.year for moment in moments if moment.year in SEED_YEARS)


def test_the_demo_loads_once_and_follows_the_criteria(demo) -> None:
    counts = (
        Event.objects.count(),
        Venue.objects.count(),
        Partner.objects.count(),
        TargetGroup.objects.count(),
    )
    events_demo.load_demo_data()
    assert (
        Event.objects.count(),
        Venue.objects.count(),
        Partner.objects.count(),
        TargetGroup.objects.count(),
    ) == counts
    assert counts[1:] == (3, 8, 2)

    assert _held_per_year("theme_evening") == {2018: 6, 2019: 7, 2020: 3, 2021: 6}
    assert _held_per_year("cultural", "Vapnagaard") == {2018: 5, 2019: 4, 2020: 3, 2021: 4}
    assert _held_per_year("cultural", "Nøjsomhed") == {2018: 2, 2019: 2, 2020: 2, 2021: 2}
    assert set(_held_per_year("open_house", "Nøjsomhed").values()) == {1}
    # The outside associations' bookings come from Kulturhus Syd's calendar; nobody marked
    # them held, and K4 counts them as bookings that took place.
    outside = Event.objects.filter(venue__name="Kulturhus Syd", organiser="external")
    assert not outside.filter(status=EventStatus.HELD).exists()
    assert not outside.filter(external_booking__isnull=True).exists()
    source = sources.get("events.event")
    assert source is not None
    took_place = outside.filter(sources.condition(source, {"took_place": True}))
    per_year = Counter(e.starts_at.year for e in took_place)
    assert [per_year[year] for year in range(2018, 2022)] == [2, 3, 4, 6]
    assert Event.objects.filter(status=EventStatus.PLANNED).count() >= 5


def test_the_demo_tags_target_groups_and_counts_volunteers(demo) -> None:
    youth = Event.objects.filter(type__code="youth_initiative")
    assert youth.exists()
    assert not youth.exclude(target_groups__code="youth").exists()
    resident = Event.objects.filter(type__code="resident_activity")
    assert not resident.exclude(target_groups__code="mixed").exists()
    others = Event.objects.exclude(type__code__in=["youth_initiative", "resident_activity"])
    assert not others.filter(target_groups__isnull=False).exists()
    helped = Event.objects.filter(
        status=EventStatus.HELD, type__code__in=["resident_activity", "open_house", "cultural"]
    )
    assert not helped.filter(resident_volunteers__isnull=True).exists()
    planned = Event.objects.filter(status=EventStatus.PLANNED)
    assert not planned.filter(resident_volunteers__isnull=False).exists()
    assert _held_per_year("youth_initiative") == {2018: 2, 2019: 3, 2020: 1, 2021: 2}


# The follow-up agreement ------------------------------------------------------------------


def _held_in(year: int, code: str, estate: str | None = None) -> int:
    events = Event.objects.filter(type__code=code, status=EventStatus.HELD, starts_at__year=year)
    if estate:
        events = events.filter(estates__name=estate)
    return events.count()


def test_the_follow_ups_finished_years_hold_what_the_criteria_ask(demo: Programme) -> None:
    first, _last = follow_up_period(demo)
    today = timezone.localdate()
    assert first.year < today.year

    for year in range(first.year, today.year):
        assert _held_in(year, "theme_evening") == 6
        assert _held_in(year, "cultural", "Vapnagaard") == 4
        assert _held_in(year, "cultural", "Nøjsomhed") == 2
        assert _held_in(year, "youth_initiative") == 2
        for estate in ("Nøjsomhed", "Vapnagaard"):
            assert _held_in(year, "open_house", estate) == 1
            assert _held_in(year, "resident_activity", estate) >= 4
    # Held events are in the past, and none between the two agreements.
    held = Event.objects.filter(status=EventStatus.HELD)
    assert not held.filter(starts_at__gt=timezone.now()).exists()
    assert not held.filter(starts_at__year__in=range(2022, first.year)).exists()


def test_kulturhus_syds_calendar_goes_on_from_the_year_before_the_follow_up(
    demo: Programme,
) -> None:
    first, _last = follow_up_period(demo)
    today = timezone.localdate()
    outside = Event.objects.filter(venue__name="Kulturhus Syd", organiser="external")
    per_year = Counter(timezone.localtime(e.starts_at).year for e in outside)
    years = range(first.year - 1, today.year + 1)

    assert not outside.filter(external_booking__isnull=True).exists()
    assert not outside.filter(status=EventStatus.HELD).exists()
    # One more outside association a year, while there are associations to come.
    most = len(events_demo.OUTSIDE_ASSOCIATIONS)
    assert [per_year[year] for year in years] == [min(year - 2019, most) for year in years]
    assert not any(per_year[year] for year in range(2022, first.year - 1))


JUNE = timezone.make_aware(datetime.datetime(2026, 6, 15, 12))
NOVEMBER = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))


def _follow_up_events() -> tuple[set[tuple], set[tuple]]:
    """The follow-up's held events with their counts, and the calendar's bookings by key."""
    held = Event.objects.filter(status=EventStatus.HELD, starts_at__year__gte=2025)
    calendar = ExternalBooking.objects.filter(key__startswith="ics:demo-202")
    return (
        set(
            held.values_list(
                "title",
                "starts_at",
                "participants_residents",
                "participants_non_residents",
                "resident_volunteers",
            )
        ),
        set(calendar.values_list("key", "event__starts_at")),
    )


def _load() -> None:
    programmes_demo.load_demo_data()
    events_demo.load_demo_data()


@pytest.mark.django_db
def test_a_later_run_adds_the_events_since_as_a_run_that_day_would_make_them() -> None:
    with transaction.atomic():
        with time_machine.travel(NOVEMBER, tick=False):
            _load()
        made_at_once = _follow_up_events()
        transaction.set_rollback(True)

    with time_machine.travel(JUNE, tick=False):
        _load()
    in_june = _follow_up_events()
    with time_machine.travel(NOVEMBER, tick=False):
        _load()
        in_november = _follow_up_events()
        _load()

    held_in_june, calendar_in_june = in_june
    held, calendar = in_november
    assert in_november == made_at_once
    assert held_in_june < held
    assert all(JUNE < starts_at <= NOVEMBER for _t, starts_at, *_counts in held - held_in_june)
    # The calendar holds the whole running year from the first run on.
    assert calendar_in_june == calendar
    assert _follow_up_events() == in_november
