"""The money on the pages: the decision form with the frame left and the override, the
payout and closing forms on an application's page, and a pool's money page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import World
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    Application,
    CommitteeMeeting,
    Decision,
    Payout,
    Pool,
    Status,
)
from helhedsplan.grants.tests.helpers import a_grant, a_pool, an_application_of

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def pool(world: World) -> Pool:
    found = a_pool(world.programme, by=world.user("secretariat_head"))
    services.pool_frame_set(pool=found, year=2026, amount=Decimal("4250"))
    return found


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def _url(name: str, world: World, application: Application) -> str:
    return reverse(f"grants:{name}", args=[world.programme.slug, application.pk])


def _money_url(world: World, pool: Pool) -> str:
    return reverse("grants:pool_money", args=[world.programme.slug, pool.pk])


def _under_review(world: World, pool: Pool, amount: str) -> Application:
    application = an_application_of(pool, world.vapnagaard, Decimal(amount))
    return services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )


def _decision(meeting: CommitteeMeeting, key: str, **changes: str) -> dict[str, object]:
    return {
        "outcome": "approved",
        "meeting": meeting.pk,
        "reasons": "",
        "idempotency_key": key,
    } | changes


def test_the_decision_form_shows_the_frame_left_and_staff_are_told_who_may_go_beyond(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = _under_review(world, pool, "5000")
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert f"Rammen for 2026: 4.250,00{NBSP}kr. tilbage af 4.250,00{NBSP}kr." in page
    assert "kun sekretariatslederen kan bevilge ud over rammen" in page
    assert "override_reason" not in page
    response = client.post(
        _url("application_decide", world, application),
        _decision(meeting, "d-1", override_reason="Forsøg."),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Bevillingen på 5.000,00{NBSP}kr. overskrider rammen for 2026" in text
    assert "override_reason" not in text
    assert not Decision.objects.exists()


def test_the_secretariat_head_grants_beyond_the_frame_with_a_reason(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = _under_review(world, pool, "5000")
    client.force_login(world.user("secretariat_head"))
    assert 'name="override_reason"' in client.get(application.get_absolute_url()).content.decode()
    refused = client.post(_url("application_decide", world, application), _decision(meeting, "d-2"))
    assert refused.status_code == 400
    assert 'name="override_reason"' in refused.content.decode()
    done = client.post(
        _url("application_decide", world, application),
        _decision(meeting, "d-3", override_reason="Sommerfesten er for hele området."),
    )
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert decision.override_by == world.user("secretariat_head")
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Over rammen" in page and "Sommerfesten er for hele området." in page
    money = client.get(_money_url(world, pool)).content.decode()
    assert "Sommerfesten er for hele området." in money
    assert f"-750,00{NBSP}kr." in money


def test_a_head_whose_form_had_no_override_field_gets_it_after_the_refusal(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    # Within the frame when the page was shown; beyond it when sent, after another grant.
    application = _under_review(world, pool, "3000")
    client.force_login(world.user("secretariat_head"))
    assert (
        'name="override_reason"' not in client.get(application.get_absolute_url()).content.decode()
    )
    a_grant(
        pool, world.vapnagaard, meeting=meeting, by=world.user("staff"), requested=Decimal("3000")
    )
    refused = client.post(_url("application_decide", world, application), _decision(meeting, "d-4"))
    assert refused.status_code == 400
    text = refused.content.decode()
    assert 'name="override_reason"' in text and f"der er 1.250,00{NBSP}kr. tilbage" in text


def test_staff_record_the_payout_on_the_page_once_even_when_retried(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = a_grant(
        pool, world.vapnagaard, meeting=meeting, by=world.user("staff"), requested=Decimal("1000")
    )
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Registrér udbetalingen" in page and "kreditorproces" in page
    url = _url("payout_record", world, application)
    refused = client.post(
        url, {"paid_on": "2026-06-02", "amount": "1.000,01", "idempotency_key": "p-0"}
    )
    assert refused.status_code == 400
    assert f"det bevilgede beløb (1.000,00{NBSP}kr.)" in refused.content.decode()
    data = {"paid_on": "2026-06-02", "amount": "900", "voucher": "B-117", "idempotency_key": "p-1"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302 and again["Idempotent-Replayed"] == "true"
    payout = Payout.objects.get()
    assert (payout.amount, payout.voucher, payout.recorded_by) == (
        Decimal("900"),
        "B-117",
        world.user("staff"),
    )
    page = client.get(application.get_absolute_url()).content.decode()
    assert f"900,00{NBSP}kr., 02.06.2026" in page and "B-117" in page
    assert "Registrér udbetalingen" not in page


def test_staff_close_a_cancelled_grant_on_the_page_with_a_note(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = a_grant(
        pool, world.vapnagaard, meeting=meeting, by=world.user("staff"), requested=Decimal("1000")
    )
    client.force_login(world.user("staff"))
    assert "Afslut bevillingen" in client.get(application.get_absolute_url()).content.decode()
    url = _url("application_close", world, application)
    refused = client.post(url, {"returned": "", "note": "", "idempotency_key": "c-1"})
    assert refused.status_code == 400 and "skriv, hvorfor" in refused.content.decode()
    done = client.post(url, {"returned": "", "note": "Aflyst: regn.", "idempotency_key": "c-2"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    page = client.get(application.get_absolute_url()).content.decode()
    assert "uden afrapportering" in page and "Aflyst: regn." in page
    assert f"1.000,00{NBSP}kr." in page


def test_the_money_page_shows_the_years_figures_and_the_grants_that_make_them(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    ours = a_grant(
        pool, world.vapnagaard, meeting=meeting, by=world.user("staff"), requested=Decimal("1000")
    )
    theirs = a_grant(
        pool, world.nojsomhed, meeting=meeting, by=world.user("staff"), requested=Decimal("250")
    )
    services.payout_record(
        application=ours,
        paid_on=datetime.date(2026, 6, 2),
        amount=Decimal("800"),
        recorded_by=world.user("staff"),
    )
    # Staff keep Vapnagaard: Nøjsomhed's grant is counted, not shown.
    client.force_login(world.user("staff"))
    page = client.get(_money_url(world, pool)).content.decode()
    assert ours.reference in page and theirs.reference not in page
    assert "1 bevilling i boligområder, du ikke har adgang til" in page
    for figure in ("4.250,00", "1.250,00", "800,00", "3.000,00"):
        assert f"{figure}{NBSP}kr." in page
    assert "Strikkeklubben" in page
    client.force_login(world.user("secretariat_head"))
    page = client.get(_money_url(world, pool)).content.decode()
    assert ours.reference in page and theirs.reference in page
    assert "du ikke har adgang til" not in page
    empty = client.get(_money_url(world, pool), {"year": "2025"})
    assert empty.status_code == 400
    services.pool_frame_set(pool=pool, year=2027, amount=Decimal("99"))
    page = client.get(_money_url(world, pool), {"year": "2027"}).content.decode()
    assert "Der er ingen bevillinger på rammen for 2027." in page and f"99,00{NBSP}kr." in page


def test_the_money_page_is_linked_from_the_pool_list_and_the_applications(
    client, world: World, pool: Pool
) -> None:
    client.force_login(world.user("staff"))
    url = _money_url(world, pool)
    assert (
        url in client.get(reverse("grants:pool_list", args=[world.programme.slug])).content.decode()
    )
    assert url in client.get(pool.get_absolute_url()).content.decode()


def test_the_money_page_counts_in_a_fixed_number_of_queries(
    client, world: World, pool: Pool, meeting: CommitteeMeeting, django_assert_max_num_queries
) -> None:
    for amount in ("100", "200", "300"):
        a_grant(
            pool,
            world.vapnagaard,
            meeting=meeting,
            by=world.user("staff"),
            requested=Decimal(amount),
        )
    client.force_login(world.user("secretariat_head"))
    with django_assert_max_num_queries(20) as counted:
        client.get(_money_url(world, pool))
    first = len(counted.captured_queries)
    for amount in ("400", "500"):
        a_grant(
            pool,
            world.vapnagaard,
            meeting=meeting,
            by=world.user("staff"),
            requested=Decimal(amount),
        )
    with django_assert_max_num_queries(first):
        client.get(_money_url(world, pool))
