"""Reads of the counselling: opening weeks, coming hours, lists and the mapping of needs."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractQuarter, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.accounts.access import User, visible_programmes
from helhedsplan.audit.history import history_model
from helhedsplan.audit.services import REDACTED
from helhedsplan.core.exports import Column
from helhedsplan.core.feeds import Feed
from helhedsplan.core.numbers import format_number
from helhedsplan.core.suppression import SUPPRESSION_LIMIT, Figure, complementary_suppression
from helhedsplan.counselling import access
from helhedsplan.counselling.models import (
    Booking,
    Closure,
    Inquiry,
    OpeningHours,
    Referral,
    Topic,
)
from helhedsplan.programmes.models import Estate, Programme

QUARTERS = (1, 2, 3, 4)


# Opening hours and weeks -----------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """One opening of the counselling on a particular day."""

    estate: Estate
    day: datetime.date
    starts: datetime.time
    ends: datetime.time
    place: str

    def start_datetime(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.day, self.starts))

    def end_datetime(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.day, self.ends))


@dataclass(frozen=True)
class Schedule:
    """An estate's weekly hours and closures, read once and asked about many days."""

    estate: Estate
    hours: list[OpeningHours]
    closures: list[Closure]

    def closure_on(self, day: datetime.date) -> Closure | None:
        return next((closure for closure in self.closures if closure.covers(day)), None)

    def sessions_on(self, day: datetime.date) -> list[Session]:
        if self.closure_on(day) is not None:
            return []
        return [
            Session(self.estate, day, hours.starts, hours.ends, hours.place)
            for hours in self.hours
            if hours.applies_on(day)
        ]

    def sessions_between(self, first: datetime.date, last: datetime.date) -> list[Session]:
        days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        return [session for day in days for session in self.sessions_on(day)]

    def is_open_week(self, iso_year: int, iso_week: int) -> bool:
        """The rule of the weekly target (H1): a week is open when it has a day on which
        opening hours apply and no closure covers. Only the days of the week that have
        hours are looked at, since this is asked for every week of several years."""
        for hours in self.hours:
            day = datetime.date.fromisocalendar(iso_year, iso_week, hours.weekday + 1)
            if hours.applies_on(day) and self.closure_on(day) is None:
                return True
        return False


def schedules(estates: Sequence[Estate]) -> dict[int, Schedule]:
    """The schedules of several estates by estate id, in two queries."""
    ids = [estate.pk for estate in estates]
    hours: dict[int, list[OpeningHours]] = defaultdict(list)
    closures: dict[int, list[Closure]] = defaultdict(list)
    for entry in OpeningHours.objects.filter(estate_id__in=ids):
        hours[entry.estate_id].append(entry)
    for closure in Closure.objects.filter(estate_id__in=ids):
        closures[closure.estate_id].append(closure)
    return {
        estate.pk: Schedule(estate=estate, hours=hours[estate.pk], closures=closures[estate.pk])
        for estate in estates
    }


def schedule(estate: Estate) -> Schedule:
    return schedules([estate])[estate.pk]


def iso_weeks(iso_year: int) -> list[int]:
    """The ISO weeks of an ISO year: 1-52, or 1-53 in a long year."""
    last = datetime.date(iso_year, 12, 28).isocalendar().week
    return list(range(1, last + 1))


def is_open_week(estate: Estate, iso_year: int, iso_week: int) -> bool:
    """A week is open when its schedule had hours not covered by a closure."""
    return schedule(estate).is_open_week(iso_year, iso_week)


def open_weeks_by_estate(
    estates: Sequence[Estate], years: Iterable[int]
) -> dict[tuple[int, int], set[int]]:
    """The open ISO weeks per (estate id, ISO year), for any number of estates and years in
    two queries: the counselling's own reading of its weeks and the indicators' weekly
    targets (H1) alike."""
    plans = schedules(estates)
    years = list(years)
    return {
        (estate.pk, year): {
            week for week in iso_weeks(year) if plans[estate.pk].is_open_week(year, week)
        }
        for estate in estates
        for year in years
    }


