"""Every change of the resident panels. A member's consent, renewal and erasure go through
the privacy lifecycle (``privacy.services``)."""

from __future__ import annotations

import datetime
import io
import smtplib
import warnings
from dataclasses import asdict, dataclass
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from helhedsplan.core import limits
from helhedsplan.panels import queries
from helhedsplan.panels.models import (
    ACTION_TRANSITIONS,
    MINUTES_MAX_BYTES,
    ActionItem,
    ActionStatus,
    Attendee,
    Concern,
    ConcernPhoto,
    Evaluation,
    EvaluationKind,
    Meeting,
    MeetingStatus,
    Member,
    MinutesKind,
    Panel,
    ProgressNote,
    SitePlan,
    Walk,
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
    """The meeting's details. Once concerns were raised at it, its estate and day are theirs
    too (the concerns and their actions belong to that estate): they stay."""
    _check_meeting(meeting.panel, details)
    moved = (details.estate.pk, details.held_on) != (meeting.estate_id, meeting.held_on)
    if moved and meeting.concerns.exists():
        raise ValidationError(
            {
                "held_on": _(
                    "Der er rejst utrygheder på mødet: dets dato og boligområde kan ikke ændres."
                )
            }
        )
    with transaction.atomic():
        _apply(meeting, details)
    return meeting


def check_minutes(upload: UploadedFile) -> MinutesKind:
    """A document's kind by its content (a PDF, or a zip holding a Word document read within
    :data:`MINUTES_PACKAGE_LIMITS`), or a refusal in Danish: the minutes' and the yearly
    evaluation's files alike."""
    if not upload.size or upload.size > MINUTES_MAX_BYTES:
        raise ValidationError({"file": _("Filen skal være på højst 20 MB.")}, code="minutes_size")
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        upload.seek(0)
        return MinutesKind.PDF
    if not head.startswith(ZIP_SIGNATURE):
        raise ValidationError(
            {"file": _("Filen skal være en PDF eller et Word-dokument (.docx).")},
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


# the actions until done ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionDetails:
    description: str
    party: str
    owner: User | None
    due_on: datetime.date


def _check_action(action: ActionItem, details: ActionDetails) -> None:
    """The owner can open the action (``queries.action_owners``: they keep the actions of its
    estate, or are a partner of its party); it is due on or after the day it was made."""
    owner, errors = details.owner, {}
    if owner is not None and not queries.action_owners(
        action.programme, details.party, action.estate
    ).contains(owner):
        errors["owner"] = _(
            "Ejeren skal kunne følge op på handlinger i boligområdet; en samarbejdspartner kan "
            "kun eje sin egen organisations handlinger."
        )
    if details.due_on < action.created_on:
        errors["due_on"] = _("Fristen kan ikke ligge før den dag, handlingen blev oprettet.")
    if errors:
        raise ValidationError(errors)


def _apply_action(action: ActionItem, details: ActionDetails) -> None:
    _check_action(action, details)
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


# planned meetings, the yearly evaluations (P2) ----------------------------------------------------


def meeting_plan(
    *, panel: Panel, estate: Estate, held_on: datetime.date, agenda: str, created_by: User
) -> Meeting:
    """A meeting on the calendar: its day (in the future too), place and agenda, nobody
    counted yet. P1 counts it once it is recorded as held (:func:`meeting_record_held`)."""
    if not panel.active:
        raise ValidationError(_("Panelet er ikke aktivt: genåbn det først."))
    _check_place(panel, estate, "estate")
    meeting = Meeting(
        programme=panel.programme,
        panel=panel,
        estate=estate,
        held_on=held_on,
        status=MeetingStatus.PLANNED,
        agenda=agenda.strip(),
        created_by=created_by,
    )
    meeting.full_clean(exclude=["minutes_file"])
    meeting.save()
    return meeting


def _check_planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Mødet er allerede registreret som afholdt."))


def meeting_plan_update(
    *, meeting: Meeting, estate: Estate, held_on: datetime.date, agenda: str
) -> Meeting:
    """A planned meeting moved, or its agenda changed."""
    _check_planned(meeting)
    _check_place(meeting.panel, estate, "estate")
    meeting.estate = estate
    meeting.held_on = held_on
    meeting.agenda = agenda.strip()
    meeting.full_clean(exclude=["minutes_file"])
    meeting.save()
    return meeting


def meeting_record_held(*, meeting: Meeting, details: MeetingDetails) -> Meeting:
    """A planned meeting recorded as held, with who came and the minutes; not before the day
    it was planned for (nor on a day in the future)."""
    _check_planned(meeting)
    if timezone.localdate() < meeting.held_on:
        raise ValidationError(
            {
                "held_on": _(
                    "Mødet er planlagt til %(day)s og kan først registreres som afholdt den dag."
                )
                % {"day": meeting.held_on.strftime("%d.%m.%Y")}
            }
        )
    _check_meeting(meeting.panel, details)
    with transaction.atomic():
        meeting.status = MeetingStatus.HELD
        _apply(meeting, details)
    return meeting


@dataclass(frozen=True)
class Answer:
    """One question of the evaluation's template, as asked, and its answer."""

    audience: str
    question: str
    answer: str


def _check_evaluation(panel: Panel, evaluated_on: datetime.date) -> None:
    """The evaluation's day places it in its year (P2 counts it there): one per panel and
    year, never in the future."""
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("Evalueringen kan ikke ligge i fremtiden.")})
    if Evaluation.objects.filter(panel=panel, year=evaluated_on.year).exists():
        raise ValidationError(
            {
                "evaluated_on": _("Panelet har allerede en evaluering for %(year)s.")
                % {"year": evaluated_on.year}
            }
        )


