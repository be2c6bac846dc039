"""Every change of the resident grant pools: pools and what belongs to them, and the
applications, received online or entered from paper by staff. The contact person's consent,
export and erasure are the privacy lifecycle's (``privacy.services``)."""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.events import queries as event_queries
from helhedsplan.events import services as event_services
from helhedsplan.events.models import (
    Event,
    EventTypeCode,
    Organiser,
    TargetGroupCode,
)
from helhedsplan.grants import access, queries
from helhedsplan.grants.documents import (
    decision_email,
    decision_letter,
    decision_letter_name,
    question_email,
    report_reminder_email,
)
from helhedsplan.grants.models import (
    ATTACHMENT_MAX_BYTES,
    EVALUATION_MAX_CHARS,
    MOST_ATTACHMENTS,
    MOST_PHOTOS,
    MOST_RECEIPTS,
    REFERENCE_PREFIX,
    REMINDER_INTERVAL_DAYS,
    REPORT_FILES_MAX_BYTES,
    Application,
    ApplicationContact,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Channel,
    Closing,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Guideline,
    Outcome,
    Payout,
    Pool,
    PoolFrame,
    Question,
    ReferenceCounter,
    Report,
    ReportFile,
    ReportFileRole,
    ReportReminder,
    Round,
    RoundKind,
    Status,
    may_become,
)
from helhedsplan.grants.money import format_kroner
from helhedsplan.grants.register import REGISTER
from helhedsplan.privacy import services as privacy_services
from helhedsplan.programmes.models import Estate, Programme

# What an attachment may be, told by its first bytes, never by its name or the browser's word.
SIGNATURES = {
    b"%PDF-": AttachmentKind.PDF,
    b"\x89PNG\r\n\x1a\n": AttachmentKind.PNG,
    b"\xff\xd8\xff": AttachmentKind.JPEG,
}
# A guideline's PDF, by the same rule.
GUIDELINE_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ContactDetails:
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class LineInput:
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ApplicationDetails:
    """What an application says, as the form reads it."""

    applicant_group: str
    estate: Estate
    activity: str
    purpose: str
    target_group: str
    partners: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    amount_requested: Decimal
    advertising: str
    help_wanted: str
    # The activity gathers residents across ethnicity and generations, as the applicants say.
    mixed_group: bool = False


# Pools -----------------------------------------------------------------------------------


def pool_create(*, programme: Programme, estate: Estate | None, name: str) -> Pool:
    if estate is not None and estate.programme_id != programme.pk:
        raise ValidationError({"estate": _("Boligområdet hører ikke til indsatsen.")})
    if Pool.objects.filter(programme=programme, name=name.strip()).exists():
        raise ValidationError({"name": _("Indsatsen har allerede en pulje med det navn.")})
    pool = Pool(programme=programme, estate=estate, name=name.strip())
    pool.full_clean()
    pool.save()
    return pool


def pool_set_open(*, pool: Pool, is_open: bool) -> Pool:
    """Opens the pool's public form for applications, or closes it."""
    pool.is_open = is_open
    pool.full_clean()
    pool.save()
    return pool


def pool_frame_set(*, pool: Pool, year: int, amount: Decimal) -> PoolFrame:
    """The pool's budget frame for a year: set, or changed (never lowered below what is
    granted of it)."""
    if amount < 0:
        raise ValidationError({"amount": _("Rammen kan ikke være negativ.")})
    with transaction.atomic():
        # The pool's row is the lock a decision counts the frame under (``_beyond_frame``).
        Pool.objects.select_for_update().get(pk=pool.pk)
        frame = PoolFrame.objects.filter(pool=pool, year=year).first() or PoolFrame(
            pool=pool, year=year
        )
        _check_frame_covers_grants(frame, amount)
        frame.amount = amount
        frame.full_clean()
        frame.save()
    return frame


def _kind_of(upload: UploadedFile) -> AttachmentKind | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def guideline_publish(
    *, pool: Pool, text: str, pdf: UploadedFile | None, published_by: User
) -> Guideline:
    """A new version of the pool's guidelines; the earlier versions stay."""
    if pdf is not None and (
        (pdf.size or 0) > GUIDELINE_MAX_BYTES or _kind_of(pdf) != AttachmentKind.PDF
    ):
        raise ValidationError({"pdf": _("Retningslinjerne skal være en PDF på højst 10 MB.")})
    with transaction.atomic():
        # Locks the pool's row, so two versions published at once number in turn.
        Pool.objects.select_for_update().get(pk=pool.pk)
        latest = Guideline.objects.filter(pool=pool).aggregate(latest=Max("version"))["latest"]
        guideline = Guideline(
            pool=pool, version=(latest or 0) + 1, text=text.strip(), published_by=published_by
        )
        guideline.full_clean(exclude=["pdf"])
        if pdf is not None:
            guideline.pdf.save(pdf.name or "retningslinjer.pdf", pdf, save=False)
            try:
                guideline.save()
            except BaseException:
                guideline.pdf.storage.delete(guideline.pdf.name)
                raise
        else:
            guideline.save()
    return guideline