def open_weeks(estate: Estate, year: int) -> list[int]:
    """The open ISO weeks of ISO year ``year`` (weeks are counted in the year they belong to)."""
    return sorted(open_weeks_by_estate([estate], [year])[(estate.pk, year)])


def within_opening_hours(
    estate: Estate, starts: datetime.datetime, ends: datetime.datetime
) -> bool:
    """Whether a slot lies inside one opening session (on a day without a closure)."""
    local_start, local_end = timezone.localtime(starts), timezone.localtime(ends)
    if local_start.date() != local_end.date():
        return False
    return any(
        session.starts <= local_start.time() and local_end.time() <= session.ends
        for session in schedule(estate).sessions_on(local_start.date())
    )


@dataclass(frozen=True)
class WeekPlan:
    iso_year: int
    iso_week: int
    monday: datetime.date
    sessions: list[Session]
    closures: list[Closure]


def coming_weeks(estate: Estate, *, today: datetime.date, weeks: int = 8) -> list[WeekPlan]:
    """This week and the next ones, with their sessions and the closures that touch them."""
    plan = schedule(estate)
    monday = today - datetime.timedelta(days=today.weekday())
    result = []
    for n in range(weeks):
        first = monday + datetime.timedelta(weeks=n)
        last = first + datetime.timedelta(days=6)
        iso = first.isocalendar()
        result.append(
            WeekPlan(
                iso_year=iso.year,
                iso_week=iso.week,
                monday=first,
                sessions=[s for s in plan.sessions_between(first, last) if s.day >= today],
                closures=[c for c in plan.closures if c.starts <= last and c.ends >= first],
            )
        )
    return result


def closures_ahead(estate: Estate, *, today: datetime.date) -> QuerySet[Closure]:
    return estate.counselling_closures.filter(ends__gte=today)


# Lists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InquiryFilter:
    estates: list[Estate] | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    topic: Topic | None = None
    bridged_to: Referral | None = None
    channel: str = ""


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def inquiries(programme: Programme, criteria: InquiryFilter) -> QuerySet[Inquiry]:
    found = Inquiry.objects.filter(estate__programme=programme)
    if criteria.estates is not None:
        found = found.filter(estate__in=criteria.estates)
    if criteria.date_from:
        found = found.filter(occurred_at__gte=_local_midnight(criteria.date_from))
    if criteria.date_to:
        next_day = criteria.date_to + datetime.timedelta(days=1)
        found = found.filter(occurred_at__lt=_local_midnight(next_day))
    if criteria.topic:
        found = found.filter(topics=criteria.topic)
    if criteria.bridged_to:
        found = found.filter(bridged_to=criteria.bridged_to)
    if criteria.channel:
        found = found.filter(channel=criteria.channel)
    return found.select_related("estate__programme", "registered_by").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        Prefetch("bridged_to", queryset=Referral.objects.order_by("position", "name")),
    )


def _registered_by(inquiry: Inquiry) -> str | None:
    return str(inquiry.registered_by) if inquiry.registered_by else None


# The inquiry list's export: exactly the columns the list shows. The inquiries are anonymous;
# what the list leaves out (age, gender, the note) stays out of a file too.
INQUIRY_EXPORT_COLUMNS: list[Column[Inquiry]] = [
    Column(gettext_lazy("Tidspunkt"), lambda i: i.occurred_at, 16),
    Column(gettext_lazy("Boligområde"), lambda i: i.estate.name, 16),
    Column(gettext_lazy("Kanal"), lambda i: i.get_channel_display(), 14),
    Column(gettext_lazy("Emner"), lambda i: [topic.name for topic in i.topics.all()], 32),
    Column(
        gettext_lazy("Brobygget til"), lambda i: [place.name for place in i.bridged_to.all()], 28
    ),
    Column(gettext_lazy("Opfølgning"), lambda i: i.follow_up_needed, 10),
    Column(gettext_lazy("Registreret af"), _registered_by, 16),
]


