"""Grant pools for tests: a pool with a consent text, an application through the service, and
the public form's data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from helhedsplan.grants import services
from helhedsplan.grants.models import (
    Application,
    Channel,
    CommitteeMeeting,
    Outcome,
    Pool,
    PoolFrame,
)
from helhedsplan.grants.register import REGISTER
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod, ConsentText
from helhedsplan.programmes.models import Estate, Programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
# A Windows program: what an executable renamed to .pdf begins with.
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


def consent_text(programme: Programme, by: User) -> ConsentText:
    return privacy_services.consent_text_publish(
        programme=programme,
        register=REGISTER.key,
        purpose="At behandle ansøgningen til beboerpuljen og kontakte ansøgeren.",
        text="Jeg giver samtykke til, at mine kontaktoplysninger gemmes med ansøgningen.",
        published_by=by,
    )


def a_pool(
    programme: Programme, *, by: User, estate: Estate | None = None, name: str = "Beboerpuljen"
) -> Pool:
    if not ConsentText.objects.filter(programme=programme, register=REGISTER.key).exists():
        consent_text(programme, by)
    found = Pool.objects.filter(programme=programme, name=name).first()
    return found or services.pool_create(programme=programme, estate=estate, name=name)


def details(estate: Estate, **changes: Any) -> services.ApplicationDetails:
    values: dict[str, Any] = {
        "applicant_group": "Strikkeklubben",
        "estate": estate,
        "activity": "Strikkecafé",
        "purpose": "At mødes på tværs af opgangene.",
        "target_group": "Alle beboere",
        "partners": "",
        "starts_on": datetime.date(2026, 6, 1),
        "ends_on": None,
        "amount_requested": Decimal("1234.50"),
        "advertising": "Opslag i opgangene",
        "help_wanted": "",
    } | changes
    return services.ApplicationDetails(**values)


LINES = [
    services.LineInput("Garn", Decimal("1000.00")),
    services.LineInput("Kaffe og kage", Decimal("234.50")),
]


def an_application(
    pool: Pool,
    estate: Estate,
    *,
    name: str = "Karen Kontakt",
    email: str = "karen@example.org",
    **changes: Any,
) -> Application:
    return services.application_submit(
        pool=pool,
        details=details(estate, **changes),
        contact=services.ContactDetails(name=name, phone="12345678", email=email),
        consent=privacy_services.ConsentGiven(
            method=ConsentMethod.ONLINE, given_on=datetime.date.today()
        ),
        lines=LINES,
        attachments=[],
        channel=Channel.ONLINE,
        entered_by=None,
    )


def form_data(estate: Estate, **changes: Any) -> dict[str, Any]:
    """What a resident sends from the public form: two budget lines adding up."""
    return {
        "applicant_group": "Strikkeklubben",
        "contact_name": "Karen Kontakt",
        "contact_phone": "12 34 56 78",
        "contact_email": "karen@example.org",
        "estate": str(estate.pk),
        "activity": "Strikkecafé",
        "purpose": "At mødes på tværs af opgangene.",
        "target_group": "Alle beboere",
        "partners": "",
        "starts_on": "2026-06-01",
        "ends_on": "",
        "amount_requested": "1.234,50",
        "advertising": "Opslag i opgangene",
        "help_wanted": "",
        "website": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-description": "Garn",
        "lines-0-amount": "1.000",
        "lines-1-description": "Kaffe og kage",
        "lines-1-amount": "234,50",
        "lines-2-description": "",
        "lines-2-amount": "",
        "consent-consent": "on",
    } | changes


def upload(content: bytes, name: str = "tilbud.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Part 3 B: an application in PAID, for the report back and the overdue reports.


def paid_application(
    application: Application,
    *,
    meeting: CommitteeMeeting,
    by: User,
    report_due_on: datetime.date | None = None,
) -> Application:
    """Reviews the application, records the committee's approval (within a frame set for its
    year when the pool has none) and records its payout on the meeting's day."""
    year = application.starts_on.year
    if not PoolFrame.objects.filter(pool=application.pool, year=year).exists():
        services.pool_frame_set(pool=application.pool, year=year, amount=Decimal("100000"))
    services.application_review(application=application, notes="", complete=True, reviewed_by=by)
    services.decision_record(
        application=application,
        outcome=Outcome.APPROVED,
        amount_granted=None,
        meeting=meeting,
        conditions="",
        reasons="",
        report_due_on=report_due_on,
        decided_by=by,
    )
    services.payout_record(
        application=application,
        paid_on=meeting.held_on,
        amount=application.amount_requested,
        recorded_by=by,
    )
    application.refresh_from_db()
    return application


# Part 3: grants of any amount, and the steps a test takes them through.


def an_application_of(pool: Pool, estate: Estate, amount: Decimal, **changes: Any) -> Application:
    """An application for ``amount``, its budget one line of it."""
    return services.application_submit(
        pool=pool,
        details=details(estate, amount_requested=amount, **changes),
        contact=services.ContactDetails(name="Karen Kontakt", phone="12345678", email=""),
        consent=privacy_services.ConsentGiven(
            method=ConsentMethod.ONLINE, given_on=datetime.date.today()
        ),
        lines=[services.LineInput("Aktiviteten", amount)],
        attachments=[],
        channel=Channel.ONLINE,
        entered_by=None,
    )


def a_grant(
    pool: Pool,
    estate: Estate,
    *,
    meeting: CommitteeMeeting,
    by: User,
    requested: Decimal,
    granted: Decimal | None = None,
    override_reason: str = "",
    **changes: Any,
) -> Application:
    """An application reviewed and decided at ``meeting`` by ``by``: approved, or partly
    approved when ``granted`` is less than ``requested``."""
    application = an_application_of(pool, estate, requested, **changes)
    services.application_review(application=application, notes="", complete=True, reviewed_by=by)
    partly = granted is not None and granted < requested
    services.decision_record(
        application=application,
        outcome=Outcome.PARTLY_APPROVED if partly else Outcome.APPROVED,
        amount_granted=granted if partly else None,
        meeting=meeting,
        conditions="",
        reasons="Delvis." if partly else "",
        report_due_on=None,
        decided_by=by,
        override_reason=override_reason,
    )
    return Application.objects.get(pk=application.pk)