def round_create(
    *,
    pool: Pool,
    name: str,
    kind: RoundKind,
    opens_on: datetime.date,
    deadline: datetime.date | None,
) -> Round:
    if kind == RoundKind.ROLLING and deadline is not None:
        raise ValidationError({"deadline": _("En løbende runde har ingen ansøgningsfrist.")})
    if kind == RoundKind.DEADLINE and (deadline is None or deadline < opens_on):
        raise ValidationError(
            {"deadline": _("Ansøgningsfristen skal ligge på eller efter den dag, runden åbner.")}
        )
    application_round = Round(
        pool=pool, name=name.strip(), kind=kind, opens_on=opens_on, deadline=deadline
    )
    application_round.full_clean()
    application_round.save()
    return application_round


def committee_member_add(*, pool: Pool, name: str, role: str) -> CommitteeMember:
    member = CommitteeMember(pool=pool, name=name.strip(), role=role.strip())
    member.full_clean()
    member.save()
    return member


def committee_meeting_add(*, pool: Pool, held_on: datetime.date) -> CommitteeMeeting:
    if CommitteeMeeting.objects.filter(pool=pool, held_on=held_on).exists():
        raise ValidationError({"held_on": _("Udvalget holder allerede møde den dag.")})
    meeting = CommitteeMeeting(pool=pool, held_on=held_on)
    meeting.full_clean()
    meeting.save()
    return meeting


# Applications ----------------------------------------------------------------------------


def current_round(pool: Pool, on: datetime.date) -> Round | None:
    """The round an application sent on ``on`` belongs to: the latest opened and not past its
    deadline."""
    return (
        Round.objects.filter(pool=pool, opens_on__lte=on)
        .exclude(deadline__lt=on)
        .order_by("-opens_on", "-pk")
        .first()
    )


def check_attachment(upload: UploadedFile) -> AttachmentKind:
    """The attachment's kind by its content, or a refusal in Danish."""
    name = upload.name or ""
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Filen %(name)s er for stor: et bilag må højst fylde 10 MB.") % {"name": name},
            code="attachment_too_large",
        )
    kind = _kind_of(upload)
    if kind is None:
        raise ValidationError(
            _("Filen %(name)s er ikke en PDF, JPEG eller PNG.") % {"name": name},
            code="attachment_type",
        )
    return kind


def check_budget(*, amount_requested: Decimal, lines: Sequence[LineInput]) -> None:
    """The budget lines add up to the amount requested, each with a text and an amount."""
    if not lines:
        raise ValidationError(
            {"amount_requested": _("Skriv mindst én budgetlinje: hvad pengene skal bruges til.")}
        )
    if any(not line.description.strip() or line.amount <= 0 for line in lines):
        raise ValidationError(
            {"amount_requested": _("Hver budgetlinje skal have en tekst og et beløb over 0 kr.")}
        )
    total = sum((line.amount for line in lines), Decimal("0"))
    if total != amount_requested:
        raise ValidationError(
            {
                "amount_requested": _(
                    "Budgetlinjerne giver %(total)s, men det ansøgte beløb er %(amount)s. De "
                    "skal give det samme."
                )
                % {"total": format_kroner(total), "amount": format_kroner(amount_requested)}
            },
            code="budget_does_not_add_up",
        )


def _check(
    *,
    pool: Pool,
    details: ApplicationDetails,
    contact: ContactDetails,
    lines: Sequence[LineInput],
    attachments: Sequence[UploadedFile],
) -> list[AttachmentKind]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not pool.is_open:
        add("__all__", _("Puljen tager ikke imod ansøgninger lige nu."))
    if details.estate.programme_id != pool.programme_id or (
        pool.estate_id is not None and details.estate.pk != pool.estate_id
    ):
        add("estate", _("Boligområdet hører ikke til puljen."))
    if not contact.name.strip():
        add("contact_name", _("Skriv kontaktpersonens navn."))
    if not contact.phone.strip() and not contact.email.strip():
        add("contact_phone", _("Skriv et telefonnummer eller en e-mailadresse (eller begge)."))
    if details.ends_on is not None and details.ends_on < details.starts_on:
        add("ends_on", _("Aktiviteten kan ikke slutte, før den begynder."))
    if details.amount_requested <= 0:
        add("amount_requested", _("Det ansøgte beløb skal være over 0 kr."))
    else:
        try:
            check_budget(amount_requested=details.amount_requested, lines=lines)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    add(field, message)
    kinds = []
    if len(attachments) > MOST_ATTACHMENTS:
        add("attachments", _("Højst %(count)s bilag.") % {"count": MOST_ATTACHMENTS})
    for upload in attachments:
        try:
            kinds.append(check_attachment(upload))
        except ValidationError as error:
            for message in error.messages:
                add("attachments", message)
    if errors:
        raise ValidationError(errors)
    return kinds


