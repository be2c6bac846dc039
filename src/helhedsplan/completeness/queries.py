"""What is missing from the running year's data, per activity and estate: the cockpit.

Each kind of gap asks the app that owns the data (its ``queries`` where one fits), counted by
the database; every gap names the estate it belongs to and links to the page that fixes it.
The running period is the calendar year of today, as the dashboard's running year.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.counselling import queries as counselling_queries
from helhedsplan.events import queries as event_queries
from helhedsplan.events.models import Event
from helhedsplan.grants import queries as grant_queries
from helhedsplan.grants.models import Application
from helhedsplan.panels import queries as panel_queries
from helhedsplan.panels.models import ActionItem, Meeting, MeetingStatus, Panel
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.models import Observation, Scope, Series
from helhedsplan.surveys.models import Wave
from helhedsplan.volunteers.models import Volunteer
from helhedsplan.volunteers.register import REGISTER as VOLUNTEER_REGISTER

# The panel meets six times a year (P1): the pace the meetings so far are held against.
MEETINGS_A_YEAR = 6
# A wave closing within this many days is counted with the closed ones: there is little time
# left to reach its target.
WAVE_CLOSING_DAYS = 14


class Kind(StrEnum):
    QUIET_WEEK = "quiet_week"
    EVENT_WITHOUT_COUNTS = "event_without_counts"
    SERIES_WITHOUT_FIGURE = "series_without_figure"
    WAVE_SHORT = "wave_short"
    MEETINGS_BEHIND = "meetings_behind"
    GRANT_REPORT_OVERDUE = "grant_report_overdue"
    ACTION_OVERDUE = "action_overdue"
    VOLUNTEER_REVIEW = "volunteer_review"


# What each kind of gap is called, and the agreement's activity it belongs to: the one place
# that maps the registers to the activities.
KINDS: dict[Kind, tuple[Promise, Promise]] = {
    Kind.QUIET_WEEK: (
        gettext_lazy("Åbne uger uden registrerede henvendelser"),
        gettext_lazy("Hverdagsrådgivning"),
    ),
    Kind.EVENT_WITHOUT_COUNTS: (
        gettext_lazy("Overståede arrangementer uden deltagertal"),
        gettext_lazy("Kulturelle arrangementer"),
    ),
    Kind.SERIES_WITHOUT_FIGURE: (
        gettext_lazy("Statistik uden årets tal"),
        gettext_lazy("Overordnede succeskriterier"),
    ),
    Kind.WAVE_SHORT: (
        gettext_lazy("Spørgeskemarunder under målet for antal svar"),
        gettext_lazy("Overordnede succeskriterier"),
    ),
    Kind.MEETINGS_BEHIND: (
        gettext_lazy("Panelmøder bagud i forhold til seks om året"),
        gettext_lazy("Beboerpanel"),
    ),
    Kind.GRANT_REPORT_OVERDUE: (
        gettext_lazy("Afrapporteringer af puljestøtte over fristen"),
        gettext_lazy("Frivilligt liv"),
    ),
    Kind.ACTION_OVERDUE: (
        gettext_lazy("Handlinger fra beboerpanelet over fristen"),
        gettext_lazy("Beboerpanel"),
    ),
    Kind.VOLUNTEER_REVIEW: (
        gettext_lazy("Frivillige, der skal gennemgås"),
        gettext_lazy("Frivilligt liv"),
    ),
}


@dataclass(frozen=True)
class Gap:
    kind: Kind
    estate: Estate
    label: str
    url: str

    @property
    def title(self) -> str:
        return str(KINDS[self.kind][0])

    @property
    def activity(self) -> str:
        return str(KINDS[self.kind][1])


@dataclass(frozen=True)
class Group:
    """The gaps of one activity in one estate, by kind."""

    activity: str
    estate: Estate
    by_kind: list[tuple[str, list[Gap]]]

    @property
    def total(self) -> int:
        return sum(len(gaps) for _title, gaps in self.by_kind)


@dataclass(frozen=True)
class Cockpit:
    programme: Programme
    year: int
    gaps: list[Gap]

    @property
    def total(self) -> int:
        return len(self.gaps)

    def counts(self) -> list[tuple[str, int]]:
        """How many gaps of each kind, in the kinds' order, the kinds without any left out."""
        found = {kind: 0 for kind in Kind}
        for gap in self.gaps:
            found[gap.kind] += 1
        return [(str(KINDS[kind][0]), count) for kind, count in found.items() if count]

    def groups(self) -> list[Group]:
        grouped: dict[tuple[str, str], dict[Kind, list[Gap]]] = {}
        estates: dict[str, Estate] = {}
        for gap in self.gaps:
            estates[gap.estate.name] = gap.estate
            key = (gap.activity, gap.estate.name)
            grouped.setdefault(key, {}).setdefault(gap.kind, []).append(gap)
        return [
            Group(
                activity=activity,
                estate=estates[estate],
                by_kind=[(str(KINDS[kind][0]), kinds[kind]) for kind in Kind if kind in kinds],
            )
            for (activity, estate), kinds in sorted(grouped.items())
        ]


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def quiet_weeks(estates: Sequence[Estate], today: datetime.date) -> list[Gap]:
    """The running year's finished open weeks without an inquiry (``counselling``)."""
    first_monday = datetime.date.fromisocalendar(today.year, 1, 1)
    weeks = (today - first_monday).days // 7
    if weeks <= 0:
        return []
    return [
        Gap(
            Kind.QUIET_WEEK,
            week.estate,
            _("Uge %(week)s (%(first)s–%(last)s)")
            % {
                "week": week.iso_week,
                "first": _day(week.monday),
                "last": _day(week.monday + datetime.timedelta(days=6)),
            },
            reverse(
                "counselling:opening_hours",
                kwargs={"slug": week.estate.programme.slug, "estate_id": week.estate.pk},
            ),
        )
        for week in counselling_queries.quiet_weeks(estates, today=today, weeks=weeks)
    ]


