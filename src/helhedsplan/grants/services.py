"""Every change of the resident grant pools: pools and what belongs to them, and the
applications, received online or entered from paper by staff. The contact person's consent,
export and erasure are the privacy lifecycle's (``privacy.services``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.events import services as event_services
from helhedsplan.events.models import (
    Event,
    EventType,
    EventTypeCode,
    Organiser,
    TargetGroup,
    TargetGroupCode,
)
from helhedsplan.grants.documents import decision_email, decision_letter, decision_letter_name
from helhedsplan.grants.models import (
    ATTACHMENT_MAX_BYTES,
    MOST_ATTACHMENTS,
    REFERENCE_PREFIX,
    Application,
    ApplicationContact,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Channel,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Guideline,
    Outcome,
    Pool,
    PoolFrame,
    ReferenceCounter,
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
    """The pool's budget frame for a year: set, or changed."""
    if amount < 0:
        raise ValidationError({"amount": _("Rammen kan ikke være negativ.")})
    frame = PoolFrame.objects.filter(pool=pool, year=year).first() or PoolFrame(
        pool=pool, year=year
    )
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
    stored: list[Attachment] = []
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
                stored.append(attachment)
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
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
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
    now: datetime.datetime | None = None,
) -> Decision:
    """Records the committee's decision on an application under review, at a meeting of its
    pool's committee that has been held: approved (the amount requested), partly approved
    (less, with reasons) or rejected (nothing, with reasons). A grant has a deadline for the
    report back (by default ``REPORT_DAYS`` after the activity's last day). The decision
    letter goes to the contact person by e-mail, as a PDF, once the decision is committed."""
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
        decision = Decision(
            application=application,
            outcome=outcome,
            meeting=meeting,
            amount_granted=amount_granted,
            conditions=conditions.strip(),
            reasons=reasons.strip(),
            frame_year=application.starts_on.year,
            report_due_on=report_due_on,
            decided_at=now,
            decided_by=decided_by,
        )
        decision.full_clean()
        decision.save()
        if outcome != Outcome.REJECTED:
            granted_event_create(application=application, created_by=decided_by)
        application.status = Status(outcome.value)
        application.meeting = meeting
        application.full_clean()
        application.save()
        if application.contact is not None and application.contact.email:
            email = application.contact.email
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


def _event_type() -> EventType:
    found = EventType.objects.filter(code=EventTypeCode.RESIDENT_ACTIVITY).first()
    if found is None:
        event_services.event_types_ensure()
        found = EventType.objects.get(code=EventTypeCode.RESIDENT_ACTIVITY)
    return found


def _mixed_group() -> TargetGroup:
    found = TargetGroup.objects.filter(code=TargetGroupCode.MIXED).first()
    if found is None:
        event_services.target_groups_ensure()
        found = TargetGroup.objects.get(code=TargetGroupCode.MIXED)
    return found


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
        type=_event_type(),
        title=application.activity,
        starts_at=starts_at,
        ends_at=ends_at,
        estates=[application.estate],
        organiser=Organiser.RESIDENTS,
        target_groups=[_mixed_group()] if application.mixed_group else [],
        notes=notes,
        created_by=created_by,
    )
    Application.objects.filter(pk=application.pk).update(event=event)
    application.event = event
    return event


def _granted_event(application: Application) -> Event:
    event = Event.objects.filter(grant_application=application).first()
    if event is None:
        raise ValidationError(_("Ansøgningen har intet arrangement: den er ikke bevilget."))
    return event


def granted_event_held(
    *, application: Application, participants_residents: int, participants_non_residents: int
) -> Event:
    """The granted activity took place, with so many residents and others: its event is held
    and counts for the indicators in the year of its date."""
    return event_services.event_mark_held(
        event=_granted_event(application),
        participants_residents=participants_residents,
        participants_non_residents=participants_non_residents,
    )


def granted_event_cancel(*, application: Application) -> Event | None:
    """The grant is cancelled: its event, if it has one, is cancelled too (a held event stays
    held, and ``event_cancel`` refuses it)."""
    event = Event.objects.filter(grant_application=application).first()
    if event is None:
        return None
    return event_services.event_cancel(event=event)