def _next_number(programme: Programme, year: int) -> int:
    """The next number of the programme's year. The counter's row is updated in the
    database (``last + 1``), which locks it to the end of the transaction: simultaneous
    applications get a number each, in turn, never the same."""
    counter, _created = ReferenceCounter.objects.get_or_create(programme=programme, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return ReferenceCounter.objects.values_list("last", flat=True).get(pk=counter.pk)


def application_submit(
    *,
    pool: Pool,
    details: ApplicationDetails,
    contact: ContactDetails,
    consent: privacy_services.ConsentGiven,
    lines: Sequence[LineInput],
    attachments: Sequence[UploadedFile],
    channel: Channel,
    entered_by: User | None,
    now: datetime.datetime | None = None,
) -> Application:
    """An application with its contact person (on consent), budget lines and attachments, in
    one transaction, under the next reference number of the programme's year. Everything is
    checked before anything is written; a refusal leaves no row and no file behind."""
    now = now or timezone.now()
    kinds = _check(
        pool=pool, details=details, contact=contact, lines=lines, attachments=attachments
    )
    stored: list[FieldFile] = []
    try:
        with transaction.atomic():
            recorded = privacy_services.consent_record(
                personal_register=REGISTER,
                programme=pool.programme,
                given=consent,
                recorded_by=entered_by,
                birth_year=None,
            )
            person = ApplicationContact(
                programme=pool.programme,
                estate=details.estate,
                name=contact.name.strip(),
                phone=contact.phone.strip(),
                email=contact.email.strip(),
                consent=recorded,
            )
            person.full_clean()
            person.save()
            if recorded.scan:
                stored.append(recorded.scan)
            privacy_services.consent_attach(consent=recorded, person=person)
            year = timezone.localtime(now).year
            number = _next_number(pool.programme, year)
            application = Application(
                pool=pool,
                programme=pool.programme,
                round=current_round(pool, timezone.localdate(now)),
                year=year,
                number=number,
                reference=f"{REFERENCE_PREFIX}-{year}-{number:04d}",
                channel=channel,
                applicant_group=details.applicant_group.strip(),
                contact=person,
                estate=details.estate,
                activity=details.activity.strip(),
                purpose=details.purpose.strip(),
                target_group=details.target_group.strip(),
                mixed_group=details.mixed_group,
                partners=details.partners.strip(),
                starts_on=details.starts_on,
                ends_on=details.ends_on,
                amount_requested=details.amount_requested,
                advertising=details.advertising.strip(),
                help_wanted=details.help_wanted.strip(),
                received_at=now,
                entered_by=entered_by,
            )
            application.full_clean()
            application.save()
            for position, line in enumerate(lines, start=1):
                budget_line = BudgetLine(
                    application=application,
                    position=position,
                    description=line.description.strip(),
                    amount=line.amount,
                )
                budget_line.full_clean()
                budget_line.save()
            for upload, kind in zip(attachments, kinds, strict=True):
                attachment = Attachment(
                    application=application,
                    original_name=(upload.name or "bilag")[-200:],
                    kind=kind,
                    size=upload.size or 0,
                )
                attachment.file.save(upload.name or "bilag", upload, save=False)
                stored.append(attachment.file)
                attachment.full_clean()
                attachment.save()
            receipt = _receipt(application)
            if application.contact is not None and application.contact.email:
                email = application.contact.email
                transaction.on_commit(
                    lambda: send_mail(
                        receipt[0],
                        receipt[1],
                        settings.DEFAULT_FROM_EMAIL,
                        [email],
                        fail_silently=True,
                    )
                )
    except BaseException:
        for file in stored:
            if file.name:
                file.storage.delete(file.name)
        raise
    return application


def _receipt(application: Application) -> tuple[str, str]:
    """The receipt e-mail's subject and text, in the language of the page it was sent from."""
    subject = _("Kvittering for din ansøgning %(reference)s") % {"reference": application.reference}
    body = render_to_string(
        "grants/receipt_email.txt",
        {
            "application": application,
            "amount": format_kroner(application.amount_requested),
            "lines": [
                (line.description, format_kroner(line.amount))
                for line in application.lines.order_by("position")
            ],
        },
    )
    return subject, body


# The review ---------------------------------------------------------------------------------

# Where a review may be recorded: on a received application (it then goes under review) and on
# one under review (the notes and the check change): the workflow's table says so.
REVIEWABLE = tuple(status for status in Status if may_become(status, Status.UNDER_REVIEW))


# Questions may be asked while the application is reviewed, before the committee decides.
ASKABLE = (Status.RECEIVED, Status.UNDER_REVIEW)


def application_question(
    *,
    application: Application,
    text: str,
    asked_by: User,
    now: datetime.datetime | None = None,
) -> Question:
    """Records a question to the applicant during the review, and e-mails it to the contact
    person once recorded when there is an address and their consent stands; otherwise staff
    ask it by phone."""
    if application.status not in ASKABLE:
        raise ValidationError(
            _("Der kan kun stilles spørgsmål til ansøgeren, mens ansøgningen behandles.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Skriv spørgsmålet.")})
    contact = application.contact
    email = contact.email if contact is not None and contact.consent.withdrawn_at is None else ""
    with transaction.atomic():
        question = Question(
            application=application,
            text=text.strip(),
            asked_at=now or timezone.now(),
            asked_by=asked_by,
            emailed=bool(email),
        )
        question.full_clean()
        question.save()
        if email:
            subject, body = question_email(question)
            transaction.on_commit(
                lambda: send_mail(
                    subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True
                )
            )
    return question


