"""What a person's home page starts their day with, gathered from every app's queries.

The home page has a section for each programme the person works in and, in it, a part for each
role they hold there (``PARTS``): the field worker's registrations, the secretariat's view of
the programme, the board's year, a working group's activities, the police's panel. What two
parts would both show is shown once: the gaps in the data with the programme's part, else with
the field worker's; the versions awaiting the board with the board's part, which has the button
to review them. Every piece comes from a query function of the app that owns it, and every
button or link from that app's access rule, so the page offers only what the person may do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.accounts import access
from helhedsplan.accounts import queries as account_queries
from helhedsplan.accounts.models import Role
from helhedsplan.agreements import access as agreement_access
from helhedsplan.agreements import queries as agreement_queries
from helhedsplan.agreements import staged_import as agreement_import
from helhedsplan.agreements.models import Agreement, AgreementVersion, VersionStatus
from helhedsplan.completeness import access as completeness_access
from helhedsplan.completeness import queries as completeness_queries
from helhedsplan.core import queries as core_queries
from helhedsplan.core.models import StagedImport
from helhedsplan.counselling import access as counselling_access
from helhedsplan.counselling import queries as counselling_queries
from helhedsplan.events import access as event_access
from helhedsplan.events import queries as event_queries
from helhedsplan.events import staged_import as kulturhus_import
from helhedsplan.events.models import Event
from helhedsplan.indicators import access as indicator_access
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.media import access as media_access
from helhedsplan.media import queries as media_queries
from helhedsplan.panels import access as panel_access
from helhedsplan.panels import queries as panel_queries
from helhedsplan.panels.models import ActionItem
from helhedsplan.programmes.models import Programme
from helhedsplan.series import staged_import as series_import
from helhedsplan.surveys import access as survey_access
from helhedsplan.surveys import queries as survey_queries
from helhedsplan.surveys.models import Wave

# How many of a person's own registrations, and of the items of a gap, the page lists.
LATEST_REGISTRATIONS = 8
GAP_ITEMS = 5


class Part(StrEnum):
    FIELD_WORK = "field_work"
    PROGRAMME = "programme"
    BOARD = "board"
    ACTIVITIES = "activities"
    PANEL = "panel"
    PARTNER_ACTIONS = "partner_actions"


# The part of the home page that starts each role's work. An administrator runs the programme
# with the secretariat head, so both start from the programme as a whole.
PARTS: dict[Role, Part] = {
    Role.STAFF: Part.FIELD_WORK,
    Role.SECRETARIAT_HEAD: Part.PROGRAMME,
    Role.ADMINISTRATOR: Part.PROGRAMME,
    Role.BOARD: Part.BOARD,
    Role.WORKING_GROUP: Part.ACTIVITIES,
    Role.POLICE: Part.PANEL,
    # A partner's work is the actions assigned to their organisation, nothing else.
    Role.PARTNER: Part.PARTNER_ACTIONS,
}
# The parts that show how the programme's agreements stand.
STANDING_PARTS = frozenset({Part.PROGRAMME, Part.BOARD, Part.ACTIVITIES})


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Registration:
    """One of the person's own registrations, with its correction while that is allowed."""

    kind: str
    text: str
    moment: datetime.datetime | datetime.date
    registered_at: datetime.datetime
    url: str | None
    correct_url: str | None

    @property
    def has_time(self) -> bool:
        return isinstance(self.moment, datetime.datetime)


@dataclass(frozen=True)
class Gap:
    """Something missing from the data, what it means, and the first of its cases."""

    title: str
    definition: str
    total: int
    items: list[Link]

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class WaitingImport:
    staged: StagedImport
    label: str
    # The preview, for the person who uploaded the file: nobody else may confirm it.
    preview_url: str | None


@dataclass(frozen=True)
class WaitingVersion:
    version: AgreementVersion
    may_approve: bool


@dataclass(frozen=True)
class Activities:
    """A working group's view of a running agreement: its activities' criteria and what the
    person may propose."""

    standing: indicator_queries.Standing
    proposals: list[Link]


