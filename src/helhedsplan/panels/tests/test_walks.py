"""Safety walks and their follow-up meetings (issue 14, part 2)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World
from helhedsplan.panels import services
from helhedsplan.panels.models import Meeting, MeetingStatus, Walk
from helhedsplan.panels.tests.helpers import a_panel, a_walk

# A Wednesday; 182 days are 26 weeks, so the follow-up falls on the same weekday.
WEDNESDAY = datetime.date(2020, 3, 11)


def test_a_walk_schedules_its_follow_up_half_a_year_later(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    walk = a_walk(panel, WEDNESDAY, by=world.user("police"))
    assert (walk.programme, walk.estate, walk.attendance) == (world.programme, world.vapnagaard, 10)
    follow_up = walk.follow_up
    assert follow_up is not None
    assert follow_up.held_on == datetime.date(2020, 9, 9)
    assert (follow_up.panel, follow_up.estate) == (panel, world.vapnagaard)
    assert follow_up.status == MeetingStatus.PLANNED and follow_up.attendance == 0
    assert "Opfølgning på tryghedsvandringen 11.03.2020 i Vapnagaard" in follow_up.agenda


@pytest.mark.parametrize(
    ("walked_on", "follow_up"),
    [
        (datetime.date(2020, 3, 14), datetime.date(2020, 9, 14)),  # a Saturday: the Monday
        (datetime.date(2020, 3, 15), datetime.date(2020, 9, 14)),  # a Sunday: the Monday
        (datetime.date(2020, 3, 13), datetime.date(2020, 9, 11)),  # a Friday stays
    ],
)
def test_the_follow_up_is_never_on_a_weekend(walked_on, follow_up) -> None:
    assert services.follow_up_day(walked_on) == follow_up
    assert follow_up.weekday() < 5


def test_a_walk_is_recorded_once_walked_in_the_panels_estate(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        a_walk(panel, tomorrow, by=world.user("police"))
    assert "walked_on" in refused.value.error_dict
    with pytest.raises(ValidationError):
        a_walk(panel, WEDNESDAY, by=world.user("police"), estate=world.nojsomhed)
    services.panel_update(panel=panel, name=panel.name, active=False)
    with pytest.raises(ValidationError, match="ikke aktivt"):
        a_walk(panel, WEDNESDAY, by=world.user("police"))
    assert not Walk.objects.exists() and not Meeting.objects.exists()
