"""The money of a grant pool: the frame a decision may not go beyond (unless the secretariat
head overrides it, with a reason), the payout, and the closing that gives back to the frame
what was not used; the figures of a pool's year, each a sum of rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import World
from helhedsplan.grants import queries, services
from helhedsplan.grants.models import (
    Application,
    CommitteeMeeting,
    Decision,
    Outcome,
    Pool,
    Status,
)
from helhedsplan.grants.tests.helpers import PDF, a_grant, a_pool, an_application_of

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"
PAID_ON = datetime.date(2026, 6, 2)


@pytest.fixture
def pool(world: World) -> Pool:
    found = a_pool(world.programme, by=world.user("secretariat_head"))
    services.pool_frame_set(pool=found, year=2026, amount=Decimal("4250"))
    return found


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def grant(world: World, pool: Pool, meeting: CommitteeMeeting, amount: str, **kw) -> Application:
    return a_grant(
        pool,
        world.vapnagaard,
        meeting=meeting,
        by=kw.pop("by", world.user("staff")),
        requested=Decimal(amount),
        **kw,
    )


def pay(world: World, application: Application, amount: str, **kw) -> None:
    services.payout_record(
        application=application,
        paid_on=kw.pop("paid_on", PAID_ON),
        amount=Decimal(amount),
        recorded_by=world.user("staff"),
        **kw,
    )


def reported(application: Application) -> Application:
    """The group's report back, with one receipt (PAID → REPORTED)."""
    services.report_back_record(
        application=application,
        participants_residents=12,
        participants_non_residents=2,
        evaluation="Det gik godt.",
        receipts=[SimpleUploadedFile("kvittering.pdf", PDF)],
        photos=[],
        photo_consent=False,
        entered_by=User.objects.get(username="staff"),
    )
    return Application.objects.get(pk=application.pk)


def close(world: World, application: Application, returned: str = "0", **kw) -> None:
    services.application_close(
        application=application,
        returned=Decimal(returned),
        returned_on=kw.pop("returned_on", None),
        note=kw.pop("note", ""),
        closed_by=world.user("staff"),
    )


def figures(pool: Pool, year: int = 2026) -> tuple[Decimal, ...]:
    money = queries.pool_money(pool, year)
    return (money.frame, money.committed, money.paid, money.returned, money.remaining)


# The frame -----------------------------------------------------------------------------------


