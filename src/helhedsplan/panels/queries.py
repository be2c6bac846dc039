"""Reads of the resident panels: what their pages show, counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.models import Membership, Organisation, Role
from helhedsplan.accounts.permissions import Action, roles_for
from helhedsplan.core import exports
from helhedsplan.panels.models import (
    ActionItem,
    ActionStatus,
    Concern,
    Evaluation,
    Meeting,
    MeetingStatus,
    Member,
    Panel,
    ProgressNote,
    SitePlan,
    Walk,
)
from helhedsplan.programmes.models import Estate, Programme


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
                "meetings",
                filter=Q(meetings__held_on__year=today.year, meetings__status=MeetingStatus.HELD),
                distinct=True,
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
    return meetings.select_related("estate", "programme").annotate(
        members_present=Count("attendees")
    )


def meetings_per_year(meetings: QuerySet[Meeting]) -> list[dict]:
    """Per estate and year, how many meetings were held (what P1 counts), newest year first."""
    return list(
        meetings.filter(status=MeetingStatus.HELD)
        .annotate(year=ExtractYear("held_on"))
        .values("year", "estate__name")
        .annotate(count=Count("pk"))
        .order_by("-year", "estate__name")
    )


def attendees_of(meeting: Meeting) -> QuerySet[Member]:
    return Member.objects.filter(attended__meeting=meeting).order_by("name", "pk")


def members_on(panel: Panel, day: datetime.date) -> QuerySet[Member]:
    """The panel's members on ``day``: joined by then and not left before."""
    return panel.members.filter(joined_on__lte=day).exclude(left_on__lt=day)


# the actions until done ---------------------------------------------------------------------------

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _overdue(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def action_list(
    actions: QuerySet[ActionItem],
    *,
    today: datetime.date,
    party: str = "",
    status: str = "",
    estate_id: int | None = None,
    overdue: bool = False,
) -> QuerySet[ActionItem]:
    """The actions filtered as the list's form asks, each marked ``overdue`` by the
    database: the open ones first, by due date."""
    if party:
        actions = actions.filter(party=party)
    if status:
        actions = actions.filter(status=status)
    if estate_id is not None:
        actions = actions.filter(estate_id=estate_id)
    if overdue:
        actions = actions.filter(_overdue(today))
    return (
        actions.select_related("estate", "owner", "concern")
        .annotate(
            overdue=Case(When(_overdue(today), then=True), default=False),
            still_open=Case(When(status__in=OPEN_STATUSES, then=0), default=1),
        )
        .order_by("still_open", "due_on", "pk")
    )


def action_owners(
    programme: Programme, party: str | None = None, estate: Estate | None = None
) -> QuerySet[User]:
    """Who may own an action of ``programme`` in ``estate``: those who keep the actions of
    that estate (the owner must be able to open it), and the partners of ``party`` (unless
    it is the programme itself)."""
    roles = Membership.objects.filter(programme=programme)
    keepers = roles.filter(role__in=roles_for(Action.KEEP_PANEL_ACTIONS))
    if estate is not None:
        keepers = keepers.filter(Q(estates=None) | Q(estates=estate))
    allowed = Q(memberships__in=keepers)
    if party and party != Organisation.PROGRAMME:
        allowed |= Q(memberships__in=roles.filter(role=Role.PARTNER, organisation=party))
    elif party is None:
        allowed |= Q(
            memberships__in=roles.filter(role=Role.PARTNER).exclude(
                organisation=Organisation.PROGRAMME
            )
        )
    return (
        get_user_model()
        .objects.filter(allowed, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def notes_of(action: ActionItem) -> QuerySet[ProgressNote]:
    return action.notes.select_related("written_by").order_by("written_at", "pk")


def open_actions(actions: QuerySet[ActionItem], *, today: datetime.date) -> QuerySet[ActionItem]:
    """The actions still open, the overdue first (marked ``overdue``), then by due date."""
    return (
        action_list(actions.filter(status__in=OPEN_STATUSES), today=today)
        .annotate(late=Case(When(_overdue(today), then=0), default=1))
        .order_by("late", "due_on", "pk")
    )


@dataclass(frozen=True)
class Digest:
    """One owner's weekly digest: their open actions, the overdue first."""

    owner: User
    actions: list[ActionItem]

    @property
    def overdue(self) -> int:
        return sum(1 for action in self.actions if getattr(action, "overdue", False))


def action_digests(*, today: datetime.date) -> list[Digest]:
    """A digest for each active owner with an e-mail address and open actions, in one
    query; owners with none get none."""
    # An owner who has since lost their role in the programme is mailed nothing of it.
    still_in_programme = Membership.objects.filter(
        user=OuterRef("owner"), programme=OuterRef("programme")
    )
    actions = open_actions(
        ActionItem.objects.filter(
            Exists(still_in_programme), owner__is_active=True, owner__email__gt=""
        ),
        today=today,
    ).select_related("programme", "owner")
    by_owner: dict[int, Digest] = {}
    for action in actions.order_by("owner_id", "late", "due_on", "pk"):
        assert action.owner is not None  # the query selects by the owner's address
        by_owner.setdefault(action.owner.pk, Digest(owner=action.owner, actions=[]))
        by_owner[action.owner.pk].actions.append(action)
    return list(by_owner.values())


@dataclass(frozen=True)
class OnTime:
    """Of the actions a party had due in a year (rejected ones not counted, nor those still
    open and not yet due), how many were done by their due date. Those open past their due
    date were not."""

    party: str
    year: int
    due: int
    on_time: int

    @property
    def party_label(self) -> str:
        return str(Organisation(self.party).label)

    @property
    def share(self) -> str:
        """``3 af 4 (75,0 %)``."""
        percent = formats.number_format(100 * self.on_time / self.due, 1, use_l10n=True)
        return str(_("%(on_time)s af %(due)s (%(percent)s %%)")) % {
            "on_time": self.on_time,
            "due": self.due,
            "percent": percent,
        }


def on_time_per_party_and_year(
    actions: QuerySet[ActionItem], *, today: datetime.date
) -> list[OnTime]:
    """Per responsible party and year of the due date, the actions due and those done on
    time, counted by the database; newest year first. An open action not yet due is not
    counted: it may still be done in time."""
    rows = (
        actions.exclude(status=ActionStatus.REJECTED)
        .exclude(status__in=OPEN_STATUSES, due_on__gte=today)
        .annotate(year=ExtractYear("due_on"))
        .values("party", "year")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=ActionStatus.DONE, closed_on__lte=F("due_on"))),
        )
        .order_by("-year", "party")
    )
    return [OnTime(**row) for row in rows]