@dataclass
class ProgrammeHome:
    programme: Programme
    roles: list[str]
    parts: set[Part]
    may_open_programme: bool
    actions: list[Link] = field(default_factory=list)
    days: list[counselling_queries.Day] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # Whether the person works in some of the estates only, which the gaps then cover.
    estate_limited: bool = False
    standings: list[indicator_queries.Standing] = field(default_factory=list)
    activities: list[Activities] = field(default_factory=list)
    versions: list[WaitingVersion] = field(default_factory=list)
    imports: list[WaitingImport] = field(default_factory=list)
    # A partner's actions still open, the overdue first marked ``overdue``.
    partner_actions: list[ActionItem] = field(default_factory=list)
    # The survey waves open today in the estates the person manages surveys in, each with
    # its answers so far (``answers``) and target.
    open_waves: list[Wave] = field(default_factory=list)
    may_manage_surveys: bool = False
    # For the secretariat head: what is missing for the running year (``completeness``).
    cockpit: completeness_queries.Cockpit | None = None

    @property
    def running(self) -> list[indicator_queries.Standing]:
        return [standing for standing in self.standings if standing.year is not None]

    @property
    def restated(self) -> list[indicator_queries.RestatedFigure]:
        return [figure for standing in self.standings for figure in standing.restated()]

    @property
    def gaps_with_programme(self) -> bool:
        return Part.PROGRAMME in self.parts

    @property
    def versions_with_board(self) -> bool:
        return Part.BOARD in self.parts


# The imports a programme's uploads go into: what they are called, and where their owner
# previews and confirms them.
IMPORTS: dict[str, tuple[Promise, Callable[[Programme], str]]] = {
    agreement_import.KIND: (
        gettext_lazy("Delaftale"),
        lambda programme: reverse("agreements:import_preview"),
    ),
    kulturhus_import.KIND: (
        gettext_lazy("Kulturhus Syds bookingkalender"),
        lambda programme: reverse("events:kulturhus_preview"),
    ),
    series_import.KIND: (
        gettext_lazy("Statistik"),
        lambda programme: reverse("series:import_preview", kwargs={"slug": programme.slug}),
    ),
}


def home_pages(user: User, *, today: datetime.date | None = None) -> list[ProgrammeHome]:
    """A section for each programme the user works in, with the parts of their roles there."""
    today = today or timezone.localdate()
    programmes = list(access.visible_programmes(user).order_by("name"))
    roles = _role_labels(user, programmes)
    homes = []
    for programme in programmes:
        parts = {PARTS[role] for role in access.roles_in(user, programme)}
        homes.append(
            ProgrammeHome(
                programme=programme,
                roles=roles.get(programme.pk, []),
                parts=parts,
                may_open_programme=access.may_view_programme(user, programme),
            )
        )
    for home in homes:
        if Part.FIELD_WORK in home.parts:
            _field_work(home, user, today)
        if home.parts & {Part.FIELD_WORK, Part.PROGRAMME}:
            _gaps(home, user, today)
    _standings([home for home in homes if home.parts & STANDING_PARTS], user, today)
    _versions([home for home in homes if home.parts & {Part.PROGRAMME, Part.BOARD}], user)
    _imports([home for home in homes if Part.PROGRAMME in home.parts], user)
    for home in homes:
        if Part.PROGRAMME in home.parts:
            _open_waves(home, user, today)
    for home in homes:
        if Role.SECRETARIAT_HEAD in access.roles_in(user, home.programme):
            _cockpit(home, user, today)
    for home in homes:
        if Part.PARTNER_ACTIONS in home.parts:
            home.partner_actions = list(
                panel_queries.open_actions(
                    panel_access.visible_actions(user, home.programme), today=today
                )
            )
    return homes


def _cockpit(home: ProgrammeHome, user: User, today: datetime.date) -> None:
    """The whole cockpit, counted by kind, for the secretariat head who runs the year."""
    if completeness_access.may_view(user, home.programme):
        estates = completeness_access.own_estates(user, home.programme)
        home.cockpit = completeness_queries.cockpit(
            home.programme,
            estates,
            reviews=completeness_access.may_review(user, home.programme),
            today=today,
        )


def _open_waves(home: ProgrammeHome, user: User, today: datetime.date) -> None:
    """The surveys' rounds under way, for the secretariat that opened them."""
    home.may_manage_surveys = survey_access.may_open_waves(user, home.programme)
    if home.may_manage_surveys:
        home.open_waves = list(
            survey_queries.open_waves(
                survey_access.managed_waves(user, home.programme), today=today
            )
        )


def _role_labels(user: User, programmes: list[Programme]) -> dict[int, list[str]]:
    """The user's roles in each programme, with the estates a role is limited to."""
    if access.is_superuser(user):
        return {programme.pk: [_("Superbruger med alle roller")] for programme in programmes}
    labels: dict[int, list[str]] = {}
    for membership in account_queries.memberships_of(user):
        label = str(membership.get_role_display())
        estates = [estate.name for estate in membership.estates.all()]
        if estates:
            label = f"{label} ({', '.join(estates)})"
        labels.setdefault(membership.programme_id, []).append(label)
    return labels


# The field worker's part ---------------------------------------------------------------