def calendar_feeds(user: User) -> list[Feed]:
    """The estates' opening-hours calendars the user may read, for their calendar address."""
    estates = Estate.objects.filter(programme__in=visible_programmes(user))
    return [
        Feed(
            _("Rådgivningens åbningstider i %(estate)s") % {"estate": estate.name},
            "feeds:opening_hours",
            {"estate_id": estate.pk},
        )
        for estate in estates.select_related("programme").order_by("programme__name", "name")
        if access.may_view_opening_hours(user, estate.programme)
    ]


def bookings_ahead(estates: QuerySet[Estate], *, today: datetime.date) -> QuerySet[Booking]:
    """The bookings of ``estates`` (those the person books in) from today on."""
    return Booking.objects.filter(
        estate__in=estates, starts__gte=_local_midnight(today)
    ).select_related("estate")


def bookings_past_count(estates: QuerySet[Estate], *, today: datetime.date) -> dict[str, int]:
    """How many bookings each of ``estates`` has had before today: the anonymous count."""
    rows = (
        Booking.objects.filter(estate__in=estates, starts__lt=_local_midnight(today))
        .values("estate__name")
        .annotate(n=Count("pk"))
        .order_by("estate__name")
    )
    return {row["estate__name"]: row["n"] for row in rows}


# The mapping of needs (H2) ---------------------------------------------------------------


# What a hidden cell shows when it is hidden not for its own size but so that a small count
# elsewhere cannot be worked out from it (complementary suppression).
HIDDEN_MARK = "x"


@dataclass(frozen=True)
class Cell:
    count: int
    # Hidden: a count of 1-4, or a figure hidden with it (then also ``complementary``).
    suppressed: bool = False
    # Hidden so that no "<5" can be derived from the totals and the other cells: shown "x".
    complementary: bool = False

    @property
    def display(self) -> str:
        if self.complementary:
            return HIDDEN_MARK
        if self.suppressed:
            return f"<{SUPPRESSION_LIMIT}"
        return format_number(self.count)

    @property
    def value(self) -> int | str:
        """For spreadsheets: the number, or the text "<5" or "x"."""
        if self.complementary:
            return HIDDEN_MARK
        return f"<{SUPPRESSION_LIMIT}" if self.suppressed else self.count


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class Table:
    title: str
    row_heading: str
    columns: list[str]
    total_label: str
    rows: list[Row]
    totals: list[Cell]
    total: Cell

    def as_text(self) -> list[list[str]]:
        """The table as it is shown, header first: for tests and plain exports."""
        header = [self.row_heading, *self.columns, self.total_label]
        body = [[row.label, *(c.display for c in row.cells), row.total.display] for row in self]
        footer = [_("I alt"), *(c.display for c in self.totals), self.total.display]
        return [header, *body, footer]

    def __iter__(self):
        return iter(self.rows)


@dataclass
class _Counts:
    """Aggregated counts keyed by (estate id, quarter, …); None means "not bridged"."""

    pairs: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    topics: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    referrals: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    inquiries: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))


# Every figure the mapping shows anywhere (the page, the XLSX, the PDF) is one of these: the
# kind of count, the area (an estate's id, or ALL_ESTATES), the period (a quarter, or YEAR)
# and the topic and/or bridged-to place (a ``core.suppression.Figure``).
ALL_ESTATES = "all"
YEAR = 0
_KINDS = ("pairs", "topics", "referrals", "inquiries")


