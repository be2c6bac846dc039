from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.utils import timezone
from django.utils.timezone import localtime

from helhedsplan.accounts import demo as accounts_demo
from helhedsplan.events import demo as events_demo
from helhedsplan.events.models import Event, EventStatus, EventTypeCode
from helhedsplan.media import demo as media_demo
from helhedsplan.media import queries
from helhedsplan.media.models import Outlet, PressMention, ToneSource
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.demo import follow_up_period
from helhedsplan.programmes.models import Programme

# The seed agreement's years; the follow-up agreement's are tested on their own.
SEED_YEARS = range(2018, 2022)


def cultural_coverage_per_year(
    programme: Programme, years: range = SEED_YEARS
) -> dict[int, tuple[int, int]]:
    """Per year: how many of the held cultural events press covered, and how many were held."""
    held = Event.objects.filter(
        programme=programme,
        type__code=EventTypeCode.CULTURAL,
        status=EventStatus.HELD,
        starts_at__year__in=list(years),
    )
    covered = held.filter(press_mentions__isnull=False).distinct()
    per_year = Counter(localtime(event.starts_at).year for event in held)
    covered_per_year = Counter(localtime(event.starts_at).year for event in covered)
    return {year: (covered_per_year[year], per_year[year]) for year in per_year}


def test_the_demo_loads_once_and_follows_the_criteria(demo: Programme) -> None:
    counts = (PressMention.objects.count(), Outlet.objects.count())
    media_demo.load_demo_data()
    assert (PressMention.objects.count(), Outlet.objects.count()) == counts
    in_seed_years = PressMention.objects.filter(published_on__year__in=list(SEED_YEARS))
    assert 140 <= in_seed_years.count() <= 160
    assert counts[1] == 5

    shares = {
        share.year: share
        for share in queries.positive_share_per_year(programme=demo)
        if share.year in SEED_YEARS
    }
    assert sorted(shares) == [2018, 2019, 2020, 2021]
    assert [shares[year].met for year in sorted(shares)] == [True, False, True, True]

    coverage = cultural_coverage_per_year(demo)
    assert coverage == {2018: (7, 7), 2019: (5, 6), 2020: (5, 5), 2021: (5, 6)}

    overridden = PressMention.objects.filter(tone_source=ToneSource.OVERRIDDEN).count()
    assert 0 < overridden < counts[0] // 5


# The follow-up agreement ------------------------------------------------------------------


def test_the_follow_up_has_mentions_up_to_today_and_one_uncovered_event_a_year(
    demo: Programme,
) -> None:
    first, _last = follow_up_period(demo)
    today = timezone.localdate()
    finished = range(first.year, today.year)

    shares = {share.year: share for share in queries.positive_share_per_year(programme=demo)}
    coverage = cultural_coverage_per_year(demo, finished)

    assert not PressMention.objects.filter(published_on__gt=today).exists()
    assert not PressMention.objects.filter(published_on__year__in=range(2022, first.year)).exists()
    assert all(shares[year].met for year in finished)
    # The second held cultural event of each year is the one no one covered.
    assert coverage == {year: (held - 1, held) for year, (_covered, held) in coverage.items()}
    assert sorted(coverage) == list(finished)


JUNE = datetime.date(2026, 6, 15)
NOVEMBER = datetime.date(2026, 11, 30)


def _load() -> None:
    programmes_demo.load_demo_data()
    accounts_demo.load_demo_data()
    events_demo.load_demo_data()
    media_demo.load_demo_data()


def _follow_up_mentions() -> set[tuple]:
    return set(
        PressMention.objects.filter(published_on__year__gte=2025).values_list(
            "headline", "published_on", "outlet__name", "tone"
        )
    )


@pytest.mark.django_db
def test_a_later_run_adds_the_mentions_since() -> None:
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 6, 15, 12)), tick=False):
        _load()
    in_june = _follow_up_mentions()
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 30, 12)), tick=False):
        _load()
        in_november = _follow_up_mentions()
        _load()

    assert in_june < in_november
    assert all(JUNE < published <= NOVEMBER for _h, published, *_rest in in_november - in_june)
    assert _follow_up_mentions() == in_november
    assert len(in_november) == PressMention.objects.filter(published_on__year__gte=2025).count()