def _field_work(home: ProgrammeHome, user: User, today: datetime.date) -> None:
    programme = home.programme
    slug = {"slug": programme.slug}
    may_register = counselling_access.may_register(user, programme)
    may_change_events = event_access.may_change_events(user, programme)
    may_change_press = media_access.may_change_press(user, programme)
    if may_register:
        home.actions.append(
            Link(_("Ny henvendelse"), reverse("counselling:inquiry_create", kwargs=slug))
        )
    if may_change_events:
        home.actions.append(
            Link(_("Nyt arrangement"), f"{reverse('events:create')}?programme={programme.pk}")
        )
    if may_change_press:
        home.actions.append(
            Link(_("Ny presseomtale"), reverse("media:mention_create", kwargs=slug))
        )
    if counselling_access.may_view_opening_hours(user, programme):
        home.days = counselling_queries.counselling_on(
            list(access.visible_estates(user, programme)), day=today
        )
    registrations: list[Registration] = []
    if may_register:
        now = timezone.now()
        registrations += [
            Registration(
                kind=_("Henvendelse"),
                text=f"{inquiry.estate.name}: {', '.join(t.name for t in inquiry.topics.all())}",
                moment=timezone.localtime(inquiry.occurred_at),
                registered_at=inquiry.registered_at,
                url=None,
                correct_url=reverse(
                    "counselling:inquiry_update", kwargs={**slug, "inquiry_id": inquiry.pk}
                )
                if counselling_access.may_correct(user, inquiry, now=now)
                else None,
            )
            for inquiry in counselling_queries.inquiries_registered_by(
                user=user, programme=programme, limit=LATEST_REGISTRATIONS
            )
        ]
    if may_change_events:
        registrations += [
            Registration(
                kind=_("Arrangement"),
                text=event.title,
                moment=timezone.localtime(event.starts_at),
                registered_at=event.created_at,
                url=event.get_absolute_url(),
                correct_url=reverse("events:update", kwargs={"event_id": event.pk})
                if event_access.may_change_event(user, event)
                else None,
            )
            for event in event_queries.events_created_by(
                user=user, programme=programme, limit=LATEST_REGISTRATIONS
            )
        ]
    if may_change_press:
        registrations += [
            Registration(
                kind=_("Presseomtale"),
                text=f"{mention.headline} ({mention.outlet.name})",
                moment=mention.published_on,
                registered_at=mention.created_at,
                url=mention.get_absolute_url(),
                correct_url=reverse(
                    "media:mention_update", kwargs={**slug, "mention_id": mention.pk}
                )
                if media_access.may_change_mention(user, mention)
                else None,
            )
            for mention in media_queries.mentions_registered_by(
                user=user, programme=programme, limit=LATEST_REGISTRATIONS
            )
        ]
    registrations.sort(key=lambda registration: registration.registered_at, reverse=True)
    home.registrations = registrations[:LATEST_REGISTRATIONS]


# Gaps in the data ----------------------------------------------------------------------


def _gaps(home: ProgrammeHome, user: User, today: datetime.date) -> None:
    """What is missing from the data of the estates the user works in: the definitions the
    page states, each counted by the database."""
    programme = home.programme
    home.estate_limited = access.visible_estates(user, programme).count() < len(
        programme.estates.all()
    )
    # A year is closed after it has ended, so last year's gaps still matter to its figures.
    first = datetime.date(today.year - 1, 1, 1)
    since = formats.date_format(first, "SHORT_DATE_FORMAT")
    if event_access.may_change_events(user, programme):
        home.gaps.append(
            _gap(
                _("Overståede arrangementer siden %(day)s, der stadig står som planlagt")
                % {"day": since},
                _(
                    "Et arrangement tæller først med i målene, når det er markeret som afholdt "
                    "med deltagertal, eller som aflyst."
                ),
                core_queries.sample(
                    event_queries.events_left_planned(
                        programme=programme,
                        estates=list(event_access.own_estates(user, programme)),
                        first=first,
                        today=today,
                    ),
                    GAP_ITEMS,
                ),
                _event_link,
            )
        )
    if counselling_access.may_register(user, programme):
        weeks = counselling_queries.quiet_weeks(
            list(counselling_access.registering_estates(user, programme)), today=today
        )
        home.gaps.append(
            Gap(
                title=_("Uger med åben rådgivning uden registrerede henvendelser"),
                definition=_(
                    "De seneste %(weeks)s afsluttede uger, hvor rådgivningen efter "
                    "åbningstiderne var åben, men hvor ingen henvendelse er registreret. Var "
                    "rådgivningen lukket, skal lukningen registreres ved åbningstiderne; ellers "
                    "mangler henvendelserne."
                )
                % {"weeks": counselling_queries.QUIET_WEEKS_LOOKED_BACK},
                total=len(weeks),
                items=[_quiet_week_link(week) for week in weeks[:GAP_ITEMS]],
            )
        )
    if media_access.may_change_press(user, programme):
        home.gaps.append(
            _gap(
                _("Afholdte kulturelle arrangementer siden %(day)s uden presseomtale")
                % {"day": since},
                _(
                    "Alle kulturelle arrangementer skal omtales i pressen (K3). Er et arrangement "
                    "omtalt, så registrér omtalen og knyt den til arrangementet."
                ),
                core_queries.sample(
                    media_queries.cultural_events_without_mention(
                        programme=programme,
                        estates=list(media_access.own_estates(user, programme)),
                        first=first,
                        last=today,
                    ),
                    GAP_ITEMS,
                ),
                _event_link,
            )
        )


