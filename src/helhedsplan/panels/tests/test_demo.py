"""The demo's resident panels: one per estate, members on consent, meetings about every second
month from 2018 to today, and P1 on the dashboard counted from them."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators import queries
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.panels.demo import FIRST_YEAR, SKIPPED, load_demo_data
from helhedsplan.panels.models import Meeting, Member, Panel
from helhedsplan.programmes.models import Programme


def test_the_demo_has_a_panel_per_estate_with_members_and_meetings(demo: Programme) -> None:
    panels = Panel.objects.filter(programme=demo)
    assert {panel.estate.name for panel in panels if panel.estate} == {"Nøjsomhed", "Vapnagaard"}
    assert Member.objects.filter(programme=demo, left_on__isnull=False).count() == 2
    assert all(member.consent_id for member in Member.objects.filter(programme=demo))
    before = Meeting.objects.count()
    load_demo_data()
    assert Meeting.objects.count() == before


def test_the_dashboard_shows_p1_as_the_demo_meetings_count(demo: Programme) -> None:
    agreement = Agreement.objects.get(programme=demo)
    p1 = Indicator.objects.get(agreement=agreement, code="P1")
    years = list(range(FIRST_YEAR, 2022))
    board = queries.dashboard(agreement, years=years)
    counted = {
        (row["estate__name"], row["year"]): row["count"]
        for row in Meeting.objects.filter(programme=demo)
        .annotate(year=ExtractYear("held_on"))
        .values("estate__name", "year")
        .annotate(count=Count("pk"))
    }
    for estate in demo.estates.all():
        for year in years:
            cell = board.cell(p1, estate, year)
            assert cell is not None
            assert cell.result.value == counted[(estate.name, year)]
            short = (estate.name, year) in SKIPPED
            assert cell.result.status == (Outcome.NOT_MET if short else Outcome.MET)
