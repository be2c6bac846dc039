from __future__ import annotations

from collections import Counter

from django.utils.timezone import localtime

from helhedsplan.events.models import Event, EventStatus, EventTypeCode
from helhedsplan.media import demo as media_demo
from helhedsplan.media import queries
from helhedsplan.media.models import Outlet, PressMention, ToneSource
from helhedsplan.programmes.models import Programme


def cultural_coverage_per_year(programme: Programme) -> dict[int, tuple[int, int]]:
    """Per year: how many of the held cultural events press covered, and how many were held."""
    held = Event.objects.filter(
        programme=programme, type__code=EventTypeCode.CULTURAL, status=EventStatus.HELD
    )
    covered = held.filter(press_mentions__isnull=False).distinct()
    per_year = Counter(localtime(event.starts_at).year for event in held)
    covered_per_year = Counter(localtime(event.starts_at).year for event in covered)
    return {year: (covered_per_year[year], per_year[year]) for year in per_year}


def test_the_demo_loads_once_and_follows_the_criteria(demo: Programme) -> None:
    counts = (PressMention.objects.count(), Outlet.objects.count())
    media_demo.load_demo_data()
    assert (PressMention.objects.count(), Outlet.objects.count()) == counts
    assert 140 <= counts[0] <= 160
    assert counts[1] == 5

    shares = {share.year: share for share in queries.positive_share_per_year(programme=demo)}
    assert sorted(shares) == [2018, 2019, 2020, 2021]
    assert [shares[year].met for year in sorted(shares)] == [True, False, True, True]

    coverage = cultural_coverage_per_year(demo)
    assert coverage == {2018: (7, 7), 2019: (5, 6), 2020: (5, 5), 2021: (5, 6)}

    overridden = PressMention.objects.filter(tone_source=ToneSource.OVERRIDDEN).count()
    assert 0 < overridden < counts[0] // 5