def events_without_counts(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    """The running year's past events still planned: held, as far as anyone knows, but not
    marked held with the participants (or cancelled), so the indicators do not count them."""
    events = event_queries.events_left_planned(
        programme=programme,
        estates=estates,
        first=datetime.date(today.year, 1, 1),
        today=today,
    )
    places = Event.estates.through.objects.filter(
        event__in=events, estate__in=estates
    ).select_related("event", "estate")
    return [
        Gap(
            Kind.EVENT_WITHOUT_COUNTS,
            place.estate,
            f"{place.event.title} ({_day(timezone.localtime(place.event.starts_at).date())})",
            place.event.get_absolute_url(),
        )
        for place in places.order_by("event__starts_at", "event_id", "estate__name")
    ]


def series_without_figure(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    """Each statistic of the programme, per estate, that has no figure for the running year."""
    have = set(
        Observation.objects.filter(
            series__programme=programme,
            scope=Scope.ESTATE,
            estate__in=estates,
            period_start__year=today.year,
        )
        .values_list("series_id", "estate_id")
        .distinct()
    )
    return [
        Gap(
            Kind.SERIES_WITHOUT_FIGURE,
            estate,
            f"{series.name} {today.year}",
            reverse("series:detail", kwargs={"slug": programme.slug, "code": series.code}),
        )
        for series in Series.objects.filter(programme=programme).order_by("name", "pk")
        for estate in estates
        if (series.pk, estate.pk) not in have
    ]


def waves_short(programme: Programme, estates: Sequence[Estate], today: datetime.date) -> list[Gap]:
    """The running year's survey waves with a target, closed or closing soon, that have fewer
    answers than their target."""
    waves = (
        Wave.objects.filter(
            questionnaire__programme=programme,
            estate__in=estates,
            target__isnull=False,
            closes_on__year=today.year,
            closes_on__lte=today + datetime.timedelta(days=WAVE_CLOSING_DAYS),
        )
        .select_related("estate", "questionnaire")
        .annotate(answers=Count("responses"))
        .filter(answers__lt=F("target"))
    )
    return [
        Gap(
            Kind.WAVE_SHORT,
            wave.estate,
            _("%(questionnaire)s, lukker %(day)s: %(answers)s af %(target)s svar")
            % {
                "questionnaire": str(wave.questionnaire),
                "day": _day(wave.closes_on),
                "answers": wave.answers,
                "target": wave.target,
            },
            reverse("surveys:wave", kwargs={"slug": programme.slug, "wave_id": wave.pk}),
        )
        for wave in waves.order_by("closes_on", "pk")
    ]


def meetings_behind(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    """The estates with an active panel whose meetings held so far this year are behind the
    pace for six a year."""
    start = datetime.date(today.year, 1, 1)
    days = (datetime.date(today.year + 1, 1, 1) - start).days
    due = MEETINGS_A_YEAR * (today - start).days // days
    if due == 0:
        return []
    panels = Panel.objects.filter(programme=programme, active=True)
    with_panel = [
        estate
        for estate in estates
        if panels.filter(Q(estate=estate) | Q(estate__isnull=True)).exists()
    ]
    held = dict(
        Meeting.objects.filter(
            programme=programme,
            estate__in=with_panel,
            status=MeetingStatus.HELD,
            held_on__gte=start,
            held_on__lte=today,
        )
        .values("estate_id")
        .annotate(n=Count("pk"))
        .values_list("estate_id", "n")
    )
    return [
        Gap(
            Kind.MEETINGS_BEHIND,
            estate,
            _("%(held)s møder holdt; %(due)s ved denne tid af året")
            % {"held": held.get(estate.pk, 0), "due": due},
            reverse("panels:list", kwargs={"slug": programme.slug}),
        )
        for estate in with_panel
        if held.get(estate.pk, 0) < due
    ]


def grant_reports_overdue(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    found = grant_queries.overdue_reports(
        Application.objects.filter(programme=programme, estate__in=estates), today=today
    )
    return [
        Gap(
            Kind.GRANT_REPORT_OVERDUE,
            application.estate,
            _("%(title)s, frist %(day)s")
            % {"title": str(application), "day": _day(application.decision.report_due_on or today)},
            application.get_absolute_url(),
        )
        for application in found
    ]


def actions_overdue(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    found = ActionItem.objects.filter(
        programme=programme,
        estate__in=estates,
        status__in=panel_queries.OPEN_STATUSES,
        due_on__lt=today,
    ).select_related("estate")
    return [
        Gap(
            Kind.ACTION_OVERDUE,
            action.estate,
            _("%(title)s, frist %(day)s")
            % {"title": action.description, "day": _day(action.due_on)},
            reverse("panels:action", kwargs={"slug": programme.slug, "action_id": action.pk}),
        )
        for action in found.order_by("due_on", "pk")
    ]


def volunteers_for_review(
    programme: Programme, estates: Sequence[Estate], today: datetime.date
) -> list[Gap]:
    found = privacy_queries.due_for_review(
        people=Volunteer.objects.filter(programme=programme, estate__in=estates),
        programme=programme,
        personal_register=VOLUNTEER_REGISTER,
        today=today,
    )
    url = reverse("privacy:review", kwargs={"slug": programme.slug})
    return [
        Gap(
            Kind.VOLUNTEER_REVIEW,
            due.person.estate,
            _("En frivillig, slettes %(day)s") % {"day": _day(due.erase_on)},
            url,
        )
        for due in found
    ]


FINDERS = (
    events_without_counts,
    series_without_figure,
    waves_short,
    meetings_behind,
    grant_reports_overdue,
    actions_overdue,
)


def cockpit(
    programme: Programme,
    estates: Iterable[Estate],
    *,
    reviews: bool,
    today: datetime.date | None = None,
) -> Cockpit:
    """Every gap of the running year in ``estates`` of the programme; the volunteers due for
    review only with ``reviews``, for those who may review personal data (never by name)."""
    today = today or timezone.localdate()
    estates = list(estates)
    gaps = quiet_weeks(estates, today)
    for find in FINDERS:
        gaps += find(programme, estates, today)
    if reviews:
        gaps += volunteers_for_review(programme, estates, today)
    return Cockpit(programme=programme, year=today.year, gaps=gaps)
