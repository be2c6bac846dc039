"""The money of the grant pools as a state machine, driven through the services only: frames
set, applications decided with random amounts (with and without an override), payouts and
closings in any order. After every step the figures hold: no pool-year is beyond its frame
without an override, each figure is the sum of its rows, and what is left is frame −
committed + returned."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from conftest import World
from helhedsplan.grants import queries, services
from helhedsplan.grants.models import (
    Application,
    Closing,
    CommitteeMeeting,
    Decision,
    Payout,
    Pool,
    PoolFrame,
    Status,
)
from helhedsplan.grants.tests.helpers import PDF, a_grant, a_pool

YEARS = (2026, 2027)
PAID_ON = datetime.date(2026, 6, 2)
KRONER = st.integers(min_value=1, max_value=3_000_00).map(lambda ore: Decimal(ore) / 100)
SHARE = st.integers(min_value=1, max_value=100)


def _part(amount: Decimal, percent: int) -> Decimal:
    """``percent`` of ``amount``, to the øre, at least 1 øre."""
    return max(Decimal("0.01"), (amount * percent / 100).quantize(Decimal("0.01")))


class MoneyMachine(RuleBasedStateMachine):
    # Set by the test before it runs: the world the machine's pools are made in.
    world: World

    granted = Bundle("granted")

    def __init__(self) -> None:
        super().__init__()
        # Each run in a savepoint of its own, rolled back at its end.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        head = self.world.user("secretariat_head")
        self.pools: list[Pool] = []
        self.meetings: dict[int, CommitteeMeeting] = {}
        for name in ("Puljen A", "Puljen B"):
            pool = a_pool(self.world.programme, by=head, name=name)
            self.pools.append(pool)
            self.meetings[pool.pk] = services.committee_meeting_add(
                pool=pool, held_on=datetime.date(2026, 5, 12)
            )

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _user(self, head: bool) -> User:
        return self.world.user("secretariat_head" if head else "staff")

    @initialize(amounts=st.lists(KRONER.map(lambda amount: amount * 3), min_size=4, max_size=4))
    def set_frames(self, amounts: list[Decimal]) -> None:
        for (pool, year), amount in zip(
            [(pool, year) for pool in self.pools for year in YEARS], amounts, strict=True
        ):
            services.pool_frame_set(pool=pool, year=year, amount=amount)

    @rule(pool=st.integers(0, 1), year=st.sampled_from(YEARS), amount=KRONER)
    def set_frame(self, pool: int, year: int, amount: Decimal) -> None:
        money = queries.pool_money(self.pools[pool], year)
        used = money.committed - money.returned
        lowered_below = amount < used and amount < money.frame
        try:
            services.pool_frame_set(pool=self.pools[pool], year=year, amount=amount)
        except ValidationError:
            assert lowered_below
        else:
            assert not lowered_below

    @rule(
        target=granted,
        pool=st.integers(0, 1),
        year=st.sampled_from(YEARS),
        requested=KRONER,
        percent=SHARE,
        head=st.booleans(),
        reason=st.sampled_from(["", "Vigtigt for området."]),
    )
    def decide(
        self, pool: int, year: int, requested: Decimal, percent: int, head: bool, reason: str
    ) -> object:
        amount = min(requested, _part(requested, percent))
        remaining = queries.pool_money(self.pools[pool], year).remaining
        allowed = amount <= remaining or (head and bool(reason))
        try:
            application = a_grant(
                self.pools[pool],
                self.world.vapnagaard,
                meeting=self.meetings[self.pools[pool].pk],
                by=self._user(head),
                requested=requested,
                granted=amount,
                override_reason=reason,
                starts_on=datetime.date(year, 6, 1),
            )
        except ValidationError:
            assert not allowed
            return multiple()
        assert allowed
        decision = Decision.objects.get(application=application)
        assert decision.amount_granted == amount
        assert (decision.override_by is not None) == (amount > remaining)
        return application.pk

    @rule(application_id=granted, percent=SHARE)
    def pay(self, application_id: int, percent: int) -> None:
        application = Application.objects.get(pk=application_id)
        amount = _part(application.decision.amount_granted, percent)
        try:
            services.payout_record(
                application=application,
                paid_on=PAID_ON,
                amount=amount,
                recorded_by=self._user(False),
            )
        except ValidationError:
            assert application.status not in services.PAYABLE
        else:
            assert application.status in services.PAYABLE

    @rule(application_id=granted)
    def report_back(self, application_id: int) -> None:
        application = Application.objects.get(pk=application_id)
        try:
            services.report_back_record(
                application=application,
                participants_residents=10,
                participants_non_residents=0,
                evaluation="Det gik godt.",
                receipts=[SimpleUploadedFile("kvittering.pdf", PDF)],
                photos=[],
                photo_consent=False,
                entered_by=self._user(False),
            )
        except ValidationError:
            assert application.status != Status.PAID or application.starts_on > timezone.localdate()
        else:
            assert application.status == Status.PAID

    @rule(application_id=granted, percent=st.integers(0, 100))
    def close(self, application_id: int, percent: int) -> None:
        application = Application.objects.get(pk=application_id)
        payout = Payout.objects.filter(application=application).first()
        paid = payout.amount if payout else Decimal("0")
        reported = application.status == Status.REPORTED
        returned = (paid * percent / 100).quantize(Decimal("0.01")) if reported else paid
        try:
            services.application_close(
                application=application,
                returned=returned,
                returned_on=PAID_ON if returned else None,
                note="" if reported else "Aktiviteten blev aflyst.",
                closed_by=self._user(False),
            )
        except ValidationError:
            assert application.status not in services.CLOSABLE
        else:
            assert application.status in services.CLOSABLE
            assert Closing.objects.get(application=application).released == (
                application.decision.amount_granted - paid
            )

    @invariant()
    def figures_add_up(self) -> None:
        for pool in self.pools:
            for year in YEARS:
                money = queries.pool_money(pool, year)
                frame = PoolFrame.objects.filter(pool=pool, year=year).first()
                decisions = list(Decision.objects.filter(application__pool=pool, frame_year=year))
                payouts = Payout.objects.filter(application__decision__in=decisions)
                closings = Closing.objects.filter(application__decision__in=decisions)
                # (b) each figure is the sum of its rows, read here one by one.
                assert money.frame == (frame.amount if frame else Decimal("0"))
                assert money.committed == sum(
                    (decision.amount_granted for decision in decisions), Decimal("0")
                )
                assert money.paid == sum((payout.amount for payout in payouts), Decimal("0"))
                assert money.returned == sum(
                    (closing.repaid + closing.released for closing in closings), Decimal("0")
                )
                # (c) what is left.
                assert money.remaining == money.frame - money.committed + money.returned
                # (a) within the frame, unless a decision of the pool-year overrode it.
                if not any(decision.override_by_id for decision in decisions):
                    assert money.committed - money.returned <= money.frame


@pytest.mark.django_db
def test_the_money_adds_up_whatever_happens(world: World) -> None:
    MoneyMachine.world = world
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=8,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