def _yes_no(value: bool) -> str:
    return str(_("Ja") if value else _("Nej"))


ACTION_COLUMNS: list[exports.Column[ActionItem]] = [
    exports.Column(_("Handling"), lambda a: a.description, 48),
    exports.Column(_("Boligområde"), lambda a: a.estate.name, 16),
    exports.Column(_("Kategori"), lambda a: str(a.concern.get_category_display()), 24),
    exports.Column(_("Hvor"), lambda a: a.concern.location, 28),
    exports.Column(_("Ansvarlig part"), lambda a: str(a.get_party_display()), 24),
    exports.Column(
        _("Ejer"), lambda a: (a.owner.get_full_name() or a.owner.username) if a.owner else "", 20
    ),
    exports.Column(_("Oprettet"), lambda a: a.created_on, 12),
    exports.Column(_("Frist"), lambda a: a.due_on, 12),
    exports.Column(_("Status"), lambda a: str(a.get_status_display()), 12),
    exports.Column(_("Overskredet"), lambda a: _yes_no(getattr(a, "overdue", False)), 12),
    exports.Column(_("Afsluttet"), lambda a: a.closed_on, 12),
    exports.Column(_("Begrundelse for afvisning"), lambda a: a.rejection_reason, 32),
]

ON_TIME_COLUMNS: list[exports.Column[OnTime]] = [
    exports.Column(_("Ansvarlig part"), lambda row: row.party_label, 28),
    exports.Column(_("År"), lambda row: row.year, 8),
    exports.Column(_("Handlinger med frist i året"), lambda row: row.due, 16),
    exports.Column(_("Udført til tiden"), lambda row: row.on_time, 16),
    exports.Column(_("Andel"), lambda row: row.share, 20),
]


# planned meetings, the carried agenda, the evaluations --------------------------------------------


