"""Applications for the report's tests, counted by hand: three pools (one of Vapnagaard, one
of Nøjsomhed, one of the whole programme), applications received in 2024 and 2025, decided
and held in either year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from conftest import World
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, Channel, CommitteeMeeting, Outcome, Pool
from helhedsplan.grants.tests.helpers import LINES, a_pool, details
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.models import Estate


@dataclass(frozen=True)
class ReportWorld:
    vapnagaard_pool: Pool
    nojsomhed_pool: Pool
    programme_pool: Pool
    applications: dict[str, Application]


def received(
    pool: Pool, estate: Estate, on: datetime.date, starts_on: datetime.date
) -> Application:
    """An application received on ``on`` (its year is the application's), of 1.234,50 kr."""
    return services.application_submit(
        pool=pool,
        details=details(estate, starts_on=starts_on, activity=f"Aktivitet {on}"),
        contact=services.ContactDetails(name="Karen Kontakt", phone="12345678", email=""),
        consent=privacy_services.ConsentGiven(method=ConsentMethod.ONLINE, given_on=on),
        lines=LINES,
        attachments=[],
        channel=Channel.ONLINE,
        entered_by=None,
        now=timezone.make_aware(datetime.datetime(on.year, on.month, on.day, 12)),
    )


def decided(
    world: World,
    application: Application,
    meeting: CommitteeMeeting,
    outcome: Outcome,
    amount: Decimal | None = None,
) -> Application:
    services.application_review(
        application=application, notes="", complete=True, reviewed_by=world.user("staff")
    )
    services.decision_record(
        application=application,
        outcome=outcome,
        amount_granted=amount,
        meeting=meeting,
        conditions="",
        reasons="" if outcome == Outcome.APPROVED else "Rammen er brugt.",
        report_due_on=None,
        decided_by=world.user("staff"),
    )
    application.refresh_from_db()
    return application


def report_world(world: World) -> ReportWorld:
    """2025: Vapnagaard received A2 and A3, granted A1 (frame 2025, held: 30 + 4) and A2
    (partly, 1.000 kr., not held), rejected A3; Nøjsomhed received and granted A4 (held:
    10 + 2); the programme's pool received A6. 2024: Vapnagaard received A1; Nøjsomhed
    received and granted A5 (held: 5 + 0)."""
    head = world.user("secretariat_head")
    vapnagaard = a_pool(world.programme, by=head, estate=world.vapnagaard, name="Vapnagaard")
    nojsomhed = a_pool(world.programme, by=head, estate=world.nojsomhed, name="Nøjsomhed")
    everyone = a_pool(world.programme, by=head, name="Hele Helsingør Syd")
    for pool in (vapnagaard, nojsomhed, everyone):
        for year in (2024, 2025):
            services.pool_frame_set(pool=pool, year=year, amount=Decimal("50000"))
    meetings = {
        pool.pk: services.committee_meeting_add(pool=pool, held_on=datetime.date(2024, 1, 10))
        for pool in (vapnagaard, nojsomhed, everyone)
    }
    day = datetime.date
    a1 = received(vapnagaard, world.vapnagaard, day(2024, 11, 5), day(2025, 3, 1))
    a2 = received(vapnagaard, world.vapnagaard, day(2025, 1, 8), day(2025, 6, 1))
    a3 = received(vapnagaard, world.vapnagaard, day(2025, 2, 3), day(2025, 6, 1))
    a4 = received(nojsomhed, world.nojsomhed, day(2025, 2, 3), day(2025, 7, 1))
    a5 = received(nojsomhed, world.nojsomhed, day(2024, 5, 2), day(2024, 8, 1))
    a6 = received(everyone, world.vapnagaard, day(2025, 3, 9), day(2025, 9, 1))
    vap, noj = meetings[vapnagaard.pk], meetings[nojsomhed.pk]
    a1 = decided(world, a1, vap, Outcome.APPROVED)
    a2 = decided(world, a2, vap, Outcome.PARTLY_APPROVED, Decimal("1000.00"))
    a3 = decided(world, a3, vap, Outcome.REJECTED)
    a4 = decided(world, a4, noj, Outcome.APPROVED)
    a5 = decided(world, a5, noj, Outcome.APPROVED)
    for application, residents, others in ((a1, 30, 4), (a4, 10, 2), (a5, 5, 0)):
        services.granted_event_held(
            application=application,
            participants_residents=residents,
            participants_non_residents=others,
        )
    return ReportWorld(
        vapnagaard_pool=vapnagaard,
        nojsomhed_pool=nojsomhed,
        programme_pool=everyone,
        applications={"A1": a1, "A2": a2, "A3": a3, "A4": a4, "A5": a5, "A6": a6},
    )
