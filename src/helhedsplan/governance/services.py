"""Every change to the governance records: one function each, checked before it is saved."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.core.anonymous_text import validate_anonymous
from helhedsplan.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Case,
    CaseStatus,
    Decision,
    GovernanceMeeting,
    Proposal,
    ProposalStatus,
)
from helhedsplan.programmes.models import Estate, Programme


def _require_of_programme(
    programme: Programme, *, agreement: Agreement | None = None, estate: Estate | None = None
) -> None:
    if agreement is not None and agreement.programme_id != programme.pk:
        raise ValidationError({"agreement": _("Delaftalen hører ikke til indsatsen.")})
    if estate is not None and estate.programme_id != programme.pk:
        raise ValidationError({"estate": _("Boligområdet hører ikke til indsatsen.")})


def _require_anonymous(**texts: str) -> None:
    """The log, the decisions and the proposals are about the cooperation between the parties
    and go into the annual report to the partners and the funder: never about a named person."""
    errors: dict[str, list[ValidationError]] = {}
    for field, text in texts.items():
        try:
            validate_anonymous(text)
        except ValidationError as error:
            errors[field] = [error]
    if errors:
        raise ValidationError(errors)


# Bodies and their members ---------------------------------------------------------------


def body_create(
    *,
    programme: Programme,
    kind: str,
    name: str,
    agreement: Agreement | None = None,
    activity_name: str = "",
) -> Body:
    _require_of_programme(programme, agreement=agreement)
    if kind != BodyKind.WORKING_GROUP and activity_name:
        raise ValidationError(
            {"activity_name": _("Kun en faglig arbejdsgruppe følger en aktivitet.")}
        )
    if kind == BodyKind.WORKING_GROUP and not activity_name:
        raise ValidationError(
            {"activity_name": _("Skriv hvilken aktivitet arbejdsgruppen følger.")}
        )
    body = Body(
        programme=programme,
        kind=kind,
        name=name,
        agreement=agreement,
        activity_name=activity_name,
    )
    body.full_clean()
    body.save()
    return body


def member_add(
    *,
    body: Body,
    role: str,
    organisation: str,
    joined_on: datetime.date,
    user: User | None = None,
) -> BodyMember:
    member = BodyMember(
        body=body, role=role, organisation=organisation, joined_on=joined_on, user=user
    )
    member.full_clean()
    member.save()
    return member


def member_leave(*, member: BodyMember, left_on: datetime.date) -> BodyMember:
    if member.left_on is not None:
        raise ValidationError(_("Medlemmet er allerede udtrådt."))
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("Medlemmet kan ikke udtræde før indtrædelsen.")})
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on"])
    return member


# Meetings and decisions -----------------------------------------------------------------


def meeting_record(
    *,
    body: Body,
    held_on: datetime.date,
    agenda: str = "",
    minutes: str = "",
    user: User | None = None,
) -> GovernanceMeeting:
    meeting = GovernanceMeeting(
        body=body, held_on=held_on, agenda=agenda, minutes=minutes, created_by=user
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def meeting_update(
    *, meeting: GovernanceMeeting, held_on: datetime.date, agenda: str, minutes: str
) -> GovernanceMeeting:
    meeting.held_on = held_on
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.full_clean()
    meeting.save(update_fields=["held_on", "agenda", "minutes"])
    return meeting


@transaction.atomic
def decision_add(
    *,
    meeting: GovernanceMeeting,
    text: str,
    agreement_version: AgreementVersion | None = None,
) -> Decision:
    """The meeting's next numbered decision."""
    if (
        agreement_version is not None
        and agreement_version.agreement.programme_id != meeting.body.programme_id
    ):
        raise ValidationError(
            {"agreement_version": _("Delaftaleversionen hører ikke til indsatsen.")}
        )
    _require_anonymous(text=text)
    # Locks the meeting so that two decisions added at once do not take the same number.
    GovernanceMeeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.decisions.aggregate(last=Max("position"))["last"] or 0
    decision = Decision(
        meeting=meeting, position=last + 1, text=text, agreement_version=agreement_version
    )
    decision.full_clean()
    decision.save()
    return decision


# The log of conflicts and notifications --------------------------------------------------