def contact_withdraw_consent(*, contact: ApplicationContact, withdrawn_by: User) -> None:
    """The contact person told staff they withdraw their consent: the scheduled job erases
    them after the register's grace period (the applications stay, without a contact)."""
    privacy_services.consent_withdraw(person=contact, withdrawn_by=withdrawn_by)


def application_review(
    *,
    application: Application,
    notes: str,
    complete: bool,
    reviewed_by: User,
    now: datetime.datetime | None = None,
) -> Application:
    """Records staff's review: their notes and whether the application is complete. A
    received application goes under review; one under review keeps its state."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not may_become(application.status, Status.UNDER_REVIEW):
            raise ValidationError(
                _("Ansøgningen er %(status)s og kan ikke længere behandles her.")
                % {"status": application.get_status_display().lower()}
            )
        application.status = Status.UNDER_REVIEW
        application.review_notes = notes.strip()
        application.complete = complete
        application.reviewed_by = reviewed_by
        application.reviewed_at = now or timezone.now()
        application.full_clean()
        application.save()
    return application


# The committee's agenda ---------------------------------------------------------------------

# Where an application may be placed on a committee meeting, or taken off it: once reviewed
# and until the committee has decided.
PLACEABLE = (Status.UNDER_REVIEW,)


def application_place(*, application: Application, meeting: CommitteeMeeting | None) -> Application:
    """Puts a reviewed application on the agenda of a meeting of its pool's committee, moves
    it to another meeting, or (``meeting=None``) takes it off the agenda."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in PLACEABLE:
            raise ValidationError(
                _("Ansøgningen er %(status)s og kan ikke sættes på et udvalgsmøde.")
                % {"status": application.get_status_display().lower()}
            )
        if meeting is not None and meeting.pool_id != application.pool_id:
            raise ValidationError(
                {"meeting": _("Mødet er ikke et møde i udvalget for ansøgningens pulje.")}
            )
        application.meeting = meeting
        application.full_clean()
        application.save()
    return application


# The decision ------------------------------------------------------------------------------

# The report back is due this long after the activity's last day, unless the decision says
# otherwise.
REPORT_DAYS = 30


# Where the committee's decision may be recorded: the workflow's table says so.
DECIDABLE = tuple(status for status in Status if may_become(status, Status.APPROVED))


def report_due_default(application: Application) -> datetime.date:
    return (application.ends_on or application.starts_on) + datetime.timedelta(days=REPORT_DAYS)


def decision_record(
    *,
    application: Application,
    outcome: Outcome,
    amount_granted: Decimal | None,
    meeting: CommitteeMeeting,
    conditions: str,
    reasons: str,
    report_due_on: datetime.date | None,
    decided_by: User,
    override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Decision:
    """Records the committee's decision on an application under review, at a meeting of its
    pool's committee that has been held: approved (the amount requested), partly approved
    (less, with reasons) or rejected (nothing, with reasons). A grant has a deadline for the
    report back (by default ``REPORT_DAYS`` after the activity's last day). The decision
    letter goes to the contact person by e-mail, as a PDF, once the decision is committed.

    A grant is charged to the pool's frame of the year the activity begins, and is refused
    when it is more than what is left of that frame, unless someone who may override the
    frame (``access.may_override_frame``) gives a written ``override_reason``: the override
    is then recorded on the decision (who, when, why). A reason given for a grant within the
    frame is not an override and is not kept."""
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            # Only the application's row is locked: PostgreSQL cannot lock the nullable side
            # of the outer joins (the estate, the contact) that select_related makes.
            Application.objects.select_for_update(of=("self",))
            .select_related("pool", "estate", "contact")
            .get(pk=application.pk)
        )
        if not may_become(application.status, outcome):
            raise ValidationError(
                _("Ansøgningen er %(status)s: der kan ikke træffes afgørelse om den nu.")
                % {"status": application.get_status_display().lower()}
            )
        errors: dict[str, str] = {}
        if meeting.pool_id != application.pool_id:
            errors["meeting"] = _("Mødet er ikke et møde i udvalget for ansøgningens pulje.")
        elif meeting.held_on > timezone.localdate(now):
            errors["meeting"] = _("Mødet er ikke holdt endnu.")
        requested = application.amount_requested
        if outcome == Outcome.APPROVED:
            if amount_granted is not None and amount_granted != requested:
                errors["amount_granted"] = _(
                    "En fuld bevilling er det ansøgte beløb (%(amount)s). Vælg delvist bevilget "
                    "for et mindre beløb."
                ) % {"amount": format_kroner(requested)}
            amount_granted = requested
        elif outcome == Outcome.PARTLY_APPROVED:
            if amount_granted is None or not Decimal("0") < amount_granted < requested:
                errors["amount_granted"] = _(
                    "En delvis bevilling er over 0 kr. og under det ansøgte beløb (%(amount)s)."
                ) % {"amount": format_kroner(requested)}
        elif amount_granted:
            errors["amount_granted"] = _("En afslået ansøgning får intet beløb.")
        if outcome != Outcome.APPROVED and not reasons.strip():
            errors["reasons"] = _("Skriv begrundelsen for afgørelsen.")
        if outcome == Outcome.REJECTED:
            amount_granted, report_due_on = Decimal("0"), None
        else:
            report_due_on = report_due_on or report_due_default(application)
            if report_due_on < (application.ends_on or application.starts_on):
                errors["report_due_on"] = _(
                    "Fristen for afrapporteringen kan ikke ligge før aktivitetens sidste dag."
                )
        if errors:
            raise ValidationError(errors)
        assert amount_granted is not None
        frame_year = application.starts_on.year
        overridden = outcome != Outcome.REJECTED and _beyond_frame(
            application=application,
            year=frame_year,
            amount=amount_granted,
            override_reason=override_reason,
            decided_by=decided_by,
        )
        decision = Decision(
            application=application,
            outcome=outcome,
            meeting=meeting,
            amount_granted=amount_granted,
            conditions=conditions.strip(),
            reasons=reasons.strip(),
            frame_year=frame_year,
            report_due_on=report_due_on,
            decided_at=now,
            decided_by=decided_by,
            override_by=decided_by if overridden else None,
            override_at=now if overridden else None,
            override_reason=override_reason.strip() if overridden else "",
        )
        decision.full_clean()
        decision.save()
        if outcome != Outcome.REJECTED:
            granted_event_create(application=application, created_by=decided_by)
        application.status = Status(outcome.value)
        application.meeting = meeting
        application.full_clean()
        application.save()
        contact = application.contact
        if contact is not None and contact.email and contact.consent.withdrawn_at is None:
            email = contact.email
            transaction.on_commit(lambda: _send_decision(decision, email))
    return decision


