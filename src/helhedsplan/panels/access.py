"""Who may see or change the resident panels: ``KEEP_PANELS`` of ``accounts.permissions``.

Staff, the police, secretariat heads and administrators keep the panels of their estates: a
panel of an estate is for those who keep that estate, a joint panel for every keeper of the
programme. A meeting belongs to the estate it was held in, a member to the estate they live
in: an estate-limited person sees, records and changes those of their estates only. The
board and the working groups see the meetings counted (P1 on the dashboard), nothing more.
Reviewing retention, renewing a consent and erasing a member are the privacy lifecycle's
(``privacy.access``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.panels.models import (
    ActionItem,
    Concern,
    ConcernPhoto,
    Evaluation,
    Meeting,
    Member,
    Panel,
    SitePlan,
    Walk,
)
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import access as privacy_access
from helhedsplan.programmes.models import Estate, Programme


def may_keep(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.KEEP_PANELS)


def may_keep_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.KEEP_PANELS)


def kept_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.KEEP_PANELS)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a keeper may set up a panel, place a member or hold a meeting in."""
    return access.estates_where(user, programme, Action.KEEP_PANELS)


def may_set_up_joint_panel(user: User, programme: Programme) -> bool:
    """A joint panel spans every estate: for those who keep them all."""
    return may_keep(user, programme) and (
        access.estate_ids_where(user, programme, Action.KEEP_PANELS) is None
    )


def may_keep_panel(user: User, panel: Panel) -> bool:
    if panel.estate_id is None:
        return may_keep(user, panel.programme)
    return access.may_in_estates(user, panel.programme, Action.KEEP_PANELS, [panel.estate_id])


def kept_panels(user: User, programme: Programme) -> QuerySet[Panel]:
    if not may_keep(user, programme):
        return Panel.objects.none()
    ids = access.estate_ids_where(user, programme, Action.KEEP_PANELS)
    panels = Panel.objects.filter(programme=programme)
    if ids is None:
        return panels
    return panels.filter(Q(estate__in=ids) | Q(estate__isnull=True))


def may_keep_member(user: User, member: Member) -> bool:
    return privacy_access.may_keep_person(user, REGISTER, member)


def may_review_member(user: User, member: Member) -> bool:
    return privacy_access.may_review_person(user, member)


def kept_members(user: User, panel: Panel) -> QuerySet[Member]:
    return privacy_access.kept_people(user, REGISTER, panel.programme).filter(panel=panel)


def may_keep_meeting(user: User, meeting: Meeting) -> bool:
    """See the meeting and its minutes, change it, upload its minutes."""
    return access.may_in_estates(user, meeting.programme, Action.KEEP_PANELS, [meeting.estate_id])


def kept_meetings(user: User, panel: Panel) -> QuerySet[Meeting]:
    if not may_keep_panel(user, panel):
        return Meeting.objects.none()
    ids = access.estate_ids_where(user, panel.programme, Action.KEEP_PANELS)
    meetings = Meeting.objects.filter(panel=panel)
    return meetings if ids is None else meetings.filter(estate__in=ids)


# the actions until done ---------------------------------------------------------------------------
#
# Those who keep the panels keep the actions of their estates (``KEEP_PANEL_ACTIONS``): they
# create them on a concern, assign any party and owner, change their status and edit them. A
# partner (``UPDATE_OWN_ACTIONS``) sees and follows up the actions assigned to their
# organisation only, whatever the estate; to them another party's action does not exist.


def may_keep_actions(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.KEEP_PANEL_ACTIONS)


def partner_organisations(user: User, programme: Programme) -> frozenset[str]:
    """The organisations whose actions the user follows up as a partner in ``programme``."""
    return access.organisations_where(user, programme, Action.UPDATE_OWN_ACTIONS)


def may_see_actions(user: User, programme: Programme) -> bool:
    return may_keep_actions(user, programme) or bool(partner_organisations(user, programme))


def may_see_actions_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.KEEP_PANEL_ACTIONS) or access.may_anywhere(
        user, Action.UPDATE_OWN_ACTIONS
    )


