from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.urls import reverse
from django.utils import timezone

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


# The follow-up agreement ------------------------------------------------------------------


def test_the_follow_up_has_inquiries_in_its_open_weeks_up_to_now(demo: Programme) -> None:
    first, _last = programmes_demo.follow_up_period(demo)
    today = timezone.localdate()
    assert not Inquiry.objects.filter(occurred_at__gt=timezone.now()).exists()
    for estate in demo.estates.all():
        for iso_year in range(first.year, today.isocalendar().year + 1):
            open_weeks = set(queries.open_weeks(estate, iso_year))
            weekly = weekly_counts(estate, iso_year)
            finished = [
                week
                for week in open_weeks
                if datetime.date.fromisocalendar(iso_year, week, 7) < today
            ]
            assert set(weekly) <= open_weeks
            assert all(8 <= weekly.get(week, 0) <= 14 for week in finished), (estate, iso_year)


def _follow_up_inquiries() -> set[tuple[str, datetime.datetime, str, tuple[str, ...]]]:
    first = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return {
        (
            inquiry.estate.name,
            inquiry.occurred_at,
            inquiry.channel,
            tuple(sorted(topic.name for topic in inquiry.topics.all())),
        )
        for inquiry in Inquiry.objects.filter(occurred_at__gte=first)
        .select_related("estate")
        .prefetch_related("topics")
    }


# A Wednesday in the middle of Nøjsomhed's opening hours: a run then makes the week's first
# sessions, and a later run the rest of the week as if it had been made at once.
JUNE = timezone.make_aware(datetime.datetime(2026, 6, 17, 14, 30))
NOVEMBER = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))


@pytest.mark.django_db
def test_a_later_run_adds_the_inquiries_since_as_a_run_that_day_would_make_them() -> None:
    with transaction.atomic():
        with time_machine.travel(NOVEMBER, tick=False):
            load()
        made_at_once = _follow_up_inquiries()
        transaction.set_rollback(True)

    with time_machine.travel(JUNE, tick=False):
        load()
    in_june = _follow_up_inquiries()
    seed_years = Inquiry.objects.filter(occurred_at__year__lte=2021).count()
    with time_machine.travel(NOVEMBER, tick=False):
        load()
        in_november = _follow_up_inquiries()
        load()

    assert in_june < in_november == made_at_once
    assert all(JUNE < moment <= NOVEMBER for _e, moment, _c, _t in in_november - in_june)
    assert max(moment for _e, moment, _c, _t in in_june) > JUNE - datetime.timedelta(days=7)
    assert _follow_up_inquiries() == in_november
    assert Inquiry.objects.filter(occurred_at__year__lte=2021).count() == seed_years


def test_the_mapping_opens_on_the_running_year(client, demo: Programme) -> None:
    client.force_login(User.objects.get(username="leder"))

    page = client.get(reverse("counselling:mapping", kwargs={"slug": demo.slug}))

    assert page.status_code == 200
    assert page.context["mapping"].year == timezone.localdate().year