def _send_decision(decision: Decision, email: str) -> None:
    subject, body = decision_email(decision)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    message.attach(decision_letter_name(decision), decision_letter(decision), "application/pdf")
    message.send(fail_silently=True)


# Part 3 (G3C): the granted activity as an event ---------------------------------------------

# The start of the activity's first day, and the end of its last: an application gives dates,
# not hours, and a day's start lets the event be marked held on that very day.
_DAY_END = datetime.time(23, 59)


def granted_event_create(*, application: Application, created_by: User | None) -> Event:
    """The granted activity as a planned event of the resident-driven type, organised by the
    residents in the application's estate, for a mixed group when the application says so:
    once held (``granted_event_held``) it counts for the indicators (F4). Called by
    ``decision_record`` within its transaction, for a grant."""
    if application.event_id is not None:
        raise ValidationError(_("Den bevilgede aktivitet er allerede oprettet som arrangement."))
    zone = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(application.starts_on, datetime.time(0), zone)
    ends_at = (
        datetime.datetime.combine(application.ends_on, _DAY_END, zone)
        if application.ends_on is not None
        else None
    )
    # The note is the event's own text, kept in Danish whatever the page's language.
    with translation.override("da"):
        notes = _("Bevilget af %(pool)s (%(reference)s) til %(group)s.") % {
            "pool": application.pool.name,
            "reference": application.reference,
            "group": application.applicant_group,
        }
    event = event_services.event_create(
        programme=application.programme,
        type=event_queries.event_type_by_code(EventTypeCode.RESIDENT_ACTIVITY),
        title=application.activity,
        starts_at=starts_at,
        ends_at=ends_at,
        estates=[application.estate],
        organiser=Organiser.RESIDENTS,
        target_groups=(
            [event_queries.target_group_by_code(TargetGroupCode.MIXED)]
            if application.mixed_group
            else []
        ),
        notes=notes,
        created_by=created_by,
    )
    Application.objects.filter(pk=application.pk).update(event=event)
    application.event = event
    return event


def _granted_event(application: Application) -> Event:
    if application.event is None:
        raise ValidationError(_("Ansøgningen har intet arrangement: den er ikke bevilget."))
    return application.event


def granted_event_held(
    *,
    application: Application,
    participants_residents: int,
    participants_non_residents: int,
    resident_volunteers: int | None = None,
) -> Event:
    """The granted activity took place, with so many residents and others (and so many
    residents who helped run it, when known): its event is held and counts for the indicators
    in the year of its date."""
    return event_services.event_mark_held(
        event=_granted_event(application),
        participants_residents=participants_residents,
        participants_non_residents=participants_non_residents,
        resident_volunteers=resident_volunteers,
    )


def granted_event_cancel(*, application: Application) -> Event | None:
    """The grant is cancelled: its event, if it has one, is cancelled too (a held event stays
    held, and ``event_cancel`` refuses it)."""
    if application.event is None:
        return None
    return event_services.event_cancel(event=application.event)


# Part 3 B: the report back, and the reminders of overdue reports ---------------------------

# Where a report back may be recorded: the workflow's table says so (once paid).
REPORTABLE = tuple(status for status in Status if may_become(status, Status.REPORTED))


def check_photo(upload: UploadedFile) -> AttachmentKind:
    """A photo's kind by its content (JPEG or PNG, within the attachments' size), or a refusal
    in Danish."""
    kind = check_attachment(upload)
    if kind == AttachmentKind.PDF:
        raise ValidationError(
            _("Filen %(name)s er ikke et billede: billeder skal være JPEG eller PNG.")
            % {"name": upload.name or ""},
            code="photo_type",
        )
    return kind