def figures_and_relations(
    counts: _Counts, estate_ids: list[int], topic_ids: list[int], referral_ids: list[int | None]
) -> tuple[dict[Figure, int], list[list[Figure]]]:
    """Every figure with its count, and the sums that tie them together, each a list whose
    first figure is the sum of the others: a table's rows and columns with their totals, all
    estates as the sum of each, a year as the sum of its quarters. A cross table's totals
    count inquiries, and an inquiry may have several topics and places, so its rows and
    columns are sums only when each inquiry has one; they are treated as sums all the same,
    since that is what a reader who wants to undo the suppression would assume."""
    areas: list[int | str] = [*estate_ids, *([ALL_ESTATES] if len(estate_ids) > 1 else [])]
    periods = [*QUARTERS, YEAR]
    keys: dict[str, list[tuple]] = {
        "pairs": [(t, r) for t in topic_ids for r in referral_ids],
        "topics": [(t,) for t in topic_ids],
        "referrals": [(r,) for r in referral_ids],
        "inquiries": [()],
    }
    values: dict[Figure, int] = {}
    for kind in _KINDS:
        found = getattr(counts, kind)
        for key in keys[kind]:
            for estate in estate_ids:
                for quarter in QUARTERS:
                    values[(kind, estate, quarter, *key)] = found.get((estate, quarter, *key), 0)
                values[(kind, estate, YEAR, *key)] = sum(
                    values[(kind, estate, q, *key)] for q in QUARTERS
                )
            if len(estate_ids) > 1:
                for period in periods:
                    values[(kind, ALL_ESTATES, period, *key)] = sum(
                        values[(kind, e, period, *key)] for e in estate_ids
                    )
    relations: list[list[Figure]] = []
    for area in areas:
        for period in periods:
            for t in topic_ids:
                relations.append(
                    [
                        ("topics", area, period, t),
                        *(("pairs", area, period, t, r) for r in referral_ids),
                    ]
                )
            for r in referral_ids:
                relations.append(
                    [
                        ("referrals", area, period, r),
                        *(("pairs", area, period, t, r) for t in topic_ids),
                    ]
                )
            relations.append(
                [("inquiries", area, period), *(("topics", area, period, t) for t in topic_ids)]
            )
            relations.append(
                [
                    ("inquiries", area, period),
                    *(("referrals", area, period, r) for r in referral_ids),
                ]
            )
    for kind in _KINDS:
        for key in keys[kind]:
            for area in areas:
                relations.append(
                    [(kind, area, YEAR, *key), *((kind, area, q, *key) for q in QUARTERS)]
                )
            if len(estate_ids) > 1:
                for period in periods:
                    relations.append(
                        [
                            (kind, ALL_ESTATES, period, *key),
                            *((kind, e, period, *key) for e in estate_ids),
                        ]
                    )
    return values, relations


