"""What the counselling offers the indicators: inquiries, their filters and the open weeks."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conftest import World
from helhedsplan.core import indicator_sources as sources
from helhedsplan.counselling import queries, services
from helhedsplan.counselling.models import Inquiry, Weekday
from helhedsplan.counselling.tests.helpers import local, register


def _inquiries() -> sources.Source:
    source = sources.get("counselling.inquiry")
    assert source is not None
    return source


def _rows(wanted: dict) -> set[Inquiry]:
    return set(Inquiry.objects.filter(sources.condition(_inquiries(), wanted)))


def test_inquiries_are_counted_by_topic_and_bridging(world: World) -> None:
    (housing,) = register(world.vapnagaard, ["Boligstøtte"], at=local(2021, 3, 2, 14))
    (bridged,) = register(world.nojsomhed, ["Kost"], ["Jobcenter"], at=local(2021, 3, 2, 15))
    (both,) = register(world.nojsomhed, ["Kost", "Boligstøtte"], at=local(2021, 3, 2, 16))

    assert _rows({"topic": "Boligstøtte"}) == {housing, both}
    assert _rows({"topic": "Kost", "bridged_to": "Jobcenter"}) == {bridged}
    assert _rows({"categorised": True}) == {housing, bridged, both}
    assert _rows({"categorised": False}) == set()
    assert _inquiries().anonymous


def test_the_weeks_a_weekly_target_counts_are_the_open_weeks_read_in_two_queries(
    world: World, django_assert_num_queries
) -> None:
    """Vapnagaard opens on Tuesdays, Nøjsomhed on Thursdays from March 2021; a closure
    takes week 10 of 2021 from Vapnagaard."""
    for estate, weekday, valid_from in (
        (world.vapnagaard, Weekday.TUESDAY, None),
        (world.nojsomhed, Weekday.THURSDAY, datetime.date(2021, 3, 1)),
    ):
        services.opening_hours_add(
            estate=estate,
            weekday=weekday,
            starts=datetime.time(13),
            ends=datetime.time(17),
            place="Beboerhuset",
            valid_from=valid_from,
        )
    services.closure_add(
        estate=world.vapnagaard,
        starts=datetime.date(2021, 3, 8),
        ends=datetime.date(2021, 3, 14),
        reason="Vandskade",
    )
    estates = [world.nojsomhed, world.vapnagaard]
    eligible_weeks = _inquiries().eligible_weeks
    assert eligible_weeks is not None

    with django_assert_num_queries(2):
        found = eligible_weeks(estates, [2020, 2021])

    assert found[(world.vapnagaard.pk, 2020)] == set(range(1, 54))
    assert found[(world.vapnagaard.pk, 2021)] == set(range(1, 53)) - {10}
    assert found[(world.nojsomhed.pk, 2020)] == set()
    assert found[(world.nojsomhed.pk, 2021)] == set(range(9, 53))
    assert queries.open_weeks(world.vapnagaard, 2021) == sorted(found[(world.vapnagaard.pk, 2021)])


def test_only_the_people_who_register_inquiries_get_a_link_to_them(world: World) -> None:
    source = _inquiries()
    assert source.list_url is not None and source.may_list is not None

    url = source.list_url(
        world.programme, world.vapnagaard, datetime.date(2021, 1, 4), datetime.date(2021, 3, 7)
    )

    assert url == (
        reverse("counselling:inquiry_list", kwargs={"slug": world.programme.slug})
        + f"?date_from=2021-01-04&date_to=2021-03-07&estate={world.vapnagaard.pk}"
    )
    assert source.may_list(world.user("staff"), world.programme)
    assert not source.may_list(world.user("board"), world.programme)