def next_planned(meetings: QuerySet[Meeting]) -> Meeting | None:
    """The first planned meeting from today on."""
    return (
        meetings.filter(status=MeetingStatus.PLANNED, held_on__gte=timezone.localdate())
        .select_related("estate")
        .order_by("held_on", "pk")
        .first()
    )


def carried_actions(meeting: Meeting) -> QuerySet[ActionItem]:
    """The actions carried onto a meeting's agenda: those of the meeting's estate created
    before its day and still open on it (not closed, or closed that day or later), and, for a
    safety walk's follow-up meeting, all the walk's actions. Each with ``status_then``, its
    status as on the day: as it is now when it closed by then, else as the audit trail had it
    at the end of that day; without a trail that old (an action entered afterwards), an
    action still open is shown as it is now, one closed later as open."""
    day = meeting.held_on
    open_then = Q(estate_id=meeting.estate_id, created_on__lt=day) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=day)
    )
    from_walk = Q(concern__walk__follow_up=meeting)
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    recorded = Subquery(
        ActionItem.history.model.objects.filter(
            id=OuterRef("pk"),
            history_date__lt=end_of_day,
        )
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    return (
        ActionItem.objects.filter(programme_id=meeting.programme_id)
        .filter(open_then | from_walk)
        .annotate(
            status_then=Case(
                When(closed_on__lte=day, then=F("status")),
                When(closed_on__isnull=True, then=Coalesce(recorded, F("status"))),
                default=Coalesce(recorded, Value(ActionStatus.OPEN)),
                output_field=CharField(),
            )
        )
        .select_related("concern")
        .order_by("due_on", "pk")
    )


def concerns_raised(meeting: Meeting) -> QuerySet[Concern]:
    """The concerns raised at the meeting, in the order they were raised. All of the
    meeting's estate (``services.meeting_update`` keeps it), so whoever may read the meeting
    may read them."""
    return meeting.concerns.order_by("pk")


def evaluations_of(panel: Panel) -> QuerySet[Evaluation]:
    return panel.evaluations.order_by("-year")


# site plans, concerns with pins, safety walks, the concerns chart


def newest_plan(estate: Estate) -> SitePlan | None:
    """The plan new pins go on."""
    return SitePlan.objects.filter(estate=estate).order_by("-uploaded_at", "-pk").first()


def newest_plans(estates: QuerySet[Estate]) -> list[Estate]:
    """The estates, each with its newest plan's upload time and the number of its plans."""
    return list(
        estates.annotate(plans=Count("site_plans"), newest=Max("site_plans__uploaded_at")).order_by(
            "name", "pk"
        )
    )


def pins_on(plan: SitePlan, concerns: QuerySet[Concern]) -> list[Concern]:
    """The concerns pinned on ``plan``, numbered in this order on the plan and in its list."""
    return list(concerns.filter(site_plan=plan).order_by("raised_on", "pk"))


def concerns_of_panel(panel: Panel, concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """The concerns raised at the panel's meetings or found on its walks."""
    return concerns.filter(Q(meeting__panel=panel) | Q(walk__panel=panel))


def concern_list(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    return concerns.select_related("estate", "meeting", "walk", "programme").order_by(
        "-raised_on", "-pk"
    )


def concern_years(concerns: QuerySet[Concern]) -> list[int]:
    """The years with concerns, newest first."""
    return list(
        concerns.annotate(year=ExtractYear("raised_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def concern_counts(
    programme: Programme, *, estate_ids: frozenset[int] | None = None, year: int | None = None
) -> list[dict]:
    """How many concerns per year, estate and category (of ``estate_ids`` when given, in
    ``year`` when given), counted by the database; only the combinations that occur."""
    concerns = Concern.objects.filter(programme=programme)
    if estate_ids is not None:
        concerns = concerns.filter(estate__in=estate_ids)
    if year is not None:
        concerns = concerns.filter(raised_on__year=year)
    return list(
        concerns.annotate(year=ExtractYear("raised_on"))
        .values("year", "estate_id", "estate__name", "category")
        .annotate(count=Count("pk"))
        .order_by("-year", "estate__name", "category")
    )


def walk_list(walks: QuerySet[Walk]) -> QuerySet[Walk]:
    return walks.select_related("estate", "follow_up").annotate(concern_count=Count("concerns"))
