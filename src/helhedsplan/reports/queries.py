"""The annual status report as one data structure, read by the page, the PDF, the Word file,
the spreadsheet and the ``report`` command alike, so the four always show the same figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import queries as budget_queries
from helhedsplan.core.suppression import SUPPRESSION_LIMIT
from helhedsplan.counselling.models import Inquiry
from helhedsplan.events.models import Event, EventStatus
from helhedsplan.governance.models import Body, Case, Decision, Proposal
from helhedsplan.grants.models import Application
from helhedsplan.indicators import presentation
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.indicators.models import Indicator, Outcome, Unit
from helhedsplan.media.models import PressMention
from helhedsplan.media.tone import Tone
from helhedsplan.panels.models import ActionItem, ActionStatus
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.reports import narrative
from helhedsplan.reports.models import FrozenFigures, StatusReport
from helhedsplan.surveys.models import Response
from helhedsplan.volunteers.models import HourEntry, Volunteer

# The statuses the summary counts, in its order.
SUMMARY = (Outcome.MET, Outcome.NOT_MET, Outcome.ON_TRACK, Outcome.AT_RISK)


@dataclass(frozen=True)
class Line:
    """One criterion's indicator in one estate (or all together), or a criterion without an
    indicator."""

    criterion_key: str
    criterion_text: str
    code: str
    estate: str
    value: float | None
    target: float | None
    value_text: str
    target_text: str
    status: str
    status_label: str
    # A closed year's figure that has moved since the close: the figure now, in words.
    restated_to: str = ""


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str
    indicator: str
    lines: list[Line]
    chart: str
    text_key: str
    drafted: str
    paragraph: str
    # The chart's figures as text, for the Word file: the years, and per estate its values.
    years: list[int] = field(default_factory=list)
    history: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityPart:
    name: str
    criteria: list[Criterion]


@dataclass(frozen=True)
class AgreementPart:
    agreement: Agreement
    title: str
    # Which version of the agreement judged the year, in words ("version 2 fra 01.01.2021").
    judged_by: str
    # Whether the reader may see the budget and staff resources (the command always may).
    with_budget: bool
    activities: list[ActivityPart]
    staff: list[tuple[str, str, float | None]]
    budget: list[tuple[str, float | None, float | None]]
    budget_agreed: list[tuple[str, float]]
    sources: list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class Section:
    """A register's key figures: rows of (label, figure)."""

    key: str
    title: str
    rows: list[tuple[str, float]]


@dataclass(frozen=True)
class Governance:
    bodies: list[tuple[str, str, int]]
    decisions: list[tuple[datetime.date, str, str]]
    cases: list[tuple[str, str, int]]
    proposals: list[tuple[datetime.date, str, str]]


@dataclass
class Report:
    programme: Programme
    agreement: Agreement | None
    year: int
    parts: list[AgreementPart]
    summary: list[tuple[str, int]]
    counted: int
    key_figures: list[Section]
    frozen_at: datetime.datetime | None
    key_restatements: list[tuple[str, str, float | None, float | None]]
    governance: Governance
    approved: StatusReport | None
    draft: StatusReport | None
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def lines(self) -> list[Line]:
        return [
            line
            for part in self.parts
            for activity in part.activities
            for criterion in activity.criteria
            for line in criterion.lines
        ]

    @property
    def criteria(self) -> list[Criterion]:
        return [c for part in self.parts for a in part.activities for c in a.criteria]


def agreements_of(programme: Programme, agreement: Agreement | None) -> list[Agreement]:
    if agreement is not None:
        return [agreement]
    return list(
        Agreement.objects.filter(programme=programme)
        .select_related("programme", "focus_area")
        .order_by("focus_area__name", "pk")
    )


def report_years(programme: Programme, agreement: Agreement | None = None) -> list[int]:
    """The years any of the scope's agreements runs in."""
    today = timezone.localdate()
    years: set[int] = set()
    for found in agreements_of(programme, agreement):
        version = indicator_queries.current_version(found, today)
        years.update(indicator_queries.agreement_years(found, version))
    return sorted(years)


# The registers' key figures -----------------------------------------------------------