def _check_report(
    *,
    participants_residents: int,
    participants_non_residents: int,
    evaluation: str,
    receipts: Sequence[UploadedFile],
    photos: Sequence[UploadedFile],
    photo_consent: bool,
) -> tuple[list[AttachmentKind], list[AttachmentKind]]:
    """Everything a report must be, checked before anything is written: the kinds of its
    receipts and photos, or every refusal at once."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if participants_residents < 0:
        add("participants_residents", _("Antallet kan ikke være negativt."))
    if participants_non_residents < 0:
        add("participants_non_residents", _("Antallet kan ikke være negativt."))
    if not evaluation.strip():
        add("evaluation", _("Skriv en kort evaluering af aktiviteten."))
    elif len(evaluation.strip()) > EVALUATION_MAX_CHARS:
        add(
            "evaluation",
            _("Evalueringen må højst være %(count)s tegn.") % {"count": EVALUATION_MAX_CHARS},
        )
    if not receipts:
        add("receipts", _("Vedlæg mindst én kvittering."))
    if len(receipts) > MOST_RECEIPTS:
        add("receipts", _("Højst %(count)s kvitteringer.") % {"count": MOST_RECEIPTS})
    if len(photos) > MOST_PHOTOS:
        add("photos", _("Højst %(count)s billeder.") % {"count": MOST_PHOTOS})
    if photos and not photo_consent:
        add(
            "photo_consent",
            _(
                "Bekræft, at de personer, der kan genkendes på billederne, har sagt ja til, at "
                "indsatsen må bruge dem. Ellers skal billederne ikke med."
            ),
        )
    receipt_kinds: list[AttachmentKind] = []
    for upload in receipts:
        try:
            receipt_kinds.append(check_attachment(upload))
        except ValidationError as error:
            for message in error.messages:
                add("receipts", message)
    photo_kinds: list[AttachmentKind] = []
    for upload in photos:
        try:
            photo_kinds.append(check_photo(upload))
        except ValidationError as error:
            for message in error.messages:
                add("photos", message)
    total = sum((upload.size or 0) for upload in [*receipts, *photos])
    if total > REPORT_FILES_MAX_BYTES:
        add(
            "__all__",
            _("Filerne fylder for meget: højst %(megabytes)s MB i alt.")
            % {"megabytes": REPORT_FILES_MAX_BYTES // (1024 * 1024)},
        )
    if errors:
        raise ValidationError(errors)
    return receipt_kinds, photo_kinds


def _report_save(
    *,
    application: Application,
    participants_residents: int,
    participants_non_residents: int,
    resident_volunteers: int | None,
    evaluation: str,
    files: Sequence[tuple[ReportFileRole, UploadedFile, AttachmentKind]],
    photo_consent: bool,
    entered_by: User,
    now: datetime.datetime,
    stored: list[ReportFile],
) -> Report:
    """Writes the checked report, its files (each stored file is added to ``stored``, for the
    caller to delete if the transaction fails) and the application's new status."""
    report = Report(
        application=application,
        participants_residents=participants_residents,
        participants_non_residents=participants_non_residents,
        resident_volunteers=resident_volunteers,
        evaluation=evaluation.strip(),
        photo_consent=photo_consent,
        photo_consent_by=entered_by if photo_consent else None,
        photo_consent_at=now if photo_consent else None,
        entered_at=now,
        entered_by=entered_by,
    )
    report.full_clean()
    report.save()
    for role, upload, kind in files:
        report_file = ReportFile(
            report=report,
            role=role,
            original_name=(upload.name or role.label)[-200:],
            kind=kind,
            size=upload.size or 0,
        )
        report_file.file.save(upload.name or "fil", upload, save=False)
        stored.append(report_file)
        report_file.full_clean()
        report_file.save()
    application.status = Status.REPORTED
    application.full_clean()
    application.save()
    return report