def _gap(
    title: str,
    definition: str,
    found: core_queries.Sample[Event],
    link: Callable[[Event], Link],
) -> Gap:
    return Gap(
        title=title,
        definition=definition,
        total=found.total,
        items=[link(row) for row in found.first],
    )


def _event_link(event: Event) -> Link:
    when = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
    return Link(f"{event.title} ({when})", event.get_absolute_url())


def _quiet_week_link(week: counselling_queries.QuietWeek) -> Link:
    sunday = week.monday + datetime.timedelta(days=6)
    label = _("%(estate)s, uge %(week)s (%(first)s–%(last)s)") % {
        "estate": week.estate.name,
        "week": week.iso_week,
        "first": formats.date_format(week.monday, "SHORT_DATE_FORMAT"),
        "last": formats.date_format(sunday, "SHORT_DATE_FORMAT"),
    }
    url = reverse(
        "counselling:opening_hours",
        kwargs={"slug": week.estate.programme.slug, "estate_id": week.estate.pk},
    )
    return Link(label, url)


# The agreements' standing --------------------------------------------------------------


def _standings(homes: list[ProgrammeHome], user: User, today: datetime.date) -> None:
    if not homes:
        return
    by_programme = {home.programme.pk: home for home in homes}
    agreements = indicator_queries.agreements_for(user).filter(programme__in=list(by_programme))
    for agreement in agreements.order_by("focus_area__name"):
        home = by_programme[agreement.programme_id]
        standing = indicator_queries.standing(
            agreement, today=today, closed_years=Part.BOARD in home.parts
        )
        if standing is None:
            continue
        home.standings.append(standing)
        if Part.ACTIVITIES in home.parts and standing.year is not None:
            home.activities.append(
                Activities(standing=standing, proposals=_proposals(agreement, standing, user))
            )


def _proposals(
    agreement: Agreement, standing: indicator_queries.Standing, user: User
) -> list[Link]:
    """What the user may propose for a running agreement: changes in a draft of the
    agreement, and indicators for the criteria that cannot be measured yet."""
    links = []
    if agreement_access.may_edit(user, agreement):
        draft = agreement_queries.open_version(agreement)
        if draft is None:
            links.append(
                Link(_("Foreslå ændringer i delaftalen (ny kladde)"), agreement.get_absolute_url())
            )
        elif draft.status == VersionStatus.DRAFT:
            links.append(
                Link(
                    _("Ret kladden til version %(number)s") % {"number": draft.number},
                    reverse(
                        "agreements:edit",
                        kwargs={"agreement_id": agreement.pk, "number": draft.number},
                    ),
                )
            )
        else:
            links.append(
                Link(
                    _("Version %(number)s er foreslået og venter på bestyrelsen")
                    % {"number": draft.number},
                    draft.get_absolute_url(),
                )
            )
    unmeasured = len(standing.board.unmeasured)
    if unmeasured and indicator_access.may_propose(user, agreement):
        links.append(
            Link(
                _("Foreslå indikatorer for de succeskriterier, der ikke kan måles endnu (%(n)s)")
                % {"n": unmeasured},
                reverse("indicators:proposals", kwargs={"agreement_id": agreement.pk}),
            )
        )
    return links


def _versions(homes: list[ProgrammeHome], user: User) -> None:
    if not homes:
        return
    by_programme = {home.programme.pk: home for home in homes}
    for version in agreement_queries.versions_awaiting_approval(
        programmes=[home.programme for home in homes]
    ):
        by_programme[version.agreement.programme_id].versions.append(
            WaitingVersion(version, agreement_access.may_approve(user, version.agreement))
        )


def _imports(homes: list[ProgrammeHome], user: User) -> None:
    if not homes:
        return
    by_programme = {home.programme.pk: home for home in homes}
    for staged in core_queries.staged_imports_waiting(programme_ids=list(by_programme)):
        home = by_programme[staged.target["programme"]]
        label, preview = IMPORTS.get(staged.kind, (gettext_lazy("Import"), None))
        home.imports.append(
            WaitingImport(
                staged=staged,
                label=str(label),
                preview_url=preview(home.programme)
                if preview is not None and staged.owner_id == user.pk
                else None,
            )
        )
