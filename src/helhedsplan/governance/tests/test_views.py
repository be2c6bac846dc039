"""The governance pages through the client: who sees which entries of the log, a case and a
proposal recorded by form, and a proposal's draft linking back to it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.governance.models import Case, CaseStatus, Proposal, ProposalStatus

from .helpers import a_board, a_case, a_proposal, a_working_group


def _slug(world: World) -> str:
    return world.programme.slug


def test_those_who_raise_cases_see_their_own_and_handlers_see_all(
    client: Client, world: World
) -> None:
    a_case(world.programme, by=world.user("staff"), title="Personalets sag")
    a_case(world.programme, by=world.user("working_group"), title="Gruppens sag")
    url = reverse("governance:case_list", args=[_slug(world)])
    client.force_login(world.user("staff"))
    page = client.get(url).content.decode()
    assert "Personalets sag" in page and "Gruppens sag" not in page
    client.force_login(world.user("board"))
    page = client.get(url).content.decode()
    assert "Personalets sag" in page and "Gruppens sag" in page


def test_an_entry_of_another_is_refused_and_an_unknown_one_not_found(
    client: Client, world: World
) -> None:
    case = a_case(world.programme, by=world.user("working_group"))
    client.force_login(world.user("staff"))
    assert client.get(reverse("governance:case", args=[_slug(world), case.pk])).status_code == 403
    missing = reverse("governance:case", args=[_slug(world), case.pk + 100])
    assert client.get(missing).status_code == 404


def test_a_case_is_recorded_and_personal_data_refused(client: Client, world: World) -> None:
    client.force_login(world.user("staff"))
    url = reverse("governance:case_create", args=[_slug(world)])
    data = {
        "kind": "conflict",
        "title": "Uenighed om nøgler",
        "summary": "Beboerhusets nøgler udleveres forskelligt.",
        "raised_by_party": "Boligselskabet",
        "raised_on": "01.03.2021",
        "estate": world.nojsomhed.pk,
        "idempotency_key": "case-1",
    }
    refused = client.post(url, data | {"summary": "Jens Hansen ringer på 22 33 44 55."})
    assert refused.status_code == 400
    assert not Case.objects.exists()
    response = client.post(url, data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.recorded_by, case.estate, case.status) == (
        world.user("staff"),
        world.nojsomhed,
        CaseStatus.OPEN,
    )


def test_the_head_escalates_and_resolves(client: Client, world: World) -> None:
    case = a_case(world.programme, by=world.user("staff"))
    client.force_login(world.user("secretariat_head"))
    escalate = reverse("governance:case_escalate", args=[_slug(world), case.pk])
    assert client.post(escalate, {"on": "2020-01-01"}).status_code == 400
    assert client.post(escalate, {"on": "2021-03-05"}).status_code == 302
    resolve = reverse("governance:case_resolve", args=[_slug(world), case.pk])
    client.post(resolve, {"resolve-resolution": "Aftalt.", "resolve-on": "2021-04-01"})
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert str(case.escalated_to_board_on) == "2021-03-05"


def test_opret_udkast_starts_the_draft_whose_page_links_back(client: Client, world: World) -> None:
    proposal = a_proposal(world.programme)
    client.force_login(world.user("working_group"))
    page = client.get(reverse("governance:proposal", args=[_slug(world), proposal.pk]))
    assert "Opret udkast" in page.content.decode()
    response = client.post(reverse("governance:proposal_draft", args=[_slug(world), proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFTED
    draft = proposal.draft
    assert draft is not None
    assert response["Location"] == reverse(
        "agreements:edit", args=[draft.agreement_id, draft.number]
    )
    draft_page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("governance:proposal", args=[_slug(world), proposal.pk]) in draft_page
    # The drafted proposal offers no second draft.
    page = client.get(reverse("governance:proposal", args=[_slug(world), proposal.pk]))
    assert "Opret udkast" not in page.content.decode()


def test_the_board_reads_a_proposal_but_may_not_draft_it(client: Client, world: World) -> None:
    proposal = a_proposal(world.programme)
    client.force_login(world.user("board"))
    page = client.get(reverse("governance:proposal", args=[_slug(world), proposal.pk]))
    assert page.status_code == 200 and "Opret udkast" not in page.content.decode()
    url = reverse("governance:proposal_draft", args=[_slug(world), proposal.pk])
    assert client.post(url).status_code == 403
    assert Proposal.objects.get().draft is None


def test_members_and_decisions_by_form(client: Client, world: World) -> None:
    board = a_board(world.programme)
    client.force_login(world.user("secretariat_head"))
    client.post(
        reverse("governance:member_add", args=[_slug(world), board.pk]),
        {
            "role": "chair",
            "organisation": "Helsingør Kommune",
            "joined_on": "2019-01-01",
            "idempotency_key": "m-1",
        },
    )
    page = client.get(reverse("governance:body", args=[_slug(world), board.pk])).content.decode()
    assert "Helsingør Kommune" in page and "01.01.2019" in page
    client.post(
        reverse("governance:meeting_create", args=[_slug(world), board.pk]),
        {"held_on": "2020-03-15", "agenda": "1. Status", "idempotency_key": "mt-1"},
    )
    meeting = board.meetings.get()
    url = reverse("governance:decision_add", args=[_slug(world), meeting.pk])
    assert client.post(url, {"decision-text": ""}).status_code == 400
    client.post(url, {"decision-text": "Status taget til efterretning."})
    assert [d.position for d in meeting.decisions.all()] == [1]
    assert a_working_group(world.programme).pk != board.pk
