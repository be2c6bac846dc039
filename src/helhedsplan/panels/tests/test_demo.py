"""The demo's resident panels: one per estate, members on consent, meetings about every second
month from 2018 to today, and P1 on the dashboard counted from them."""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone

from helhedsplan.accounts.models import Organisation
from helhedsplan.agreements.models import Agreement
from helhedsplan.indicators import queries
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.panels.demo import FIRST_YEAR, SKIPPED, load_demo_data
from helhedsplan.panels.models import (
    ActionItem,
    ActionStatus,
    Concern,
    ConcernCategory,
    Evaluation,
    EvaluationKind,
    Meeting,
    MeetingStatus,
    Member,
    Panel,
    ProgressNote,
    SitePlan,
    Walk,
)
from helhedsplan.panels.queries import carried_actions
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
        for row in Meeting.objects.filter(programme=demo, status=MeetingStatus.HELD)
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


# concerns, actions in every status, walks, planned meetings, evaluations.


def test_the_demo_has_actions_in_every_status_for_every_party(demo: Programme) -> None:
    today = timezone.localdate()
    actions = ActionItem.objects.filter(programme=demo)
    found = set(actions.values_list("party", "status").distinct())
    for party in Organisation.values:
        for status in ActionStatus.values:
            assert (party, status) in found, (party, status)
    done = actions.filter(status=ActionStatus.DONE)
    assert done.filter(closed_on__lte=F("due_on")).exists()
    assert done.filter(closed_on__gt=F("due_on")).exists()
    assert not actions.filter(status=ActionStatus.REJECTED, rejection_reason="").exists()
    open_ = actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    assert open_.filter(due_on__lt=today).exists() and open_.filter(due_on__gte=today).exists()
    assert ProgressNote.objects.filter(action__programme=demo).count() >= actions.count()
    concerns = Concern.objects.filter(programme=demo)
    assert set(concerns.values_list("category", flat=True)) == set(ConcernCategory.values)
    assert not concerns.filter(site_plan__isnull=True).exists()
    assert SitePlan.objects.filter(programme=demo).count() == 2
    walks = Walk.objects.filter(programme=demo)
    assert walks.count() == 2 and not walks.filter(follow_up__isnull=True).exists()
    follow_up = Meeting.objects.get(followed_walk__estate__name="Vapnagaard", programme=demo)
    walked = set(
        ActionItem.objects.filter(concern__walk__follow_up=follow_up).values_list("pk", flat=True)
    )
    assert walked and walked <= set(carried_actions(follow_up).values_list("pk", flat=True))
    planned = Meeting.objects.filter(programme=demo, status=MeetingStatus.PLANNED)
    assert planned.count() == 4 and not planned.filter(held_on__lte=today).exists()
    before = (ActionItem.objects.count(), Concern.objects.count(), Evaluation.objects.count())
    load_demo_data()
    after = (ActionItem.objects.count(), Concern.objects.count(), Evaluation.objects.count())
    assert after == before


def test_the_dashboard_shows_p2_from_the_demo_evaluations(demo: Programme) -> None:
    agreement = Agreement.objects.get(programme=demo)
    p2 = Indicator.objects.get(agreement=agreement, code="P2")
    board = queries.dashboard(agreement, years=[2019, 2020, 2021])
    status = {year: board.cell(p2, None, year).result.status for year in (2019, 2020, 2021)}  # type: ignore[union-attr]
    assert status == {2019: Outcome.MET, 2020: Outcome.NOT_MET, 2021: Outcome.MET}
    kinds = set(Evaluation.objects.filter(programme=demo).values_list("kind", flat=True))
    assert kinds == set(EvaluationKind.values)
    p1 = Indicator.objects.get(agreement=agreement, code="P1")
    cell = board.cell(p1, demo.estates.get(name="Vapnagaard"), 2019)
    assert cell is not None and cell.result.value == 6 and cell.result.status == Outcome.MET