def evaluation_write(
    *,
    panel: Panel,
    evaluated_on: datetime.date,
    answers: list[Answer],
    summary: str,
    created_by: User,
) -> Evaluation:
    """The year's evaluation written with the template: each question kept with its answer
    as asked, and the conclusion."""
    _check_evaluation(panel, evaluated_on)
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = _("Skriv evalueringens konklusion.")
    if not any(answer.answer.strip() for answer in answers):
        errors["__all__"] = _("Besvar mindst ét af spørgsmålene.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation(
        programme=panel.programme,
        panel=panel,
        year=evaluated_on.year,
        evaluated_on=evaluated_on,
        kind=EvaluationKind.TEMPLATE,
        answers=[
            {"audience": a.audience, "question": a.question, "answer": a.answer.strip()}
            for a in answers
        ],
        summary=summary.strip(),
        created_by=created_by,
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def evaluation_upload(
    *,
    panel: Panel,
    evaluated_on: datetime.date,
    upload: UploadedFile,
    summary: str,
    created_by: User,
) -> Evaluation:
    """The year's evaluation as a file (PDF or Word, told by content as the minutes are),
    stored privately."""
    _check_evaluation(panel, evaluated_on)
    kind = check_minutes(upload)
    evaluation = Evaluation(
        programme=panel.programme,
        panel=panel,
        year=evaluated_on.year,
        evaluated_on=evaluated_on,
        kind=EvaluationKind.UPLOAD,
        summary=summary.strip(),
        file_kind=kind,
        file_name=(upload.name or f"evaluering.{kind}")[-200:],
        created_by=created_by,
    )
    evaluation.file.save(upload.name or "evaluering", upload, save=False)
    try:
        with transaction.atomic():
            evaluation.full_clean()
            evaluation.save()
    except BaseException:
        evaluation.file.storage.delete(evaluation.file.name)
        raise
    return evaluation


# site plans, concerns with pins, safety walks and their photos ------------------------------------

IMAGE_MAX_BYTES = 10 * 1024 * 1024
# A site plan or a photo shown in a browser: a 12-megapixel phone photo or an A3 plan scanned
# at 300 dpi (about 17 megapixels) fits well within this; a decompression bomb (a small file
# that unpacks into gigabytes) declares far more in its header and is refused before any
# pixel is decoded.
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
PHOTOS_PER_CONCERN = 10
# The follow-up meeting of a safety walk: about half a year later, on a weekday.
FOLLOW_UP_DAYS = 182


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    width: int
    height: int


def check_image(upload: UploadedFile, *, refusal: str) -> CheckedImage:
    """A PNG or JPEG image told by its content, at most :data:`IMAGE_MAX_BYTES` and
    :data:`IMAGE_MAX_PIXELS` (its size read from the header before a pixel is decoded), whose
    pixels decode whole; else ``refusal`` (the Danish message for the file's field)."""
    if not upload.size or upload.size > IMAGE_MAX_BYTES:
        raise ValidationError({"image": refusal}, code="image_size")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    sniffed = next((kind for sig, kind in IMAGE_SIGNATURES.items() if head.startswith(sig)), None)
    if sniffed is None:
        raise ValidationError({"image": refusal}, code="image_type")
    try:
        with warnings.catch_warnings():
            # Pillow only warns of a bomb below twice its own limit: here it refuses.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if image.format != sniffed or width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError({"image": refusal}, code="image_pixels")
                # Decodes the pixels, as many as the header's size allows and no more: a
                # damaged image is refused here, not when it is drawn or re-encoded.
                image.load()
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError({"image": refusal}, code="image_damaged") from error
    finally:
        upload.seek(0)
    if not width or not height:
        raise ValidationError({"image": refusal}, code="image_pixels")
    return CheckedImage(content_type=IMAGE_TYPES[sniffed], width=width, height=height)


def _stored(field: FieldFile, upload: File, model: Model) -> None:
    """Saves the file and then its row; a row that cannot be saved leaves no file behind."""
    field.save("image", upload, save=False)
    try:
        with transaction.atomic():
            model.full_clean()
            model.save()
    except BaseException:
        if field.name:
            field.storage.delete(field.name)
        raise


def site_plan_upload(*, estate: Estate, upload: UploadedFile, uploaded_by: User | None) -> SitePlan:
    """A new site plan of the estate: new pins go on it; old pins stay on their own plan."""
    checked = check_image(
        upload,
        refusal=_(
            "Områdekortet skal være et billede (PNG eller JPEG) på højst 10 MB og 40 megapixel."
        ),
    )
    plan = SitePlan(
        programme=estate.programme,
        estate=estate,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        uploaded_by=uploaded_by,
    )
    _stored(plan.image, upload, plan)
    return plan


@dataclass(frozen=True)
class ConcernDetails:
    """What a concern says, as the form reads it. The pin is in thousandths of the plan's
    width and height from its top left corner, or ``None`` for a concern without a pin."""

    category: str
    description: str
    location: str
    time_of_day: str
    week_pattern: str
    pin_x: int | None
    pin_y: int | None


def _pinned_plan(estate: Estate, details: ConcernDetails, plan: SitePlan | None) -> SitePlan | None:
    """The plan the pin goes on (``plan``, the concern's own, else the estate's newest), or
    none without a pin; a pin outside the plan or without a plan is refused."""
    if details.pin_x is None and details.pin_y is None:
        return None
    errors: dict[str, str] = {}
    for field, value in (("pin_x", details.pin_x), ("pin_y", details.pin_y)):
        if value is None:
            errors[field] = _("Skriv begge nålens placeringer, eller ingen af dem.")
        elif not 0 <= value <= 1000:
            errors[field] = _("Nålens placering er et tal fra 0 til 1000.")
    if errors:
        raise ValidationError(errors)
    plan = plan or queries.newest_plan(estate)
    if plan is None:
        raise ValidationError(
            {"pin_x": _("Boligområdet har intet områdekort at sætte en nål på: upload det først.")}
        )
    return plan


def _apply_concern(concern: Concern, details: ConcernDetails, plan: SitePlan | None) -> None:
    concern.category = details.category
    concern.description = details.description.strip()
    concern.location = details.location.strip()
    concern.time_of_day = details.time_of_day
    concern.week_pattern = details.week_pattern
    concern.site_plan = plan
    concern.pin_x = details.pin_x if plan else None
    concern.pin_y = details.pin_y if plan else None
    concern.full_clean()
    concern.save()


def concern_create(
    *,
    meeting: Meeting | None = None,
    walk: Walk | None = None,
    details: ConcernDetails,
    created_by: User,
) -> Concern:
    """A concern raised at a held meeting or found on a safety walk: of its estate, on its
    day, pinned on the estate's newest site plan."""
    if (meeting is None) == (walk is None):
        raise ValidationError(_("En utryghed rejses på et møde eller findes på en vandring."))
    if meeting is not None and meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Mødet er ikke holdt endnu: utrygheder rejses på holdte møder."))
    estate = meeting.estate if meeting is not None else cast(Walk, walk).estate
    raised_on = meeting.held_on if meeting is not None else cast(Walk, walk).walked_on
    plan = _pinned_plan(estate, details, None)
    concern = Concern(
        programme=estate.programme,
        estate=estate,
        meeting=meeting,
        walk=walk,
        raised_on=raised_on,
        created_by=created_by,
    )
    with transaction.atomic():
        _apply_concern(concern, details, plan)
    return concern


def concern_update(*, concern: Concern, details: ConcernDetails) -> Concern:
    """What, where and when. A pin keeps the plan it was placed on (a newer plan may show the
    estate otherwise); a concern pinned for the first time goes on the newest plan."""
    plan = _pinned_plan(concern.estate, details, concern.site_plan)
    with transaction.atomic():
        _apply_concern(concern, details, plan)
    return concern


def concern_photo_add(
    *, concern: Concern, upload: UploadedFile, uploaded_by: User | None
) -> ConcernPhoto:
    """A photo of the concern's place, stored privately."""
    if concern.photos.count() >= PHOTOS_PER_CONCERN:
        raise ValidationError(
            {
                "image": _("En utryghed kan have højst %(count)d fotos.")
                % {"count": PHOTOS_PER_CONCERN}
            }
        )
    checked = check_image(
        upload, refusal=_("Fotoet skal være et billede (PNG eller JPEG) på højst 10 MB.")
    )
    photo = ConcernPhoto(
        concern=concern, content_type=checked.content_type, uploaded_by=uploaded_by
    )
    _stored(photo.image, _pixels_only(upload, checked), photo)
    return photo


def _pixels_only(upload: UploadedFile, checked: CheckedImage) -> ContentFile[bytes]:
    """The photo re-encoded from its pixels alone, turned the right way up. A phone writes
    where a photo was taken (GPS) and with which device into its metadata: nobody reading
    the concern needs that. ``check_image`` has bounded the pixels to decode."""
    buffer = io.BytesIO()
    with Image.open(upload) as original:
        upright = ImageOps.exif_transpose(original)
        if checked.content_type == "image/png":
            upright.save(buffer, format="PNG")
        else:
            upright.convert("RGB").save(buffer, format="JPEG", quality=90)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name="photo")


