from __future__ import annotations

import pytest

from helhedsplan.accounts import demo as accounts_demo
from helhedsplan.counselling import demo, queries
from helhedsplan.counselling.models import Booking, Closure, Inquiry, OpeningHours
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.models import Programme


def load() -> None:
    programmes_demo.load_demo_data()
    accounts_demo.load_demo_data()
    demo.load_demo_data()


def counts() -> tuple[int, ...]:
    models = (Inquiry, Inquiry.topics.through, OpeningHours, Closure, Booking)
    return tuple(model.objects.count() for model in models)


@pytest.mark.django_db
def test_the_demo_loads_once_and_again_adds_nothing() -> None:
    load()
    first = counts()
    load()
    assert counts() == first
    assert first[0] > 3000


@pytest.mark.django_db
def test_the_demo_has_inquiries_only_in_open_weeks_and_some_weeks_below_target() -> None:
    load()
    programme = Programme.objects.get(name=programmes_demo.DEMO_PROGRAMME)
    for estate in programme.estates.all():
        for year in (2018, 2019, 2020, 2021):
            open_weeks = set(queries.open_weeks(estate, year))
            weekly = queries.weekly_counts(estate, year)
            assert set(weekly) <= open_weeks
            summary = queries.weekly_target_summary(estate, year)
            assert 0.5 < summary.share_meeting_target < 1
            assert all(8 <= weekly[week] <= 14 for week in open_weeks if week in weekly)
        assert not queries.is_open_week(estate, 2019, 29)  # summer