@dataclass(frozen=True)
class Mapping:
    """Topics × bridged-to × estate × quarter for one year of one programme.

    ``estates`` are those the mapping shows; ``counts`` hold every estate of the programme, so
    that what is hidden is the same whichever estates a person looks at."""

    programme: Programme
    year: int
    estates: list[Estate]
    topics: list[Topic]
    referrals: list[Referral]
    counts: _Counts
    suppress: bool
    all_estate_ids: list[int] = field(default_factory=list)

    @functools.cached_property
    def _hidden(self) -> tuple[set[Figure], set[Figure]]:
        if not self.suppress:
            return set(), set()
        values, relations = figures_and_relations(
            self.counts,
            self.all_estate_ids or [e.pk for e in self.estates],
            [t.pk for t in self.topics],
            [*(r.pk for r in self.referrals), None],
        )
        return complementary_suppression(values, relations)

    def _area(self, estates: list[Estate]) -> int | str:
        return estates[0].pk if len(estates) == 1 else ALL_ESTATES

    def _cell(self, count: int, figure: Figure) -> Cell:
        primary, complementary = self._hidden
        # ``suppressed`` says whether the count is hidden at all, for every reader of cells
        # (pages, files, the API); ``complementary`` only how it shows.
        return Cell(
            count,
            suppressed=figure in primary or figure in complementary,
            complementary=figure in complementary,
        )

    def _sum(self, counts: dict, estates: Iterable[Estate], quarters: Iterable[int], *key):
        return sum(counts.get((e.pk, q, *key), 0) for e in estates for q in quarters)

    def _figure(self, kind: str, estates: list[Estate], quarters: list[int], *key) -> Cell:
        period = quarters[0] if len(quarters) == 1 else YEAR
        count = self._sum(getattr(self.counts, kind), estates, quarters, *key)
        return self._cell(count, (kind, self._area(estates), period, *key))

    def cross_table(self, title: str, estates: list[Estate], quarters: Iterable[int]) -> Table:
        """Topics (rows) × bridged-to (columns); totals count inquiries, not pairs."""
        quarters = list(quarters)
        columns = [*self.referrals, None]
        rows = [
            Row(
                label=topic.name,
                cells=[self._figure("pairs", estates, quarters, topic.pk, _pk(r)) for r in columns],
                total=self._figure("topics", estates, quarters, topic.pk),
            )
            for topic in self.topics
        ]
        return Table(
            title=title,
            row_heading=_("Emne"),
            columns=[r.name if r else _("Ikke brobygget") for r in columns],
            total_label=_("Henvendelser"),
            rows=rows,
            totals=[self._figure("referrals", estates, quarters, _pk(r)) for r in columns],
            total=self._figure("inquiries", estates, quarters),
        )

    def quarter_table(self, title: str, estates: list[Estate], *, by: str) -> Table:
        """Topics or bridged-to places (rows) × quarters (columns) over the year."""
        categories: list[Topic | Referral | None] = (
            [*self.topics] if by == "topics" else [*self.referrals, None]
        )
        year = list(QUARTERS)
        rows = [
            Row(
                label=category.name if category else _("Ikke brobygget"),
                cells=[self._figure(by, estates, [q], _pk(category)) for q in QUARTERS],
                total=self._figure(by, estates, year, _pk(category)),
            )
            for category in categories
        ]
        return Table(
            title=title,
            row_heading=_("Emne") if by == "topics" else _("Brobygget til"),
            columns=[_("%(n)s. kvartal") % {"n": q} for q in QUARTERS],
            total_label=str(self.year),
            rows=rows,
            totals=[self._figure("inquiries", estates, [q]) for q in QUARTERS],
            total=self._figure("inquiries", estates, year),
        )

    def long_rows(self) -> list[tuple[str, int, str, str, Cell]]:
        """One row per estate, quarter, topic and bridged-to place with any inquiries."""
        names = {e.pk: e.name for e in self.estates}
        topics = {t.pk: t.name for t in self.topics}
        referrals = {r.pk: r.name for r in self.referrals}
        return [
            (
                names[estate_id],
                quarter,
                topics[topic_id],
                referrals[referral_id] if referral_id else _("Ikke brobygget"),
                self._cell(n, ("pairs", estate_id, quarter, topic_id, referral_id)),
            )
            for (estate_id, quarter, topic_id, referral_id), n in sorted(
                (item for item in self.counts.pairs.items() if item[0][0] in names),
                key=lambda item: (names[item[0][0]], item[0][1], item[0][2], item[0][3] or 0),
            )
        ]


def _pk(category: Topic | Referral | None) -> int | None:
    return category.pk if category is not None else None


def mapping(
    programme: Programme, year: int, *, suppress: bool, estates: list[Estate] | None = None
) -> Mapping:
    """Count the year's inquiries by estate, quarter, topic and bridged-to in four grouped
    queries; the tables are sums of these counts, never a pass over the inquiries. Every
    estate of the programme is counted, whichever ``estates`` the mapping shows: what is
    hidden must not depend on the estates a person chose to look at."""
    every_estate = list(programme.estates.all())
    estates = list(estates if estates is not None else every_estate)
    base = (
        Inquiry.objects.filter(estate__in=every_estate, occurred_at__year=year)
        .annotate(quarter=ExtractQuarter("occurred_at"))
        .order_by()
    )
    counts = _Counts()
    for row in base.values("estate", "quarter", "topics", "bridged_to").annotate(n=Count("pk")):
        key = (row["estate"], row["quarter"], row["topics"], row["bridged_to"])
        counts.pairs[key] += row["n"]
    for row in base.values("estate", "quarter", "topics").annotate(n=Count("pk")):
        counts.topics[(row["estate"], row["quarter"], row["topics"])] += row["n"]
    for row in base.values("estate", "quarter", "bridged_to").annotate(n=Count("pk")):
        counts.referrals[(row["estate"], row["quarter"], row["bridged_to"])] += row["n"]
    for row in base.values("estate", "quarter").annotate(n=Count("pk")):
        counts.inquiries[(row["estate"], row["quarter"])] += row["n"]
    used_topics = {key[2] for key in counts.topics}
    used_referrals = {key[2] for key in counts.referrals}
    return Mapping(
        programme=programme,
        year=year,
        estates=estates,
        topics=list(
            Topic.objects.filter(programme=programme).filter(Q(active=True) | Q(pk__in=used_topics))
        ),
        referrals=list(
            Referral.objects.filter(programme=programme).filter(
                Q(active=True) | Q(pk__in=used_referrals)
            )
        ),
        counts=counts,
        suppress=suppress,
        all_estate_ids=[estate.pk for estate in every_estate],
    )