def report_back_record(
    *,
    application: Application,
    participants_residents: int,
    participants_non_residents: int,
    evaluation: str,
    receipts: Sequence[UploadedFile],
    photos: Sequence[UploadedFile],
    photo_consent: bool,
    entered_by: User,
    resident_volunteers: int | None = None,
    now: datetime.datetime | None = None,
) -> Report:
    """Records the group's report back on a paid grant, once the activity has begun, as staff
    enter it: participants (and the residents who helped run it, when known), a short
    evaluation, at least one receipt, any photos with the consent to use them (who
    and when). Every file is checked by its content before anything is written; a refusal
    leaves no row and no file behind. The application is then reported."""
    now = now or timezone.now()
    receipt_kinds, photo_kinds = _check_report(
        participants_residents=participants_residents,
        participants_non_residents=participants_non_residents,
        evaluation=evaluation,
        receipts=receipts,
        photos=photos,
        photo_consent=photo_consent,
    )
    files = [
        *(
            (ReportFileRole.RECEIPT, upload, kind)
            for upload, kind in zip(receipts, receipt_kinds, strict=True)
        ),
        *(
            (ReportFileRole.PHOTO, upload, kind)
            for upload, kind in zip(photos, photo_kinds, strict=True)
        ),
    ]
    stored: list[ReportFile] = []
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application.pk)
            if not may_become(application.status, Status.REPORTED):
                raise ValidationError(
                    _("Ansøgningen er %(status)s: der kan ikke afrapporteres på den nu.")
                    % {"status": application.get_status_display().lower()}
                )
            if application.starts_on > timezone.localdate(now):
                raise ValidationError(
                    _(
                        "Aktiviteten er ikke holdt endnu: afrapporteringen kan registreres fra "
                        "den %(date)s."
                    )
                    % {"date": application.starts_on.strftime("%d.%m.%Y")}
                )
            report = _report_save(
                application=application,
                participants_residents=participants_residents,
                participants_non_residents=participants_non_residents,
                resident_volunteers=resident_volunteers,
                evaluation=evaluation,
                files=files,
                # The consent is to the photos: without photos there is nothing to record.
                photo_consent=photo_consent and bool(photos),
                entered_by=entered_by,
                now=now,
                stored=stored,
            )
            if application.event_id is not None:
                # The activity took place: its event is held, and counts from now on.
                granted_event_held(
                    application=application,
                    participants_residents=participants_residents,
                    participants_non_residents=participants_non_residents,
                    resident_volunteers=resident_volunteers,
                )
    except BaseException:
        for report_file in stored:
            report_file.file.storage.delete(report_file.file.name)
        raise
    return report


@dataclass(frozen=True)
class RemindersSent:
    """What a run of the reminders did, in counts (a task's result is kept)."""

    sent: int
    failed: int
    # Overdue, but the contact has no e-mail, withdrew their consent or was erased: left for
    # the overdue page.
    without_email: int
    # Reminded within the last ``REMINDER_INTERVAL_DAYS`` days.
    reminded_lately: int


def report_reminders_send(*, now: datetime.datetime | None = None) -> RemindersSent:
    """Reminds the contact of every overdue report by e-mail, in Danish, at most once in
    ``REMINDER_INTERVAL_DAYS`` days per application, and records each reminder sent (when,
    not to whom). A reminder that cannot be sent is not recorded: the next run tries again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = queries.overdue_reports(Application.objects.all(), today=today)
    # A contact who withdrew their consent is written to no more (they are erased soon).
    with_email = overdue.filter(contact__email__gt="", contact__consent__withdrawn_at__isnull=True)
    # Reminded on a day of the last week (today included): not again yet.
    since = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=REMINDER_INTERVAL_DAYS - 1), datetime.time.min
        )
    )
    due = with_email.filter(Q(last_reminder__isnull=True) | Q(last_reminder__lt=since))
    sent = failed = 0
    for application in due:
        due_on = application.decision.report_due_on
        # Both are there: the query selects by the due date and the contact's address.
        assert application.contact is not None and due_on is not None
        subject, body = report_reminder_email(application, due_on)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.contact.email])
        except (OSError, smtplib.SMTPException):
            failed += 1
            continue
        reminder = ReportReminder(application=application, sent_at=now)
        reminder.full_clean()
        reminder.save()
        sent += 1
    counted = overdue.count()
    reached = with_email.count()
    return RemindersSent(
        sent=sent,
        failed=failed,
        without_email=counted - reached,
        reminded_lately=reached - sent - failed,
    )


# Part 3: the frame, the payout and the closing --------------------------------------------

# Where a payout may be recorded, and where a grant may be closed: the workflow's table says so.
PAYABLE = tuple(status for status in Status if may_become(status, Status.PAID))
CLOSABLE = tuple(status for status in Status if may_become(status, Status.CLOSED))

# The error code of a grant refused for going beyond the frame: the decision form then offers
# the override to those who may give it.
FRAME_EXCEEDED = "frame_exceeded"


def _check_frame_covers_grants(frame: PoolFrame, amount: Decimal) -> None:
    """A frame is not lowered below what is granted of it (less what came back): the grants
    stand. (A frame already beyond, by an override, may still be raised.)"""
    if frame.pk is None or amount >= frame.amount:
        return
    money = queries.pool_money(frame.pool, frame.year)
    used = money.committed - money.returned
    if amount < used:
        raise ValidationError(
            {
                "amount": _(
                    "Der er bevilget %(used)s af rammen for %(year)s: den kan ikke sættes lavere."
                )
                % {"used": format_kroner(used), "year": frame.year}
            }
        )


def _beyond_frame(
    *,
    application: Application,
    year: int,
    amount: Decimal,
    override_reason: str,
    decided_by: User,
) -> bool:
    """Whether granting ``amount`` goes beyond what is left of the pool's frame of ``year``
    (and is allowed by an override); a refusal when it goes beyond without one. The pool's
    row is locked first, to the end of the decision's transaction: two decisions on one pool
    are counted in turn, so both cannot pass on the same remainder."""
    Pool.objects.select_for_update().get(pk=application.pool_id)
    money = queries.pool_money(application.pool, year)
    if amount <= money.remaining:
        return False
    if not override_reason.strip() or not access.may_override_frame(decided_by, application):
        raise ValidationError(
            {
                "amount_granted": ValidationError(
                    _(
                        "Bevillingen på %(amount)s overskrider rammen for %(year)s: der er "
                        "%(remaining)s tilbage."
                    )
                    % {
                        "amount": format_kroner(amount),
                        "year": year,
                        "remaining": format_kroner(money.remaining),
                    },
                    code=FRAME_EXCEEDED,
                )
            }
        )
    return True


def _locked_grant(application: Application) -> Application:
    # Only the application's row is locked (see ``decision_record``).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("decision__meeting")
        .get(pk=application.pk)
    )


def payout_record(
    *,
    application: Application,
    paid_on: datetime.date,
    amount: Decimal,
    voucher: str = "",
    recorded_by: User,
    now: datetime.datetime | None = None,
) -> Payout:
    """Records the payout of a grant: once, at most the amount granted, on a day from the
    committee's decision until today, with the housing organisation's voucher number if
    there is one. The payment itself goes through the organisation's creditor process."""
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_grant(application)
        if not may_become(application.status, Status.PAID):
            raise ValidationError(
                _("Ansøgningen er %(status)s: der kan ikke registreres en udbetaling.")
                % {"status": application.get_status_display().lower()}
            )
        decision = application.decision
        errors: dict[str, str] = {}
        if amount <= 0:
            errors["amount"] = _("Udbetalingen skal være over 0 kr.")
        elif amount > decision.amount_granted:
            errors["amount"] = _(
                "Udbetalingen kan højst være det bevilgede beløb (%(amount)s)."
            ) % {"amount": format_kroner(decision.amount_granted)}
        if paid_on > timezone.localdate(now):
            errors["paid_on"] = _("Udbetalingen kan ikke ligge i fremtiden.")
        elif paid_on < decision.meeting.held_on:
            errors["paid_on"] = _(
                "Udbetalingen kan ikke ligge før udvalgets afgørelse (%(date)s)."
            ) % {"date": f"{decision.meeting.held_on:%d.%m.%Y}"}
        if errors:
            raise ValidationError(errors)
        payout = Payout(
            application=application,
            paid_on=paid_on,
            amount=amount,
            voucher=voucher.strip(),
            recorded_at=now,
            recorded_by=recorded_by,
        )
        payout.full_clean()
        payout.save()
        application.status = Status.PAID
        application.full_clean()
        application.save()
    return payout


