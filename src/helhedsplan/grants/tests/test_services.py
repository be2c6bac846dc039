"""The grant pools' services, called directly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import World
from helhedsplan.audit.history import history_model
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    ATTACHMENT_MAX_BYTES,
    Application,
    ApplicationContact,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Channel,
    Guideline,
    Pool,
    PoolFrame,
    ReferenceCounter,
    Round,
    RoundKind,
    Status,
)
from helhedsplan.grants.register import REGISTER
from helhedsplan.grants.tests.helpers import (
    EXE,
    JPEG,
    LINES,
    PDF,
    PNG,
    a_pool,
    an_application,
    details,
)
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, ConsentMethod, ErasureReason
from helhedsplan.privacy.tests.database_search import tables_containing

ONLINE = privacy_services.ConsentGiven(method=ConsentMethod.ONLINE, given_on=datetime.date.today())


def _stored_rows() -> tuple[int, ...]:
    return (
        Application.objects.count(),
        ApplicationContact.objects.count(),
        Consent.objects.count(),
        BudgetLine.objects.count(),
        Attachment.objects.count(),
        ReferenceCounter.objects.filter(last__gt=0).count(),
    )


def _stored_files() -> list[str]:
    if not default_storage.exists("grants/attachments"):
        return []
    return default_storage.listdir("grants/attachments")[1]


def _submit(world: World, pool: Pool, **kwargs: Any) -> Application:
    arguments: dict[str, Any] = {
        "pool": pool,
        "details": details(world.vapnagaard),
        "contact": services.ContactDetails(name="Karen", phone="12345678", email=""),
        "consent": ONLINE,
        "lines": LINES,
        "attachments": [],
        "channel": Channel.ONLINE,
        "entered_by": None,
    } | kwargs
    return services.application_submit(**arguments)


# Pools and what belongs to them -----------------------------------------------------------


def test_a_pool_belongs_to_its_programme_and_optionally_an_estate(world: World) -> None:
    pool = services.pool_create(programme=world.programme, estate=world.nojsomhed, name="Puljen")
    assert (pool.programme, pool.estate, pool.is_open) == (world.programme, world.nojsomhed, True)
    assert len(pool.link_key) >= 16
    with pytest.raises(ValidationError, match="hører ikke til indsatsen"):
        services.pool_create(
            programme=world.other_programme, estate=world.nojsomhed, name="Fremmed"
        )
    with pytest.raises(ValidationError, match="allerede en pulje"):
        services.pool_create(programme=world.programme, estate=None, name="Puljen")


def test_the_yearly_frame_is_set_and_changed(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    services.pool_frame_set(pool=pool, year=2026, amount=Decimal("50000.00"))
    services.pool_frame_set(pool=pool, year=2026, amount=Decimal("60000.50"))
    assert list(PoolFrame.objects.values_list("year", "amount")) == [(2026, Decimal("60000.50"))]
    with pytest.raises(ValidationError, match="negativ"):
        services.pool_frame_set(pool=pool, year=2027, amount=Decimal("-1"))


def test_guidelines_are_versioned_and_a_pdf_is_checked_by_content(world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head)
    first = services.guideline_publish(pool=pool, text="Version et", pdf=None, published_by=head)
    second = services.guideline_publish(
        pool=pool,
        text="Version to",
        pdf=SimpleUploadedFile("retningslinjer.pdf", PDF),
        published_by=head,
    )
    assert (first.version, second.version) == (1, 2)
    assert second.pdf.read() == PDF
    with pytest.raises(ValidationError, match="PDF"):
        services.guideline_publish(
            pool=pool, text="Tre", pdf=SimpleUploadedFile("x.pdf", EXE), published_by=head
        )
    assert Guideline.objects.count() == 2


def test_a_round_is_rolling_or_has_a_deadline(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    opens = datetime.date(2026, 1, 1)
    services.round_create(
        pool=pool, name="Løbende", kind=RoundKind.ROLLING, opens_on=opens, deadline=None
    )
    services.round_create(
        pool=pool,
        name="Forår",
        kind=RoundKind.DEADLINE,
        opens_on=opens,
        deadline=datetime.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError, match="ingen ansøgningsfrist"):
        services.round_create(
            pool=pool, name="x", kind=RoundKind.ROLLING, opens_on=opens, deadline=opens
        )
    with pytest.raises(ValidationError, match="efter den dag"):
        services.round_create(
            pool=pool,
            name="x",
            kind=RoundKind.DEADLINE,
            opens_on=opens,
            deadline=datetime.date(2025, 12, 31),
        )
    # The database holds it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(pool=pool, name="y", kind=RoundKind.DEADLINE, opens_on=opens)


def test_the_committee_has_members_and_meetings(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    member = services.committee_member_add(pool=pool, name="Bente", role="Beboerrepræsentant")
    services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 4, 2))
    assert member.role == "Beboerrepræsentant"
    with pytest.raises(ValidationError, match="allerede møde"):
        services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 4, 2))
    with pytest.raises(ValidationError):
        services.committee_member_add(pool=pool, name=" ", role="x")


# Applications ----------------------------------------------------------------------------


def test_an_application_gets_the_next_reference_of_its_programme_and_year(world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head)
    other = a_pool(world.other_programme, by=head)
    now = timezone.make_aware(datetime.datetime(2026, 5, 1, 12))
    first = _submit(world, pool, now=now)
    second = _submit(world, pool, now=now)
    elsewhere = services.application_submit(
        pool=other,
        details=details(world.other_programme.estates.get()),
        contact=services.ContactDetails(name="Ole", phone="1", email=""),
        consent=ONLINE,
        lines=LINES,
        attachments=[],
        channel=Channel.ONLINE,
        entered_by=None,
        now=now,
    )
    next_year = _submit(world, pool, now=now + relativedelta(years=1))
    assert [first.reference, second.reference] == ["BP-2026-0001", "BP-2026-0002"]
    assert elsewhere.reference == "BP-2026-0001"
    assert next_year.reference == "BP-2027-0001"
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(number=first.number)


def test_an_application_keeps_its_contact_on_consent_and_its_budget(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    contact = application.contact
    assert contact is not None
    assert (contact.name, contact.estate, contact.programme) == (
        "Karen Kontakt",
        world.vapnagaard,
        world.programme,
    )
    assert contact.consent.person_id == contact.pk
    assert contact.consent.method == ConsentMethod.ONLINE
    assert privacy_queries.consents_of(contact, REGISTER).get() == contact.consent
    assert [(line.position, line.description, line.amount) for line in application.lines.all()] == [
        (1, "Garn", Decimal("1000.00")),
        (2, "Kaffe og kage", Decimal("234.50")),
    ]
    assert application.status == Status.RECEIVED
    assert application.channel == Channel.ONLINE


def test_the_receipt_goes_by_mail_to_the_contacts_address(
    world: World, django_capture_on_commit_callbacks
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    with django_capture_on_commit_callbacks(execute=True):
        application = an_application(pool, world.vapnagaard)
        an_application(pool, world.vapnagaard, email="")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karen@example.org"]
    assert application.reference in mail.outbox[0].subject
    assert "1.234,50\N{NO-BREAK SPACE}kr." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([services.LineInput("Garn", Decimal("1000.00"))], "giver 1.000,00"),
        ([], "mindst én budgetlinje"),
        ([services.LineInput("", Decimal("1234.50"))], "en tekst og et beløb"),
    ],
)
def test_budget_lines_that_do_not_add_up_are_refused_and_nothing_is_stored(
    world: World, lines, message
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    before = _stored_rows()
    with pytest.raises(ValidationError, match=message) as raised:
        _submit(world, pool, lines=lines)
    assert "amount_requested" in raised.value.message_dict
    assert _stored_rows() == before


def test_attachments_are_stored_by_content_under_random_names(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = _submit(
        world,
        pool,
        attachments=[
            SimpleUploadedFile("tilbud.pdf", PDF),
            SimpleUploadedFile("Karens plakat.png", PNG),
            SimpleUploadedFile("foto.jpg", JPEG),
        ],
    )
    stored = list(application.attachments.order_by("pk"))
    assert [(a.original_name, a.kind) for a in stored] == [
        ("tilbud.pdf", AttachmentKind.PDF),
        ("Karens plakat.png", AttachmentKind.PNG),
        ("foto.jpg", AttachmentKind.JPEG),
    ]
    assert all("Karen" not in a.file.name for a in stored)
    assert stored[0].file.read() == PDF


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("tilbud.pdf", EXE), "ikke en PDF, JPEG eller PNG"),
        (
            lambda: SimpleUploadedFile("stor.pdf", PDF + b"0" * ATTACHMENT_MAX_BYTES),
            "højst fylde 10 MB",
        ),
    ],
    ids=["executable renamed .pdf", "over the cap"],
)
def test_a_bad_attachment_is_refused_and_nothing_is_stored(world: World, upload, message) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    before = _stored_rows()
    with pytest.raises(ValidationError, match=message):
        _submit(world, pool, attachments=[SimpleUploadedFile("ok.pdf", PDF), upload()])
    assert _stored_rows() == before
    assert _stored_files() == []


def test_more_than_three_attachments_are_refused(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    with pytest.raises(ValidationError, match="Højst 3 bilag"):
        _submit(world, pool, attachments=[SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)])


def test_a_failure_after_the_files_were_saved_leaves_no_file(world: World, monkeypatch) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))

    def refuse(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Attachment, "save", refuse)
    before = _stored_rows()
    with pytest.raises(IntegrityError):
        _submit(world, pool, attachments=[SimpleUploadedFile("ok.pdf", PDF)])
    assert _stored_rows() == before
    assert _stored_files() == []


def test_a_closed_pool_and_an_estate_outside_the_pool_are_refused(world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head, estate=world.nojsomhed, name="Nøjsomheds pulje")
    with pytest.raises(ValidationError, match="hører ikke til puljen"):
        _submit(world, pool, details=details(world.vapnagaard))
    Pool.objects.filter(pk=pool.pk).update(is_open=False)
    pool.refresh_from_db()
    with pytest.raises(ValidationError, match="tager ikke imod"):
        _submit(world, pool, details=details(world.nojsomhed))


def test_a_contact_needs_a_name_and_a_phone_or_email_and_dates_in_order(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    with pytest.raises(ValidationError) as raised:
        _submit(
            world,
            pool,
            contact=services.ContactDetails(name="", phone="", email=""),
            details=details(
                world.vapnagaard,
                starts_on=datetime.date(2026, 6, 2),
                ends_on=datetime.date(2026, 6, 1),
            ),
        )
    assert set(raised.value.message_dict) == {"contact_name", "contact_phone", "ends_on"}


def test_the_round_is_the_one_open_on_the_day(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    spring = services.round_create(
        pool=pool,
        name="Forår",
        kind=RoundKind.DEADLINE,
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 1),
    )
    march = timezone.make_aware(datetime.datetime(2026, 2, 20, 12))
    april = timezone.make_aware(datetime.datetime(2026, 4, 1, 12))
    assert _submit(world, pool, now=march).round == spring
    assert _submit(world, pool, now=april).round is None


def test_the_database_holds_the_amounts_and_the_closing(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(amount_requested=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=Status.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(application=application).update(amount=-1)


# The contact person and the privacy lifecycle ---------------------------------------------


def test_a_contact_is_active_while_the_application_is_open_and_due_24_months_after_closing(
    world: World,
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    contact = application.contact
    assert contact is not None
    today = timezone.localdate()
    assert privacy_queries.last_activity_of(contact, REGISTER) == today
    closed = timezone.now() - relativedelta(months=25)
    Application.objects.filter(pk=application.pk).update(
        status=Status.CLOSED, closed_at=closed, reviewed_at=closed
    )
    ApplicationContact.objects.filter(pk=contact.pk).update(updated_at=closed)
    due = privacy_queries.due_for_review(
        people=ApplicationContact.objects.all(),
        programme=world.programme,
        personal_register=REGISTER,
    )
    assert [row.person for row in due] == [contact]
    assert due[0].last_activity == timezone.localdate(closed)


def test_erasing_the_contact_leaves_the_application_for_the_audit(world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head)
    application = an_application(
        pool, world.vapnagaard, name="Gertrud Granskov", email="gertrud@example.org"
    )
    contact = application.contact
    assert contact is not None
    for secret in ("Gertrud Granskov", "gertrud@example.org"):
        assert tables_containing(secret)
    privacy_services.person_erase(person=contact, erased_by=head, reason=ErasureReason.BY_HAND)
    for secret in ("Gertrud Granskov", "gertrud@example.org"):
        assert tables_containing(secret) == []
    application.refresh_from_db()
    assert application.contact is None
    assert application.lines.count() == 2
    assert not history_model(ApplicationContact).objects.exists()


def test_the_scheduled_job_erases_the_contact_after_retention_and_grace(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    kept = an_application(pool, world.vapnagaard, name="Stadig Aktiv")
    gone = an_application(pool, world.vapnagaard, name="Længe Siden")
    closed = timezone.now() - relativedelta(months=24, days=31)
    Application.objects.filter(pk=gone.pk).update(
        status=Status.CLOSED, closed_at=closed, reviewed_at=closed
    )
    ApplicationContact.objects.filter(applications=gone).update(updated_at=closed)
    privacy_services.erase_due()
    assert list(ApplicationContact.objects.values_list("name", flat=True)) == ["Stadig Aktiv"]
    gone.refresh_from_db()
    assert gone.contact is None
    assert kept.contact is not None


# The review -------------------------------------------------------------------------------


def test_a_review_puts_a_received_application_under_review(world: World) -> None:
    staff = world.user("staff")
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    reviewed = services.application_review(
        application=application, notes=" Ring til Karen. ", complete=False, reviewed_by=staff
    )
    assert (reviewed.status, reviewed.review_notes, reviewed.complete) == (
        Status.UNDER_REVIEW,
        "Ring til Karen.",
        False,
    )
    again = services.application_review(
        application=application, notes="Tilbud modtaget.", complete=True, reviewed_by=staff
    )
    assert (again.status, again.complete) == (Status.UNDER_REVIEW, True)
    assert history_model(Application).objects.filter(id=application.pk).count() == 3


def test_a_decided_application_is_not_reviewed_again(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    Application.objects.filter(pk=application.pk).update(
        status=Status.REJECTED, reviewed_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="afslået og kan ikke længere behandles"):
        services.application_review(
            application=application, notes="", complete=True, reviewed_by=world.user("staff")
        )


def test_the_database_refuses_a_step_past_received_without_a_review(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=Status.UNDER_REVIEW)