def action_programmes(user: User) -> QuerySet[Programme]:
    """The programmes whose action list the user may open."""
    return (
        access.programmes_where(user, Action.KEEP_PANEL_ACTIONS)
        | access.programmes_where(user, Action.UPDATE_OWN_ACTIONS)
    ).distinct()


def visible_actions(user: User, programme: Programme) -> QuerySet[ActionItem]:
    """The actions of ``programme`` the user sees: those of the estates they keep, and those
    assigned to their organisation."""
    actions = ActionItem.objects.filter(programme=programme)
    ids = access.estate_ids_where(user, programme, Action.KEEP_PANEL_ACTIONS)
    if ids is None:
        return actions
    return actions.filter(Q(estate__in=ids) | Q(party__in=partner_organisations(user, programme)))


def addressable_actions(user: User, programme: Programme) -> QuerySet[ActionItem]:
    """What an action's address may name for the user: for a partner who keeps no estate,
    only their organisation's actions (any other is a 404 to them); for everyone else every
    action of the programme, refused with a 403 if not theirs."""
    if may_keep_actions(user, programme) or not partner_organisations(user, programme):
        return ActionItem.objects.filter(programme=programme)
    return visible_actions(user, programme)


def may_keep_action(user: User, action: ActionItem) -> bool:
    """Edit the action, reassign it: those who keep its estate."""
    return access.may_in_estates(
        user, action.programme, Action.KEEP_PANEL_ACTIONS, [action.estate_id]
    )


def may_follow_up(user: User, action: ActionItem) -> bool:
    """See the action, change its status and write notes: its keepers and its party's
    partners."""
    return may_keep_action(user, action) or action.party in partner_organisations(
        user, action.programme
    )


def may_add_action(user: User, concern: Concern) -> bool:
    return access.may_in_estates(
        user, concern.programme, Action.KEEP_PANEL_ACTIONS, [concern.estate_id]
    )


# the yearly evaluations ---------------------------------------------------------------------------


def may_keep_evaluation(user: User, evaluation: Evaluation) -> bool:
    """See an evaluation and its file: those who keep its panel."""
    return may_keep_panel(user, evaluation.panel)


# site plans, concerns, walks and photos belong to their estate.


def may_keep_estate(user: User, estate: Estate) -> bool:
    """See and upload the estate's site plans."""
    return access.may_in_estates(user, estate.programme, Action.KEEP_PANELS, [estate.pk])


def may_keep_site_plan(user: User, plan: SitePlan) -> bool:
    return access.may_in_estates(user, plan.programme, Action.KEEP_PANELS, [plan.estate_id])


def may_keep_concern(user: User, concern: Concern) -> bool:
    """See the concern, change it, add and remove its photos."""
    return access.may_in_estates(user, concern.programme, Action.KEEP_PANELS, [concern.estate_id])


def may_keep_photo(user: User, photo: ConcernPhoto) -> bool:
    return may_keep_concern(user, photo.concern)


def may_keep_walk(user: User, walk: Walk) -> bool:
    return access.may_in_estates(user, walk.programme, Action.KEEP_PANELS, [walk.estate_id])


def kept_estate_ids(user: User, programme: Programme) -> frozenset[int] | None:
    """The estates whose concerns the person sees (``None``: all of the programme's)."""
    return access.estate_ids_where(user, programme, Action.KEEP_PANELS)


def kept_concerns(user: User, programme: Programme) -> QuerySet[Concern]:
    if not may_keep(user, programme):
        return Concern.objects.none()
    ids = kept_estate_ids(user, programme)
    concerns = Concern.objects.filter(programme=programme)
    return concerns if ids is None else concerns.filter(estate__in=ids)


def kept_walks(user: User, panel: Panel) -> QuerySet[Walk]:
    if not may_keep_panel(user, panel):
        return Walk.objects.none()
    ids = kept_estate_ids(user, panel.programme)
    walks = Walk.objects.filter(panel=panel)
    return walks if ids is None else walks.filter(estate__in=ids)