def key_figures(programme: Programme, year: int) -> list[Section]:
    """Each register's figures of the year, counted by the database."""
    inquiries = Inquiry.objects.filter(estate__programme=programme, occurred_at__year=year)
    by_topic = list(
        inquiries.values("topics__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("topics__name")
    )
    # The report goes beyond the staff, so a topic of fewer than five inquiries is not
    # named with its count (as the mapping of needs shows it as "<5"); the topics overlap
    # (an inquiry may have several), so no figure can be worked out from the others.
    shown = [row for row in by_topic if row["n"] >= SUPPRESSION_LIMIT]
    small = len(by_topic) - len(shown)
    counselling = [(_("Henvendelser i alt"), float(inquiries.count()))] + [
        (row["topics__name"] or _("Uden emne"), float(row["n"])) for row in shown
    ]
    if small:
        counselling.append(
            (
                _("Emner med færre end %(limit)s henvendelser") % {"limit": SUPPRESSION_LIMIT},
                float(small),
            )
        )
    events = Event.objects.filter(programme=programme, starts_at__year=year)
    by_status = dict(events.values_list("status").annotate(n=Count("pk")).order_by())
    held = events.filter(status=EventStatus.HELD).aggregate(
        residents=Sum("participants_residents"), others=Sum("participants_non_residents")
    )
    event_rows = [
        (str(label), float(by_status.get(code, 0))) for code, label in EventStatus.choices
    ]
    event_rows += [
        (_("Deltagere, beboere"), float(held["residents"] or 0)),
        (_("Deltagere, andre"), float(held["others"] or 0)),
    ]
    tones = dict(
        PressMention.objects.filter(programme=programme, published_on__year=year)
        .values_list("tone")
        .annotate(n=Count("pk"))
        .order_by()
    )
    press = [(str(label), float(tones.get(code, 0))) for code, label in Tone.choices]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    active = Volunteer.objects.filter(programme=programme, started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    hours = HourEntry.objects.filter(volunteer__programme=programme, day__year=year).aggregate(
        total=Sum("hours")
    )["total"]
    volunteers = [
        (_("Aktive frivillige"), float(active.count())),
        (_("Timer"), float(hours or 0)),
    ]
    applications = Application.objects.filter(programme=programme, year=year).aggregate(
        received=Count("pk"),
        requested=Sum("amount_requested"),
        granted=Count("pk", filter=Q(decision__amount_granted__gt=0)),
        amount=Sum("decision__amount_granted"),
    )
    grants = [
        (_("Ansøgninger"), float(applications["received"])),
        (_("Ansøgt beløb (kr.)"), float(applications["requested"] or 0)),
        (_("Bevilgede ansøgninger"), float(applications["granted"])),
        (_("Bevilget beløb (kr.)"), float(applications["amount"] or 0)),
    ]
    actions = ActionItem.objects.filter(programme=programme, due_on__year=year).aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        on_time=Count(
            "pk",
            filter=Q(status=ActionStatus.DONE, closed_on__isnull=False)
            & Q(closed_on__lte=F("due_on")),
        ),
    )
    panels = [
        (_("Handlinger med frist i året"), float(actions["due"])),
        (_("Udført"), float(actions["done"])),
        (_("Udført inden fristen"), float(actions["on_time"])),
    ]
    answers = Response.objects.filter(
        wave__questionnaire__programme=programme, answered_on__year=year
    ).count()
    return [
        Section("counselling", _("Rådgivning: henvendelser efter emne"), counselling),
        Section("events", _("Arrangementer"), event_rows),
        Section("media", _("Presseomtale efter tone"), press),
        Section("volunteers", _("Frivillige"), volunteers),
        Section("grants", _("Puljer"), grants),
        Section("panels", _("Tryghedspaneler: handlinger"), panels),
        Section("surveys", _("Spørgeskemaer"), [(_("Besvarelser"), float(answers))]),
    ]


def figures_json(sections: list[Section]) -> list[dict[str, object]]:
    return [{"key": s.key, "title": s.title, "rows": [list(r) for r in s.rows]} for s in sections]


def figures_from_json(data: list[dict]) -> list[Section]:
    return [
        Section(s["key"], s["title"], [(str(r[0]), float(r[1])) for r in s["rows"]]) for s in data
    ]


def _frozen(agreements: list[Agreement], year: int) -> FrozenFigures | None:
    return (
        FrozenFigures.objects.filter(lock__agreement__in=agreements, lock__year=year)
        .order_by("lock__locked_at", "pk")
        .first()
    )


def _key_restatements(
    frozen: list[Section], live: list[Section]
) -> list[tuple[str, str, float | None, float | None]]:
    """The frozen figures that differ from the live ones: (register, figure, then, now)."""
    now = {(s.key, label): value for s in live for label, value in s.rows}
    then = {(s.key, label): value for s in frozen for label, value in s.rows}
    titles = {s.key: s.title for s in frozen + live}
    return [
        (titles[key[0]], key[1], then.get(key), now.get(key))
        for key in sorted(set(now) | set(then))
        if then.get(key) != now.get(key)
    ]


# Governance -------------------------------------------------------------------------


def governance(programme: Programme, agreement: Agreement | None, year: int) -> Governance:
    bodies = Body.objects.filter(programme=programme)
    cases = Case.objects.filter(programme=programme, raised_on__year=year)
    proposals = Proposal.objects.filter(body__programme=programme, proposed_on__year=year)
    if agreement is not None:
        bodies = bodies.filter(Q(agreement=agreement) | Q(agreement__isnull=True))
        cases = cases.filter(Q(agreement=agreement) | Q(agreement__isnull=True))
        proposals = proposals.filter(agreement=agreement)
    body_rows = [
        (body.name, body.get_kind_display(), body.held)
        for body in bodies.annotate(
            held=Count("meetings", filter=Q(meetings__held_on__year=year))
        ).order_by("kind", "name")
    ]
    decisions = [
        (d.meeting.held_on, d.meeting.body.name, d.text)
        for d in Decision.objects.filter(meeting__body__in=bodies, meeting__held_on__year=year)
        .select_related("meeting__body")
        .order_by("meeting__held_on", "position")
    ]
    case_rows = [
        (
            Case(kind=row["kind"]).get_kind_display(),
            Case(status=row["status"]).get_status_display(),
            row["n"],
        )
        for row in cases.values("kind", "status").annotate(n=Count("pk")).order_by("kind", "status")
    ]
    proposal_rows = [
        (p.proposed_on, p.title, p.get_status_display())
        for p in proposals.order_by("proposed_on", "pk")
    ]
    return Governance(body_rows, decisions, case_rows, proposal_rows)


# The agreements' parts --------------------------------------------------------------


def _staff(figures: budget_queries.YearFigures) -> list[tuple[str, str, float | None]]:
    """Each staff resource of the year's version: its hours a year as the agreement plans
    them, beside the hours reported."""
    return [
        (
            row.role,
            ""
            if row.planned_hours is None
            else _("%(hours)s timer om året")
            % {"hours": presentation.number(float(row.planned_hours))},
            _float(row.reported_hours),
        )
        for row in figures.staff
    ]


def _budget(
    agreement: Agreement, figures: budget_queries.YearFigures
) -> tuple[list[tuple[str, float | None, float | None]], list[tuple[str, float]]]:
    """The year's planned and spent amounts per budget line, as the budget page counts them
    (a line's amount spread over its years unless the year's is entered), and the amounts the
    agreement's version of the year writes for the whole period."""
    rows = [(line.line, _float(line.planned), _float(line.spent)) for line in figures.lines]
    version = budget_queries.versions_by_year(agreement).get(figures.year)
    agreed = (
        [
            (line.organisation, float(line.amount))
            for line in budget_queries.budget_lines(version)
            if line.amount is not None
        ]
        if version is not None
        else []
    )
    return rows, agreed


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _source(indicator: Indicator) -> tuple[str, str, str, str]:
    counted = "; ".join(f"{head}: {words}" for head, words in presentation.counted(indicator))
    if indicator.series_code:
        counted = counted or _("Statistikserie: %(code)s") % {"code": indicator.series_code}
    definition = _("%(kind)s pr. %(period)s, %(scope)s") % {
        "kind": indicator.get_kind_display(),
        "period": indicator.get_period_display().lower(),
        "scope": _("pr. boligområde") if indicator.per_area else _("alle boligområder samlet"),
    }
    return (indicator.code, indicator.name, counted or "–", definition)


def text_key(agreement: Agreement, criterion_key: str, code: str) -> str:
    return f"{agreement.pk}:{criterion_key}:{code}"


def _part(
    agreement: Agreement, year: int, texts: dict[str, str], *, with_budget: bool
) -> AgreementPart | None:
    board = indicator_queries.dashboard(agreement)
    if year not in board.years:
        return None
    earlier = year - 1 if year - 1 in board.years else None
    activities: dict[str, list[Criterion]] = {}
    sources = []
    for row in board.for_year(year):
        criterion = row.criterion
        activity = criterion.activity.name if criterion.activity else _("Uden aktivitet")
        indicator = row.indicator
        if indicator is None:
            key = text_key(agreement, criterion.key, "")
            drafted = narrative.draft_unmeasured(year)
            line = Line(
                criterion.key,
                criterion.text,
                criterion.key,
                "",
                None,
                None,
                "",
                "",
                str(Outcome.NO_DATA),
                _("Ikke målbar endnu"),
            )
            activities.setdefault(activity, []).append(
                Criterion(
                    criterion.key,
                    criterion.text,
                    "",
                    [line],
                    "",
                    key,
                    drafted,
                    texts.get(key) or drafted,
                )
            )
            continue
        lines = []
        figures = []
        for cell in row.cells:
            result = cell.result
            scope = presentation.scope_name(result.estate)
            value, target = result.value, result.target
            value_text = presentation.value_text(result) or "–"
            target_text = presentation.target_text(result) or "–"
            status, restated = str(result.status), ""
            if cell.restatement is not None:
                # A closed year is reported as the board closed it; the figure since then is
                # listed beside it as a restatement.
                old = cell.restatement.snapshot
                restated = f"{value_text} ({Outcome(result.status).label})"
                value = None if old.value is None else float(old.value)
                target = None if old.target is None else float(old.target)
                value_text = presentation.number(value, indicator.unit) or "–"
                target_text = presentation.number(target, indicator.unit) or target_text
                status = str(old.status)
            lines.append(
                Line(
                    criterion.key,
                    criterion.text,
                    indicator.code,
                    scope,
                    value,
                    target,
                    value_text,
                    target_text,
                    status,
                    str(Outcome(status).label),
                    restated,
                )
            )
            before = (
                board.results.get(
                    (indicator.pk, result.estate.pk if result.estate else None, earlier)
                )
                if earlier
                else None
            )
            figures.append(
                narrative.Figure(
                    scope,
                    value,
                    target,
                    status,
                    before.value if before is not None else None,
                )
            )
        scopes: list[Estate | None] = list(board.estates) if indicator.per_area else [None]
        key = text_key(agreement, criterion.key, indicator.code)
        # A weekly (…) target's figure is the share of its weeks, as the dashboard says it.
        weekly = any(cell.result.sub_results for cell in row.cells)
        unit = Unit.PERCENT if weekly else indicator.unit
        drafted = narrative.draft(indicator.name, year, figures, unit)
        activities.setdefault(activity, []).append(
            Criterion(
                criterion.key,
                criterion.text,
                f"{indicator.code} {indicator.name}",
                lines,
                presentation.chart(indicator, board, scopes),
                key,
                drafted,
                texts.get(key) or drafted,
                board.years,
                [
                    (
                        presentation.scope_name(scope),
                        [
                            presentation.value_text(found) or "–"
                            for y in board.years
                            if (
                                found := board.results.get(
                                    (indicator.pk, scope.pk if scope else None, y)
                                )
                            )
                            is not None
                        ],
                    )
                    for scope in scopes
                ],
            )
        )
        sources.append(_source(indicator))
    if with_budget:
        spending = budget_queries.year_figures(agreement, year)
        staff = _staff(spending)
        budget, agreed = _budget(agreement, spending)
    else:
        staff, budget, agreed = [], [], []
    return AgreementPart(
        agreement=agreement,
        title=agreement.focus_area.name,
        judged_by=board.version_words(year),
        with_budget=with_budget,
        activities=[ActivityPart(name, found) for name, found in activities.items()],
        staff=staff,
        budget=budget,
        budget_agreed=agreed,
        sources=sources,
    )


def versions(
    programme: Programme, agreement: Agreement | None, year: int
) -> QuerySet[StatusReport]:
    return StatusReport.objects.filter(programme=programme, agreement=agreement, year=year)


def report(
    programme: Programme,
    year: int,
    *,
    agreement: Agreement | None = None,
    with_budget: bool = True,
) -> Report:
    """The report of ``programme`` (or one of its agreements) for ``year``. Its paragraphs are
    the newest approved version's where one was approved, else the drafts from the figures.
    Without ``with_budget`` the budget and staff resources are left out, for a reader who may
    not see them."""
    found = versions(programme, agreement, year).select_related("approved_by")
    approved = found.filter(approved_at__isnull=False).first()
    draft = found.filter(approved_at__isnull=True).first()
    texts = dict(approved.texts) if approved else {}
    agreements = agreements_of(programme, agreement)
    parts = [
        p for a in agreements if (p := _part(a, year, texts, with_budget=with_budget)) is not None
    ]
    statuses = [
        line.status
        for part in parts
        for act in part.activities
        for c in act.criteria
        for line in c.lines
    ]
    summary = [(str(outcome.label), statuses.count(outcome)) for outcome in SUMMARY]
    live = key_figures(programme, year)
    frozen = _frozen(agreements, year)
    if frozen is not None:
        kept = figures_from_json(frozen.figures)
        restated = _key_restatements(kept, live)
    else:
        kept, restated = live, []
    return Report(
        programme=programme,
        agreement=agreement,
        year=year,
        parts=parts,
        summary=summary,
        counted=len(statuses),
        key_figures=kept,
        frozen_at=frozen.frozen_at if frozen else None,
        key_restatements=restated,
        governance=governance(programme, agreement, year),
        approved=approved,
        draft=draft,
        texts=texts,
    )