def test_a_grant_beyond_what_is_left_of_the_frame_is_refused_with_the_figures(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    grant(world, pool, meeting, "3000")
    with pytest.raises(ValidationError) as refused:
        grant(world, pool, meeting, "3000")
    assert refused.value.message_dict["amount_granted"] == [
        f"Bevillingen på 3.000,00{NBSP}kr. overskrider rammen for 2026: der er "
        f"1.250,00{NBSP}kr. tilbage."
    ]
    assert Decision.objects.count() == 1
    grant(world, pool, meeting, "1250")
    assert figures(pool)[-1] == Decimal("0")


def test_without_a_frame_for_the_year_nothing_may_be_granted_but_a_rejection(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    with pytest.raises(ValidationError, match="rammen for 2027: der er 0,00"):
        grant(world, pool, meeting, "100", starts_on=datetime.date(2027, 2, 1))
    application = an_application_of(
        pool, world.vapnagaard, Decimal("100"), starts_on=datetime.date(2027, 2, 1)
    )
    services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )
    services.decision_record(
        application=application,
        outcome=Outcome.REJECTED,
        amount_granted=None,
        meeting=meeting,
        conditions="",
        reasons="Ingen ramme.",
        report_due_on=None,
        decided_by=world.user("staff"),
    )
    assert figures(pool, 2027) == (Decimal("0"),) * 5


def test_only_the_secretariat_head_overrides_the_frame_and_only_with_a_reason(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    grant(world, pool, meeting, "4000")
    with pytest.raises(ValidationError, match="overskrider rammen"):
        grant(world, pool, meeting, "500", override_reason="Vigtigt.")
    with pytest.raises(ValidationError, match="overskrider rammen"):
        grant(world, pool, meeting, "500", by=world.user("secretariat_head"))
    # A head of Vapnagaard only overrides for Vapnagaard, and here does.
    application = grant(
        world, pool, meeting, "500", by=world.user("vapnagaard_head"), override_reason=" Vigtigt. "
    )
    decision = application.decision
    assert decision.override_by == world.user("vapnagaard_head")
    assert decision.override_reason == "Vigtigt." and decision.override_at is not None
    assert figures(pool)[-1] == Decimal("-250")


def test_a_reason_for_a_grant_within_the_frame_is_no_override(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = grant(
        world, pool, meeting, "100", by=world.user("secretariat_head"), override_reason="Bare."
    )
    decision = application.decision
    assert (decision.override_by, decision.override_at, decision.override_reason) == (
        None,
        None,
        "",
    )


def test_an_override_is_whole_or_none_in_the_database(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    grant(world, pool, meeting, "4250")
    application = grant(
        world, pool, meeting, "10", by=world.user("secretariat_head"), override_reason="Ja."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=application.decision.pk).update(override_reason="")


# The payout ----------------------------------------------------------------------------------


def test_a_payout_is_recorded_once_within_the_grant_and_the_dates(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = grant(world, pool, meeting, "1000")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refusals: list[tuple[dict[str, Any], str, str]] = [
        ({"amount": "0"}, "amount", "over 0 kr."),
        ({"amount": "1000.01"}, "amount", f"det bevilgede beløb (1.000,00{NBSP}kr.)"),
        ({"amount": "10", "paid_on": tomorrow}, "paid_on", "i fremtiden"),
        ({"amount": "10", "paid_on": datetime.date(2026, 5, 11)}, "paid_on", "12.05.2026"),
    ]
    for changes, field, message in refusals:
        with pytest.raises(ValidationError) as refused:
            pay(world, application, changes.pop("amount"), **changes)
        assert message in refused.value.message_dict[field][0]
    pay(world, application, "900", voucher=" B-2026/117 ")
    application.refresh_from_db()
    assert application.status == Status.PAID
    assert (application.payout.amount, application.payout.voucher) == (
        Decimal("900"),
        "B-2026/117",
    )
    with pytest.raises(ValidationError, match="udbetalt: der kan ikke registreres"):
        pay(world, application, "100")


def test_nothing_is_paid_before_a_grant(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application_of(pool, world.vapnagaard, Decimal("100"))
    with pytest.raises(ValidationError, match="modtaget: der kan ikke registreres"):
        pay(world, application, "100")


# The closing ---------------------------------------------------------------------------------


def test_closing_after_the_report_back_returns_what_was_paid_back_and_never_paid(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = grant(world, pool, meeting, "1000")
    pay(world, application, "800")
    with pytest.raises(ValidationError, match="hele udbetalingen"):
        close(world, application, "100", returned_on=PAID_ON)
    application = reported(application)
    with pytest.raises(ValidationError) as refused:
        close(world, application, "800.01")
    assert "800,00" in refused.value.message_dict["returned"][0]
    with pytest.raises(ValidationError) as refused:
        close(world, application, "100")
    assert set(refused.value.message_dict) == {"returned_on"}
    with pytest.raises(ValidationError, match="før udbetalingen"):
        close(world, application, "100", returned_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="i fremtiden"):
        close(world, application, "100", returned_on=timezone.localdate() + datetime.timedelta(1))
    with pytest.raises(ValidationError, match="negativt"):
        close(world, application, "-1")
    close(world, application, "100", returned_on=datetime.date(2026, 7, 1))
    application.refresh_from_db()
    assert application.status == Status.CLOSED and application.closed_at is not None
    closing = application.closing
    assert (closing.repaid, closing.released, closing.cancelled) == (
        Decimal("100"),
        Decimal("200"),
        False,
    )
    assert figures(pool) == (
        Decimal("4250"),
        Decimal("1000"),
        Decimal("800"),
        Decimal("300"),
        Decimal("3550"),
    )
    with pytest.raises(ValidationError, match="afsluttet og kan ikke afsluttes"):
        close(world, application)


def test_a_cancelled_grant_not_paid_is_closed_with_a_note_and_all_of_it_released(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = grant(world, pool, meeting, "4250")
    with pytest.raises(ValidationError) as refused:
        close(world, application, "10", returned_on=PAID_ON)
    assert set(refused.value.message_dict) == {"returned", "note"}
    close(world, application, note="Aktiviteten blev aflyst.")
    application.refresh_from_db()
    assert application.closing.cancelled and application.closing.released == Decimal("4250")
    assert figures(pool)[-1] == Decimal("4250")
    # What came back may be granted again.
    grant(world, pool, meeting, "4250")


def test_a_cancelled_grant_paid_out_is_closed_when_all_of_it_is_paid_back(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = grant(world, pool, meeting, "1000")
    pay(world, application, "600")
    with pytest.raises(ValidationError, match="hele udbetalingen"):
        close(world, application, "500", returned_on=PAID_ON, note="Aflyst.")
    close(world, application, "600", returned_on=PAID_ON, note="Aflyst.")
    closing = Application.objects.get(pk=application.pk).closing
    assert (closing.repaid, closing.released) == (Decimal("600"), Decimal("400"))
    assert figures(pool)[2:] == (Decimal("600"), Decimal("1000"), Decimal("4250"))


def test_an_application_not_granted_cannot_be_closed(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application_of(pool, world.vapnagaard, Decimal("100"))
    with pytest.raises(ValidationError, match="modtaget og kan ikke afsluttes"):
        close(world, application, note="Nej.")


def test_the_years_of_a_pool_are_those_with_a_frame_or_a_grant(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    services.pool_frame_set(pool=pool, year=2027, amount=Decimal("10"))
    grant(world, pool, meeting, "5", starts_on=datetime.date(2027, 1, 5))
    grant(world, pool, meeting, "5")
    assert queries.money_years(pool) == [2026, 2027]


def test_a_frame_is_not_lowered_below_what_is_granted_of_it(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    grant(world, pool, meeting, "3000")
    with pytest.raises(ValidationError) as refused:
        services.pool_frame_set(pool=pool, year=2026, amount=Decimal("2999.99"))
    assert refused.value.message_dict["amount"] == [
        f"Der er bevilget 3.000,00{NBSP}kr. af rammen for 2026: den kan ikke sættes lavere."
    ]
    services.pool_frame_set(pool=pool, year=2026, amount=Decimal("3000"))
    services.pool_frame_set(pool=pool, year=2026, amount=Decimal("5000"))
    assert figures(pool)[0] == Decimal("5000")