def case_raise(
    *,
    programme: Programme,
    kind: str,
    title: str,
    summary: str,
    raised_by_party: str,
    raised_on: datetime.date,
    agreement: Agreement | None = None,
    estate: Estate | None = None,
    user: User | None = None,
) -> Case:
    _require_of_programme(programme, agreement=agreement, estate=estate)
    _require_anonymous(title=title, summary=summary, raised_by_party=raised_by_party)
    case = Case(
        programme=programme,
        kind=kind,
        title=title,
        summary=summary,
        raised_by_party=raised_by_party,
        raised_on=raised_on,
        agreement=agreement,
        estate=estate,
        recorded_by=user,
    )
    case.full_clean()
    case.save()
    return case


def _require_not_before_raised(case: Case, on: datetime.date, field: str) -> None:
    if on < case.raised_on:
        raise ValidationError({field: _("Datoen ligger før sagen blev rejst.")})


def case_take_up(*, case: Case, on: datetime.date) -> Case:
    """The secretariat head takes up an open entry."""
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Kun en åben sag kan tages op af sekretariatslederen."))
    _require_not_before_raised(case, on, "on")
    case.status = CaseStatus.WITH_HEAD
    case.escalated_to_head_on = on
    case.full_clean()
    case.save(update_fields=["status", "escalated_to_head_on"])
    return case


def case_escalate(*, case: Case, on: datetime.date) -> Case:
    """The secretariat head sends the entry on to the board."""
    if case.status not in {CaseStatus.OPEN, CaseStatus.WITH_HEAD}:
        raise ValidationError(_("Sagen er allerede hos bestyrelsen eller afklaret."))
    _require_not_before_raised(case, on, "on")
    if case.escalated_to_head_on is None:
        case.escalated_to_head_on = on
    elif on < case.escalated_to_head_on:
        raise ValidationError({"on": _("Datoen ligger før sekretariatslederen fik sagen.")})
    case.status = CaseStatus.WITH_BOARD
    case.escalated_to_board_on = on
    case.full_clean()
    case.save(update_fields=["status", "escalated_to_head_on", "escalated_to_board_on"])
    return case


def case_resolve(*, case: Case, resolution: str, on: datetime.date) -> Case:
    if case.status == CaseStatus.RESOLVED:
        raise ValidationError(_("Sagen er allerede afklaret."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Skriv hvordan sagen blev afklaret.")})
    _require_not_before_raised(case, on, "on")
    _require_anonymous(resolution=resolution)
    case.status = CaseStatus.RESOLVED
    case.resolution = resolution
    case.resolved_on = on
    case.full_clean()
    case.save(update_fields=["status", "resolution", "resolved_on"])
    return case


# Proposals for adjustments ---------------------------------------------------------------


def proposal_record(
    *,
    body: Body,
    agreement: Agreement,
    title: str,
    text: str,
    proposed_on: datetime.date,
    user: User | None = None,
) -> Proposal:
    if agreement.programme_id != body.programme_id:
        raise ValidationError({"agreement": _("Delaftalen hører ikke til indsatsen.")})
    _require_anonymous(title=title, text=text)
    proposal = Proposal(
        body=body,
        agreement=agreement,
        title=title,
        text=text,
        proposed_on=proposed_on,
        recorded_by=user,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_draft_start(
    *, proposal: Proposal, user: User, draft: AgreementVersion | None = None
) -> AgreementVersion:
    """Start the agreement's next draft for the proposal, as the agreement's own "new draft"
    does, and link the two; or link ``draft``, a version of the agreement already written
    from it (a revision drafted before its proposal was recorded here)."""
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("Forslaget er allerede behandlet."))
    if draft is None:
        draft = agreement_services.version_start_draft(agreement=proposal.agreement, user=user)
    elif draft.agreement_id != proposal.agreement_id:
        raise ValidationError(_("Versionen hører ikke til forslagets delaftale."))
    proposal.draft = draft
    proposal.status = ProposalStatus.DRAFTED
    proposal.full_clean()
    proposal.save(update_fields=["draft", "status"])
    return draft


def proposal_decline(*, proposal: Proposal, reason: str) -> Proposal:
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("Forslaget er allerede behandlet."))
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Skriv hvorfor forslaget afvises.")})
    proposal.status = ProposalStatus.DECLINED
    proposal.decline_reason = reason
    proposal.full_clean()
    proposal.save(update_fields=["status", "decline_reason"])
    return proposal
