from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from helhedsplan.accounts import demo as accounts_demo
from helhedsplan.counselling import demo as counselling_demo
from helhedsplan.counselling import queries
from helhedsplan.counselling.models import Booking, Closure, Inquiry, OpeningHours
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.models import Estate, Programme

# H1 in the seed agreement: at least ten residents per estate get help every (open) week.
WEEKLY_TARGET = 10


def load() -> None:
    programmes_demo.load_demo_data()
    accounts_demo.load_demo_data()
    counselling_demo.load_demo_data()


def counts() -> tuple[int, ...]:
    models = (Inquiry, Inquiry.topics.through, OpeningHours, Closure, Booking)
    return tuple(model.objects.count() for model in models)


def weekly_counts(estate: Estate, iso_year: int) -> dict[int, int]:
    """Inquiries per ISO week of an ISO year in the estate."""
    rows = (
        Inquiry.objects.filter(estate=estate)
        .annotate(iso_year=ExtractIsoYear("occurred_at"), iso_week=ExtractWeek("occurred_at"))
        .filter(iso_year=iso_year)
        .values("iso_week")
        .annotate(n=Count("pk"))
    )
    return {row["iso_week"]: row["n"] for row in rows}


def test_the_demo_loads_once_and_again_adds_nothing(demo) -> None:
    first = counts()
    load()
    assert counts() == first
    assert first[0] > 3000


def test_the_demo_has_inquiries_only_in_open_weeks_and_some_weeks_below_target(
    demo: Programme,
) -> None:
    for estate in demo.estates.all():
        for year in (2018, 2019, 2020, 2021):
            open_weeks = set(queries.open_weeks(estate, year))
            weekly = weekly_counts(estate, year)
            assert set(weekly) <= open_weeks
            meeting = [week for week in open_weeks if weekly.get(week, 0) >= WEEKLY_TARGET]
            assert 0.5 < len(meeting) / len(open_weeks) < 1
            assert all(8 <= weekly[week] <= 14 for week in open_weeks if week in weekly)
        assert not queries.is_open_week(estate, 2019, 29)  # summer
