"""The demo's two grant pools hold applications at every stage of the cycle, an overdue
report and a partly approved grant among them, and the activities held count for F4."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from helhedsplan.accounts import demo as accounts_demo
from helhedsplan.events.models import EventStatus
from helhedsplan.grants import demo as demo_module
from helhedsplan.grants import queries
from helhedsplan.grants.demo import APPLICATIONS, JOINT_POOL, VAPNAGAARD_POOL
from helhedsplan.grants.models import Application, Pool, Status
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.models import Programme


def test_the_demo_has_two_pools_with_applications_at_every_stage(demo: Programme) -> None:
    pools = Pool.objects.filter(programme=demo)
    assert sorted(pools.values_list("name", flat=True)) == sorted([JOINT_POOL, VAPNAGAARD_POOL])
    applications = Application.objects.filter(programme=demo)
    assert applications.count() == len(APPLICATIONS)
    assert set(applications.values_list("status", flat=True)) == set(Status)
    assert applications.filter(status=Status.UNDER_REVIEW, questions__isnull=False).exists()
    guidelines = [queries.guideline_in_force(pool) for pool in pools]
    assert all(guideline is not None and guideline.pdf for guideline in guidelines)
    overdue = queries.overdue_reports(applications, today=timezone.localdate())
    assert [application.activity for application in overdue] == ["Bankoaften i beboerhuset"]


def test_the_demos_money_adds_up_and_its_held_activities_count(demo: Programme) -> None:
    year = timezone.localdate().year
    for pool in Pool.objects.filter(programme=demo):
        money = queries.pool_money(pool, year)
        assert money.committed - money.returned <= money.frame
        assert money.remaining == money.frame - money.committed + money.returned
    held = Application.objects.filter(programme=demo, event__status=EventStatus.HELD)
    assert sorted(held.values_list("activity", flat=True)) == sorted(
        demo_application.activity
        for demo_application in APPLICATIONS
        if demo_application.participants != (0, 0)
    )
    assert all(
        application.event is not None and application.event.participants_total
        for application in held
    )


@pytest.mark.django_db
def test_the_demo_loads_late_in_the_year_when_activities_fall_in_the_next() -> None:
    """Activities a few weeks ahead fall in next year from December: its frame is set."""
    with time_machine.travel(datetime.datetime(2026, 12, 20, 12, tzinfo=datetime.UTC)):
        programmes_demo.load_demo_data()
        accounts_demo.load_demo_data()
        demo_module.load_demo_data()
        applications = Application.objects.all()
        assert applications.count() == len(APPLICATIONS)
        assert applications.filter(decision__frame_year=2027).exists()
