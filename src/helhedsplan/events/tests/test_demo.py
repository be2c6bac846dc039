from __future__ import annotations

from collections import Counter

from helhedsplan.core import indicator_sources as sources
from helhedsplan.events import demo as events_demo
from helhedsplan.events.models import Event, EventStatus, Partner, TargetGroup, Venue


def _held_per_year(code: str, estate: str | None = None) -> Counter[int]:
    events = Event.objects.filter(type__code=code, status=EventStatus.HELD)
    if estate:
        events = events.filter(estates__name=estate)
    return Counter(moment.year for moment in events.values_list("starts_at", flat=True))


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
