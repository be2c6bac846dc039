"""Every change of the resident panels. A member's consent, renewal and erasure go through
the privacy lifecycle (``privacy.services``)."""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.core import limits
from helhedsplan.panels import queries
from helhedsplan.panels.models import (
    ACTION_TRANSITIONS,
    MINUTES_MAX_BYTES,
    ActionItem,
    ActionStatus,
    Attendee,
    Concern,
    Meeting,
    Member,
    MinutesKind,
    Panel,
    ProgressNote,
)
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import services as privacy_services
from helhedsplan.programmes.models import Estate, Programme

# A Word document of minutes: some pages of text and a few photos, well within these.
MINUTES_PACKAGE_LIMITS = limits.PackageLimits(
    members=500,
    member_bytes=MINUTES_MAX_BYTES,
    total_bytes=2 * MINUTES_MAX_BYTES,
    xml_elements=200_000,
    xml_children=20_000,
)
ZIP_SIGNATURE = b"PK\x03\x04"


def _check_estate(programme: Programme, estate: Estate | None, field: str) -> None:
    if estate is not None and estate.programme_id != programme.pk:
        raise ValidationError({field: _("Boligområdet hører ikke til indsatsen.")})


def panel_create(*, programme: Programme, estate: Estate | None, name: str) -> Panel:
    """A panel of one estate, or a joint panel of the programme (no estate)."""
    _check_estate(programme, estate, "estate")
    name = name.strip()
    if Panel.objects.filter(programme=programme, name__iexact=name).exists():
        raise ValidationError({"name": _("Indsatsen har allerede et beboerpanel med det navn.")})
    panel = Panel(programme=programme, estate=estate, name=name)
    panel.full_clean()
    panel.save()
    return panel