def application_close(
    *,
    application: Application,
    returned: Decimal,
    returned_on: datetime.date | None,
    note: str,
    closed_by: User,
    now: datetime.datetime | None = None,
) -> Closing:
    """Closes a grant, and gives back to the pool's frame what was not used: the money the
    group paid back (``returned``, at most what was paid out, with the day it came) and the
    part of the grant never paid out. Normally after the report back; a grant whose activity
    was cancelled is closed without one, with a note saying why: unpaid (all of it released)
    or paid (the whole payout paid back)."""
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_grant(application)
        if not may_become(application.status, Status.CLOSED):
            raise ValidationError(
                _("Ansøgningen er %(status)s og kan ikke afsluttes.")
                % {"status": application.get_status_display().lower()}
            )
        cancelled = application.status != Status.REPORTED
        payout = Payout.objects.filter(application=application).first()
        paid = payout.amount if payout is not None else Decimal("0")
        errors: dict[str, str] = {}
        if returned < 0:
            errors["returned"] = _("Beløbet kan ikke være negativt.")
        elif returned > paid:
            errors["returned"] = _(
                "Der kan højst betales det udbetalte beløb tilbage (%(paid)s)."
            ) % {"paid": format_kroner(paid)}
        elif cancelled and returned != paid:
            errors["returned"] = _(
                "Bevillingen afsluttes uden afrapportering: hele udbetalingen (%(paid)s) skal "
                "betales tilbage."
            ) % {"paid": format_kroner(paid)}
        if returned > 0:
            if returned_on is None:
                errors["returned_on"] = _("Skriv den dag, pengene blev betalt tilbage.")
            elif returned_on > timezone.localdate(now):
                errors["returned_on"] = _("Datoen kan ikke ligge i fremtiden.")
            elif payout is not None and returned_on < payout.paid_on:
                errors["returned_on"] = _(
                    "Pengene kan ikke være betalt tilbage før udbetalingen (%(date)s)."
                ) % {"date": f"{payout.paid_on:%d.%m.%Y}"}
        if cancelled and not note.strip():
            errors["note"] = _(
                "Bevillingen er ikke afrapporteret: skriv, hvorfor den afsluttes (fx at "
                "aktiviteten blev aflyst)."
            )
        if errors:
            raise ValidationError(errors)
        closing = Closing(
            application=application,
            repaid=returned,
            repaid_on=returned_on if returned > 0 else None,
            released=application.decision.amount_granted - paid,
            cancelled=cancelled,
            note=note.strip(),
            closed_at=now,
            closed_by=closed_by,
        )
        closing.full_clean()
        closing.save()
        if cancelled:
            granted_event_cancel(application=application)
        application.status = Status.CLOSED
        application.closed_at = now
        application.full_clean()
        application.save()
    return closing