def concern_photo_delete(*, photo: ConcernPhoto) -> None:
    """The photo goes, and its file from the storage once the deletion is committed."""
    name, storage = photo.image.name, photo.image.storage
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))


@dataclass(frozen=True)
class WalkDetails:
    estate: Estate
    walked_on: datetime.date
    turnout: Turnout
    route: str


def follow_up_day(walked_on: datetime.date) -> datetime.date:
    """About six months after the walk; a Saturday or Sunday moves on to the Monday."""
    day = walked_on + datetime.timedelta(days=FOLLOW_UP_DAYS)
    if day.weekday() >= 5:
        day += datetime.timedelta(days=7 - day.weekday())
    return day


def walk_create(*, panel: Panel, details: WalkDetails, created_by: User) -> Walk:
    """A safety walk the panel made, and its follow-up: a planned meeting of the panel in the
    walk's estate about six months later, with the walk on its agenda."""
    if not panel.active:
        raise ValidationError(_("Panelet er ikke aktivt: genåbn det først."))
    _check_place(panel, details.estate, "estate")
    errors: dict[str, str] = {}
    if details.walked_on > timezone.localdate():
        errors["walked_on"] = _("En vandring registreres, når den er gået: datoen er i fremtiden.")
    if any(count < 0 for count in asdict(details.turnout).values()):
        errors["residents"] = _("Deltagerne tælles i hele tal fra 0.")
    if errors:
        raise ValidationError(errors)
    day = details.walked_on.strftime("%d.%m.%Y")
    with transaction.atomic():
        follow_up = meeting_plan(
            panel=panel,
            estate=details.estate,
            held_on=follow_up_day(details.walked_on),
            agenda=_("Opfølgning på tryghedsvandringen %(day)s i %(estate)s.")
            % {"day": day, "estate": details.estate.name},
            created_by=created_by,
        )
        walk = Walk(
            programme=panel.programme,
            panel=panel,
            estate=details.estate,
            walked_on=details.walked_on,
            route=details.route.strip(),
            follow_up=follow_up,
            created_by=created_by,
            **asdict(details.turnout),
        )
        walk.full_clean()
        walk.save()
    return walk