def panel_update(*, panel: Panel, name: str, active: bool) -> Panel:
    """The panel's name, and whether it still meets. Its estate stays: its members and
    meetings belong to it."""
    name = name.strip()
    if (
        Panel.objects.filter(programme_id=panel.programme_id, name__iexact=name)
        .exclude(pk=panel.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Indsatsen har allerede et beboerpanel med det navn.")})
    panel.name = name
    panel.active = active
    panel.full_clean()
    panel.save()
    return panel


def _check_place(panel: Panel, estate: Estate, field: str) -> None:
    """A member lives in, and a meeting is held in, the panel's estate; for a joint panel,
    one of the programme's."""
    if panel.estate_id is not None and estate.pk != panel.estate_id:
        raise ValidationError({field: _("Boligområdet skal være panelets eget.")})
    _check_estate(panel.programme, estate, field)


def member_register(
    *,
    panel: Panel,
    estate: Estate,
    name: str,
    phone: str,
    email: str,
    joined_on: datetime.date,
    consent: privacy_services.ConsentGiven,
    registered_by: User,
) -> Member:
    """Registers a member with their consent, in one transaction: no member without a
    consent, no consent without its member."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Skriv medlemmets navn.")
    if not phone.strip() and not email.strip():
        errors["phone"] = _("Skriv et telefonnummer eller en e-mailadresse (eller begge).")
    if joined_on > timezone.localdate():
        errors["joined_on"] = _("Medlemmet kan ikke være indtrådt i fremtiden.")
    if errors:
        raise ValidationError(errors)
    _check_place(panel, estate, "estate")
    with transaction.atomic():
        recorded = privacy_services.consent_record(
            personal_register=REGISTER,
            programme=panel.programme,
            given=consent,
            recorded_by=registered_by,
            birth_year=None,
        )
        member = Member(
            programme=panel.programme,
            panel=panel,
            estate=estate,
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            joined_on=joined_on,
            consent=recorded,
            registered_by=registered_by,
        )
        member.full_clean()
        member.save()
        privacy_services.consent_attach(consent=recorded, person=member)
    return member


def member_leave(*, member: Member, left_on: datetime.date) -> Member:
    """The member left the panel: kept as a former member until the retention runs out."""
    if member.left_on is not None:
        raise ValidationError({"left_on": _("Medlemmet er allerede udtrådt.")})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("Medlemmet kan ikke udtræde, før de er indtrådt.")})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("Udtrædelsen kan ikke ligge i fremtiden.")})
    member.left_on = left_on
    member.full_clean()
    member.save()
    return member


@dataclass(frozen=True)
class Turnout:
    """Who came to a meeting, by type."""

    residents: int = 0
    police: int = 0
    staff: int = 0
    municipality: int = 0
    housing: int = 0


@dataclass(frozen=True)
class MeetingDetails:
    estate: Estate
    held_on: datetime.date
    turnout: Turnout
    attendees: list[Member]
    agenda: str
    minutes: str


def _check_meeting(panel: Panel, details: MeetingDetails) -> None:
    _check_place(panel, details.estate, "estate")
    errors: dict[str, str] = {}
    if details.held_on > timezone.localdate():
        errors["held_on"] = _("Et møde registreres, når det er holdt: datoen er i fremtiden.")
    counts = asdict(details.turnout)
    if any(count < 0 for count in counts.values()):
        errors["residents"] = _("Fremmødet tælles i hele tal fra 0.")
    on_the_day = set(queries.members_on(panel, details.held_on).values_list("pk", flat=True))
    if any(member.pk not in on_the_day for member in details.attendees):
        errors["attendees"] = _("Et afkrydset medlem var ikke med i panelet på mødets dato.")
    elif len(details.attendees) > details.turnout.residents:
        errors["attendees"] = _(
            "Der er krydset flere medlemmer af, end der kom beboere: ret antallet af beboere."
        )
    if errors:
        raise ValidationError(errors)


def _apply(meeting: Meeting, details: MeetingDetails) -> None:
    meeting.estate = details.estate
    meeting.held_on = details.held_on
    for kind, count in asdict(details.turnout).items():
        setattr(meeting, kind, count)
    meeting.agenda = details.agenda.strip()
    meeting.minutes = details.minutes.strip()
    meeting.full_clean(exclude=["minutes_file"])
    meeting.save()
    chosen = {member.pk for member in details.attendees}
    # Deleted one by one, so that each deletion is in the audit trail.
    for attendee in meeting.attendees.exclude(member__in=chosen):
        attendee.delete()
    known = set(meeting.attendees.values_list("member_id", flat=True))
    for member in details.attendees:
        if member.pk not in known:
            Attendee.objects.create(meeting=meeting, member=member)


def meeting_create(*, panel: Panel, details: MeetingDetails, created_by: User) -> Meeting:
    """A meeting the panel held, with its turnout, agenda and written minutes."""
    if not panel.active:
        raise ValidationError(_("Panelet er ikke aktivt: genåbn det først."))
    _check_meeting(panel, details)
    with transaction.atomic():
        meeting = Meeting(programme=panel.programme, panel=panel, created_by=created_by)
        _apply(meeting, details)
    return meeting


def meeting_update(*, meeting: Meeting, details: MeetingDetails) -> Meeting:
    _check_meeting(meeting.panel, details)
    with transaction.atomic():
        _apply(meeting, details)
    return meeting


def check_minutes(upload: UploadedFile) -> MinutesKind:
    """The minutes file's kind by its content (a PDF, or a zip holding a Word document read
    within :data:`MINUTES_PACKAGE_LIMITS`), or a refusal in Danish."""
    if not upload.size or upload.size > MINUTES_MAX_BYTES:
        raise ValidationError(
            {"file": _("Referatet skal være en fil på højst 20 MB.")}, code="minutes_size"
        )
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        upload.seek(0)
        return MinutesKind.PDF
    if not head.startswith(ZIP_SIGNATURE):
        raise ValidationError(
            {"file": _("Referatet skal være en PDF eller et Word-dokument (.docx).")},
            code="minutes_type",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        names = limits.check_package(data, MINUTES_PACKAGE_LIMITS)
    except limits.PackageRefused as error:
        message = (
            _("Filen er beskadiget og kan ikke åbnes som Word-dokument (.docx).")
            if error.damaged
            else str(error)
        )
        raise ValidationError({"file": message}, code="minutes_package") from error
    if "word/document.xml" not in names:
        raise ValidationError(
            {"file": _("Filen er en zip-fil, men ikke et Word-dokument (.docx).")},
            code="minutes_type",
        )
    return MinutesKind.DOCX


def minutes_upload(*, meeting: Meeting, upload: UploadedFile) -> Meeting:
    """The minutes as a file, stored privately; a file uploaded before is replaced, and goes
    from the storage once the new one is saved."""
    kind = check_minutes(upload)
    replaced = meeting.minutes_file.name if meeting.minutes_file else ""
    storage = meeting.minutes_file.storage
    meeting.minutes_kind = kind
    meeting.minutes_name = (upload.name or f"referat.{kind}")[-200:]
    meeting.minutes_file.save(upload.name or "referat", upload, save=False)
    try:
        with transaction.atomic():
            meeting.full_clean()
            meeting.save()
    except BaseException:
        storage.delete(meeting.minutes_file.name)
        raise
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))
    return meeting


# Part 2, helper B: the actions until done --------------------------------------------------


@dataclass(frozen=True)
class ActionDetails:
    description: str
    party: str
    owner: User | None
    due_on: datetime.date


def _check_owner(programme: Programme, details: ActionDetails) -> None:
    """The owner works in the programme (``queries.action_owners``): a partner owns only
    their own organisation's actions."""
    owner = details.owner
    if owner is not None and not queries.action_owners(programme, details.party).contains(owner):
        raise ValidationError(
            {
                "owner": _(
                    "Ejeren skal have en rolle i indsatsen; en samarbejdspartner kan kun eje "
                    "sin egen organisations handlinger."
                )
            }
        )


def _apply_action(action: ActionItem, details: ActionDetails) -> None:
    _check_owner(action.programme, details)
    action.description = details.description.strip()
    action.party = details.party
    action.owner = details.owner
    action.due_on = details.due_on
    action.full_clean()
    action.save()


def action_create(
    *,
    concern: Concern,
    details: ActionDetails,
    created_by: User,
    today: datetime.date | None = None,
) -> ActionItem:
    """An action on a concern, open from today, in the concern's estate."""
    today = today or timezone.localdate()
    if details.due_on < today:
        raise ValidationError({"due_on": _("Fristen kan ikke ligge før i dag.")})
    action = ActionItem(
        programme=concern.programme,
        estate=concern.estate,
        concern=concern,
        created_on=today,
        created_by=created_by,
    )
    _apply_action(action, details)
    return action


def action_update(*, action: ActionItem, details: ActionDetails) -> ActionItem:
    """The action's description, party, owner and due date: its status has its own
    service."""
    _apply_action(action, details)
    return action


def action_set_status(
    *,
    action: ActionItem,
    status: str,
    by: User,
    reason: str = "",
    closed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ActionItem:
    """Moves the action as ``ACTION_TRANSITIONS`` allows, and notes the change in its log.
    Done or rejected closes it on ``closed_on`` (today unless given: not in the future, not
    before it was created); rejected needs a reason; reopening clears the closing day."""
    today = today or timezone.localdate()
    if status not in ACTION_TRANSITIONS[action.status]:
        raise ValidationError(
            {
                "status": _("En handling, der er %(current)s, kan ikke blive %(new)s.")
                % {
                    "current": str(action.get_status_display()).lower(),
                    "new": str(ActionStatus(status).label).lower(),
                }
            }
        )
    reason = reason.strip()
    closing = status in (ActionStatus.DONE, ActionStatus.REJECTED)
    if status == ActionStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Skriv, hvorfor handlingen afvises.")})
    if closing:
        closed_on = closed_on or today
        if closed_on > today:
            raise ValidationError({"closed_on": _("Datoen kan ikke ligge i fremtiden.")})
        if closed_on < action.created_on:
            raise ValidationError(
                {"closed_on": _("Datoen kan ikke ligge før handlingen blev oprettet.")}
            )
    action.status = status
    action.closed_on = closed_on if closing else None
    action.rejection_reason = reason if status == ActionStatus.REJECTED else ""
    note = _("Status: %(status)s.") % {"status": ActionStatus(status).label}
    if status == ActionStatus.REJECTED:
        note = f"{note} {reason}"
    with transaction.atomic():
        action.full_clean()
        action.save()
        action_add_note(action=action, text=note, by=by)
    return action


def action_add_note(*, action: ActionItem, text: str, by: User) -> ProgressNote:
    """A line in the action's log."""
    if not text.strip():
        raise ValidationError({"text": _("Skriv noten.")})
    note = ProgressNote(action=action, text=text.strip(), written_by=by)
    note.full_clean()
    note.save()
    return note


@dataclass(frozen=True)
class DigestsSent:
    sent: int
    failed: int


def action_digest_email(digest: queries.Digest, today: datetime.date) -> tuple[str, str]:
    """The digest's subject and plain text, in Danish."""
    with translation.override("da"):
        subject = _("Dine åbne handlinger fra beboerpanelet")
        body = render_to_string(
            "panels/action_digest_email.txt", {"digest": digest, "today": today}
        )
    return subject, body


def action_digests_send(*, today: datetime.date | None = None) -> DigestsSent:
    """E-mails each owner with an address their open actions, the overdue first and marked;
    owners without open actions get nothing. Run once a week by the scheduler (one slot, one
    run). A digest that cannot be sent is counted, not retried: next week's has it all."""
    today = today or timezone.localdate()
    sent = failed = 0
    for digest in queries.action_digests(today=today):
        subject, body = action_digest_email(digest, today)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.owner.email])
        except (OSError, smtplib.SMTPException):
            failed += 1
            continue
        sent += 1
    return DigestsSent(sent=sent, failed=failed)
