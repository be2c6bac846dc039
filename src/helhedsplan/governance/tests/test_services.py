"""The governance services: bodies, members, meetings and decisions, the log's flow, the
proposals that become drafts, and the year's summary."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from helhedsplan.agreements.models import VersionStatus
from helhedsplan.governance import queries, services
from helhedsplan.governance.models import BodyKind, CaseKind, CaseStatus, MemberRole, ProposalStatus

from .helpers import a_board, a_case, a_proposal, a_working_group, an_agreement

D = datetime.date


def test_only_a_working_group_follows_an_activity_and_it_must_name_one(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            programme=world.programme, kind=BodyKind.BOARD, name="B", activity_name="Kultur"
        )
    assert "activity_name" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.body_create(programme=world.programme, kind=BodyKind.WORKING_GROUP, name="W")


def test_a_body_name_is_unique_in_the_programme(world: World) -> None:
    a_board(world.programme)
    with pytest.raises(ValidationError):
        services.body_create(programme=world.programme, kind=BodyKind.FOLLOW_UP, name="Bestyrelsen")


def test_an_agreement_of_another_programme_is_refused(world: World) -> None:
    other = an_agreement(world.other_programme)
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            programme=world.programme, kind=BodyKind.FOLLOW_UP, name="F", agreement=other
        )
    assert "agreement" in refused.value.error_dict


def test_a_member_leaves_once_and_not_before_joining(world: World) -> None:
    member = services.member_add(
        body=a_board(world.programme),
        role=MemberRole.CHAIR,
        organisation="Helsingør Kommune",
        joined_on=D(2019, 1, 1),
        user=world.user("board"),
    )
    with pytest.raises(ValidationError):
        services.member_leave(member=member, left_on=D(2018, 12, 31))
    services.member_leave(member=member, left_on=D(2020, 6, 30))
    member.refresh_from_db()
    assert member.left_on == D(2020, 6, 30)
    with pytest.raises(ValidationError):
        services.member_leave(member=member, left_on=D(2020, 7, 1))


def test_decisions_are_numbered_per_meeting(world: World) -> None:
    board = a_board(world.programme)
    first = services.meeting_record(body=board, held_on=D(2020, 3, 1))
    second = services.meeting_record(body=board, held_on=D(2020, 9, 1))
    numbers = [services.decision_add(meeting=first, text=t).position for t in ("A", "B")]
    assert numbers == [1, 2]
    assert services.decision_add(meeting=second, text="C").position == 1


def test_a_decision_names_a_version_of_the_programmes_agreements_only(world: World) -> None:
    meeting = services.meeting_record(body=a_board(world.programme), held_on=D(2020, 3, 1))
    version = an_agreement(world.programme).versions.get(number=1)
    decision = services.decision_add(meeting=meeting, text="Godkendt", agreement_version=version)
    assert decision.agreement_version == version
    foreign = an_agreement(world.other_programme).versions.get(number=1)
    with pytest.raises(ValidationError):
        services.decision_add(meeting=meeting, text="Nej", agreement_version=foreign)


def test_a_case_goes_to_the_head_then_the_board_and_is_resolved(world: World) -> None:
    case = a_case(world.programme, by=world.user("staff"))
    assert case.status == CaseStatus.OPEN
    with pytest.raises(ValidationError):
        services.case_take_up(case=case, on=D(2021, 2, 1))  # before it was raised
    services.case_take_up(case=case, on=D(2021, 3, 2))
    assert case.status == CaseStatus.WITH_HEAD
    with pytest.raises(ValidationError):
        services.case_take_up(case=case, on=D(2021, 3, 3))
    services.case_escalate(case=case, on=D(2021, 3, 10))
    assert (case.status, case.escalated_to_board_on) == (CaseStatus.WITH_BOARD, D(2021, 3, 10))
    with pytest.raises(ValidationError):
        services.case_resolve(case=case, resolution=" ", on=D(2021, 4, 1))
    services.case_resolve(case=case, resolution="Aftalt ny fordeling.", on=D(2021, 4, 1))
    case.refresh_from_db()
    assert (case.status, case.resolved_on) == (CaseStatus.RESOLVED, D(2021, 4, 1))
    with pytest.raises(ValidationError):
        services.case_escalate(case=case, on=D(2021, 4, 2))


@pytest.mark.parametrize(
    ("field", "text"),
    [("summary", "Jens Hansen på Nøjsomhedsvej 12 klager."), ("title", "Ring til 22 33 44 55")],
)
def test_the_log_refuses_personal_data(world: World, field: str, text: str) -> None:
    fields = {"title": "Klage", "summary": "Uenighed om lokaler."} | {field: text}
    with pytest.raises(ValidationError) as refused:
        services.case_raise(
            programme=world.programme,
            kind=CaseKind.CONFLICT,
            title=fields["title"],
            summary=fields["summary"],
            raised_by_party="Kulturhus Syd",
            raised_on=D(2021, 3, 1),
        )
    assert field in refused.value.error_dict


def test_a_resolution_naming_someone_is_refused(world: World) -> None:
    case = a_case(world.programme, by=None)
    with pytest.raises(ValidationError):
        services.case_resolve(case=case, resolution="Ring til 22 33 44 55.", on=D(2021, 4, 1))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_proposal_becomes_the_agreements_next_draft(world: World) -> None:
    proposal = a_proposal(world.programme)
    draft = services.proposal_draft_start(proposal=proposal, user=world.user("working_group"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFTED
    assert proposal.draft == draft
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.proposal_draft_start(proposal=proposal, user=world.user("working_group"))


def test_a_proposal_waits_while_the_agreement_has_a_draft(world: World) -> None:
    first = a_proposal(world.programme)
    services.proposal_draft_start(proposal=first, user=world.user("secretariat_head"))
    second = services.proposal_record(
        body=a_working_group(world.programme),
        agreement=first.agreement,
        title="Aftenåbning",
        text="Rådgivning om aftenen.",
        proposed_on=D(2021, 1, 5),
    )
    with pytest.raises(ValidationError):
        services.proposal_draft_start(proposal=second, user=world.user("secretariat_head"))
    second.refresh_from_db()
    assert (second.status, second.draft) == (ProposalStatus.PROPOSED, None)


def test_a_declined_proposal_has_a_reason(world: World) -> None:
    proposal = a_proposal(world.programme)
    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, reason="")
    services.proposal_decline(proposal=proposal, reason="Ikke i denne periode.")
    assert proposal.status == ProposalStatus.DECLINED


def test_the_year_summary_counts_the_year(world: World) -> None:
    board = a_board(world.programme)
    group = a_working_group(world.programme)
    services.member_add(
        body=board, role=MemberRole.CHAIR, organisation="A", joined_on=D(2019, 1, 1)
    )
    services.member_leave(
        member=services.member_add(
            body=board, role=MemberRole.MEMBER, organisation="B", joined_on=D(2018, 1, 1)
        ),
        left_on=D(2019, 12, 31),
    )
    services.member_add(
        body=board, role=MemberRole.MEMBER, organisation="C", joined_on=D(2021, 1, 1)
    )
    for held in (D(2020, 3, 1), D(2020, 11, 1), D(2021, 3, 1)):
        meeting = services.meeting_record(body=board, held_on=held)
        services.decision_add(meeting=meeting, text="1")
        services.decision_add(meeting=meeting, text="2")
    # Raised in 2019, resolved in 2020; raised in 2020, resolved in 2021; raised in 2020, open.
    late = a_case(world.programme, by=None, title="Gammel", raised_on=D(2019, 5, 1))
    services.case_resolve(case=late, resolution="Løst.", on=D(2020, 2, 1))
    new = a_case(world.programme, by=None, title="Ny", raised_on=D(2020, 8, 1))
    services.case_resolve(case=new, resolution="Løst.", on=D(2021, 1, 10))
    open_case = services.case_raise(
        programme=world.programme,
        kind=CaseKind.NOTIFICATION,
        title="Underretning",
        summary="Manglende tal.",
        raised_by_party="Sekretariatet",
        raised_on=D(2020, 6, 1),
    )
    assert open_case.status == CaseStatus.OPEN
    services.proposal_decline(proposal=a_proposal(world.programme), reason="Nej.")

    summary = queries.year_summary(world.programme, 2020)

    by_body = {row.body: row for row in summary.bodies}
    assert (by_body[board].members, by_body[board].meetings, by_body[board].decisions) == (
        1,
        2,
        4,
    )
    assert (by_body[group].members, by_body[group].meetings) == (0, 0)
    assert [row.kind for row in summary.bodies] == [BodyKind.BOARD, BodyKind.WORKING_GROUP]
    cases = {row.kind: row for row in summary.cases}
    conflict, notification = cases[CaseKind.CONFLICT], cases[CaseKind.NOTIFICATION]
    assert (conflict.raised, conflict.resolved, conflict.open_at_year_end) == (1, 1, 1)
    assert (notification.raised, notification.resolved, notification.open_at_year_end) == (1, 0, 1)
    assert summary.proposals.proposed == 1
    assert summary.proposals.declined == 1
    assert (summary.meetings, summary.decisions) == (2, 4)