def earlier_notes(inquiry: Inquiry) -> list:
    """The inquiry's history records whose note is no longer the inquiry's (and not yet
    redacted), the newest first: what the audit trail still keeps of its earlier notes."""
    return list(
        history_model(Inquiry)
        ._default_manager.filter(id=inquiry.pk)
        .exclude(note__in=["", inquiry.note, REDACTED])
        .order_by("-history_date", "-history_id")
    )


def inquiry_years(programme: Programme) -> list[int]:
    """The calendar years the mapping can show: the programme's period and any with data."""
    years = set(range(programme.period_start.year, programme.period_end.year + 1))
    found = Inquiry.objects.filter(estate__programme=programme)
    years.update(moment.year for moment in found.datetimes("occurred_at", "year"))
    return sorted(years)


# A person's day --------------------------------------------------------------------------

# How far ahead the next session of an estate is looked for.
NEXT_SESSION_WITHIN = 28
# The finished weeks in which a week without inquiries is pointed out.
QUIET_WEEKS_LOOKED_BACK = 8


@dataclass(frozen=True)
class Day:
    """An estate's counselling on one day: its sessions, or the closure that covers the day,
    and the first session after the day."""

    estate: Estate
    sessions: list[Session]
    closure: Closure | None
    next_session: Session | None


def counselling_on(estates: Sequence[Estate], *, day: datetime.date) -> list[Day]:
    """Each estate's counselling on ``day``, in two queries."""
    plans = schedules(estates)
    found = []
    for estate in estates:
        plan = plans[estate.pk]
        later = plan.sessions_between(
            day + datetime.timedelta(days=1), day + datetime.timedelta(days=NEXT_SESSION_WITHIN)
        )
        found.append(
            Day(
                estate=estate,
                sessions=plan.sessions_on(day),
                closure=plan.closure_on(day),
                next_session=later[0] if later else None,
            )
        )
    return found


def inquiries_registered_by(*, user: User, programme: Programme, limit: int) -> list[Inquiry]:
    """The inquiries ``user`` registered last in the programme, the newest first."""
    found = (
        Inquiry.objects.filter(estate__programme=programme, registered_by_id=user.pk)
        .select_related("estate__programme")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "name")))
    )
    return list(found.order_by("-registered_at", "-pk")[:limit])


@dataclass(frozen=True)
class QuietWeek:
    estate: Estate
    iso_year: int
    iso_week: int
    monday: datetime.date


def quiet_weeks(
    estates: Sequence[Estate],
    *,
    today: datetime.date,
    weeks: int = QUIET_WEEKS_LOOKED_BACK,
) -> list[QuietWeek]:
    """The open weeks among the last ``weeks`` finished ones in which no inquiry was
    registered in an estate, the newest first. Ten residents a week is the target (H1), so
    such a week almost always means inquiries not registered yet, or a closure not entered.
    Three queries: the schedules, and the days that have inquiries."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(1, weeks + 1)]
    plans = schedules(estates)
    days = (
        Inquiry.objects.filter(
            estate__in=estates,
            occurred_at__gte=_local_midnight(mondays[-1]),
            occurred_at__lt=_local_midnight(this_monday),
        )
        .annotate(day=TruncDate("occurred_at"))
        .order_by()
        .values_list("estate_id", "day")
        .distinct()
    )
    busy = {(estate_id, day.isocalendar()[:2]) for estate_id, day in days}
    found = []
    for monday in mondays:
        iso_year, iso_week, _weekday = monday.isocalendar()
        for estate in estates:
            if (estate.pk, (iso_year, iso_week)) in busy:
                continue
            if plans[estate.pk].is_open_week(iso_year, iso_week):
                found.append(QuietWeek(estate, iso_year, iso_week, monday))
    return found
