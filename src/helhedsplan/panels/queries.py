"""Reads of the resident panels: what their pages show, counted by the database."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from helhedsplan.panels.models import Meeting, Member, Panel


def panel_list(panels: QuerySet[Panel]) -> QuerySet[Panel]:
    """The panels with their current members and meetings this year."""
    today = timezone.localdate()
    return (
        panels.select_related("estate")
        .annotate(
            current_members=Count(
                "members", filter=Q(members__left_on__isnull=True), distinct=True
            ),
            meetings_this_year=Count(
                "meetings", filter=Q(meetings__held_on__year=today.year), distinct=True
            ),
        )
        .order_by("-active", "name", "pk")
    )


def current_and_former(members: QuerySet[Member]) -> tuple[list[Member], list[Member]]:
    """The members still on the panel, and those who left (a leaving is never in the
    future: ``services.member_leave``)."""
    rows = list(members.select_related("estate").order_by("name", "pk"))
    return [m for m in rows if m.left_on is None], [m for m in rows if m.left_on is not None]


def meeting_list(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("estate").annotate(members_present=Count("attendees"))


def meetings_per_year(meetings: QuerySet[Meeting]) -> list[dict]:
    """Per estate and year, how many meetings (what P1 counts), newest year first."""
    return list(
        meetings.annotate(year=ExtractYear("held_on"))
        .values("year", "estate__name")
        .annotate(count=Count("pk"))
        .order_by("-year", "estate__name")
    )


def attendees_of(meeting: Meeting) -> QuerySet[Member]:
    return Member.objects.filter(attended__meeting=meeting).order_by("name", "pk")


def members_on(panel: Panel, day: datetime.date) -> QuerySet[Member]:
    """The panel's members on ``day``: joined by then and not left before."""
    return panel.members.filter(joined_on__lte=day).exclude(left_on__lt=day)
