"""Every change of the volunteer register. Consent, withdrawal and erasure go through the
privacy lifecycle (``privacy.services``)."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from helhedsplan.agreements.models import Activity
from helhedsplan.core.numbers import format_number
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventStatus, Organiser
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, Erasure, ErasureReason
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers import link_tokens, queries
from helhedsplan.volunteers.models import (
    MOST_HOURS_A_DAY,
    Assignment,
    CertificatePolicy,
    CertificateTask,
    EventVolunteer,
    HourEntry,
    Interest,
    Kind,
    PersonalLink,
    PersonalLinkKey,
    Presence,
    SignerRole,
    Task,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)
from helhedsplan.volunteers.register import REGISTER

# The ages a volunteer's birth year may give, this year: children help at events with their
# parents, and nobody is older than this.
YOUNGEST_AGE = 6
OLDEST_AGE = 105


def _check(
    *,
    programme: Programme,
    estate: Estate | None,
    name: str,
    phone: str,
    email: str,
    birth_year: int,
    interests: Iterable[Interest],
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> None:
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    if not name.strip():
        errors["name"] = _("Skriv den frivilliges navn.")
    if not phone.strip() and not email.strip():
        errors["phone"] = _("Skriv et telefonnummer eller en e-mailadresse (eller begge).")
    if not this_year - OLDEST_AGE <= birth_year <= this_year - YOUNGEST_AGE:
        errors["birth_year"] = _("Fødselsåret skal være mellem %(first)s og %(last)s.") % {
            "first": this_year - OLDEST_AGE,
            "last": this_year - YOUNGEST_AGE,
        }
    if estate is not None and estate.programme_id != programme.pk:
        errors["estate"] = _("Boligområdet hører ikke til indsatsen.")
    if any(interest.programme_id != programme.pk for interest in interests):
        errors["interests"] = _("En interesse hører ikke til indsatsen.")
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = _("Den frivillige kan ikke stoppe, før de er startet.")
    if errors:
        raise ValidationError(errors)


def volunteer_register(
    *,
    programme: Programme,
    estate: Estate | None,
    name: str,
    phone: str,
    email: str,
    birth_year: int,
    interests: Iterable[Interest],
    kind: Kind,
    leads_others: bool,
    started_on: datetime.date,
    consent: privacy_services.ConsentGiven,
    registered_by: User,
) -> Volunteer:
    """Registers a volunteer with their consent, in one transaction: no volunteer without a
    consent, no consent without its volunteer."""
    interests = list(interests)
    _check(
        programme=programme,
        estate=estate,
        name=name,
        phone=phone,
        email=email,
        birth_year=birth_year,
        interests=interests,
        started_on=started_on,
        ended_on=None,
    )
    with transaction.atomic():
        recorded = privacy_services.consent_record(
            personal_register=REGISTER,
            programme=programme,
            given=consent,
            recorded_by=registered_by,
            birth_year=birth_year,
        )
        volunteer = Volunteer(
            programme=programme,
            estate=estate,
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            birth_year=birth_year,
            kind=kind,
            leads_others=leads_others,
            started_on=started_on,
            consent=recorded,
            registered_by=registered_by,
        )
        volunteer.full_clean()
        volunteer.save()
        volunteer.interests.set(interests)
        privacy_services.consent_attach(consent=recorded, person=volunteer)
    return volunteer


def volunteer_update(
    *,
    volunteer: Volunteer,
    estate: Estate | None,
    name: str,
    phone: str,
    email: str,
    birth_year: int,
    interests: Iterable[Interest],
    kind: Kind,
    leads_others: bool,
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> Volunteer:
    interests = list(interests)
    _check(
        programme=volunteer.programme,
        estate=estate,
        name=name,
        phone=phone,
        email=email,
        birth_year=birth_year,
        interests=interests,
        started_on=started_on,
        ended_on=ended_on,
    )
    volunteer.estate = estate
    volunteer.name = name.strip()
    volunteer.phone = phone.strip()
    volunteer.email = email.strip()
    volunteer.birth_year = birth_year
    volunteer.kind = kind
    volunteer.leads_others = leads_others
    volunteer.started_on = started_on
    volunteer.ended_on = ended_on
    with transaction.atomic():
        volunteer.full_clean()
        volunteer.save()
        volunteer.interests.set(interests)
    return volunteer


def volunteer_end(*, volunteer: Volunteer, ended_on: datetime.date) -> Volunteer:
    """The volunteer stops; they stay in the register until the retention period has run."""
    if volunteer.ended_on is not None:
        raise ValidationError(_("Den frivillige er allerede stoppet."))
    if ended_on < volunteer.started_on:
        raise ValidationError({"ended_on": _("Den frivillige kan ikke stoppe, før de er startet.")})
    volunteer.ended_on = ended_on
    volunteer.full_clean()
    volunteer.save()
    return volunteer


def volunteer_withdraw_consent(*, volunteer: Volunteer, withdrawn_by: User) -> Consent:
    return privacy_services.consent_withdraw(person=volunteer, withdrawn_by=withdrawn_by)


def volunteer_erase(*, volunteer: Volunteer, erased_by: User) -> Erasure:
    return privacy_services.person_erase(
        person=volunteer, erased_by=erased_by, reason=ErasureReason.BY_HAND
    )


def _check_task(
    *,
    programme: Programme,
    estate: Estate,
    name: str,
    activity: Activity | None,
    event: Event | None,
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Skriv opgavens navn.")
    if estate.programme_id != programme.pk:
        errors["estate"] = _("Boligområdet hører ikke til indsatsen.")
    if activity is not None and activity.version.agreement.programme_id != programme.pk:
        errors["activity"] = _("Aktiviteten hører ikke til indsatsen.")
    if event is not None and (
        event.programme_id != programme.pk or not event.estates.filter(pk=estate.pk).exists()
    ):
        errors["event"] = _("Arrangementet skal høre til indsatsen og opgavens boligområde.")
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = _("Opgaven kan ikke slutte, før den er startet.")
    if errors:
        raise ValidationError(errors)


def task_register(
    *,
    programme: Programme,
    estate: Estate,
    name: str,
    activity: Activity | None,
    event: Event | None,
    started_on: datetime.date,
) -> Task:
    """A task of one estate, per activity of an agreement or per event (or neither)."""
    _check_task(
        programme=programme,
        estate=estate,
        name=name,
        activity=activity,
        event=event,
        started_on=started_on,
        ended_on=None,
    )
    task = Task(
        programme=programme,
        estate=estate,
        name=name.strip(),
        activity=activity,
        event=event,
        started_on=started_on,
    )
    task.full_clean()
    task.save()
    return task


def task_update(
    *,
    task: Task,
    name: str,
    activity: Activity | None,
    event: Event | None,
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> Task:
    """Everything but the estate, which decides who keeps the task and its volunteers."""
    _check_task(
        programme=task.programme,
        estate=task.estate,
        name=name,
        activity=activity,
        event=event,
        started_on=started_on,
        ended_on=ended_on,
    )
    first_day = task.hour_entries.order_by("day").values_list("day", flat=True).first()
    if first_day is not None and started_on > first_day:
        raise ValidationError(
            {
                "started_on": _("Der er registreret timer før denne dato (%(day)s).")
                % {"day": formats.date_format(first_day, "SHORT_DATE_FORMAT")}
            }
        )
    task.name = name.strip()
    task.activity = activity
    task.event = event
    task.started_on = started_on
    task.ended_on = ended_on
    task.full_clean()
    task.save()
    return task


def task_end(*, task: Task, ended_on: datetime.date) -> Task:
    """The task is over: no hours after ``ended_on``; its volunteers and hours stay."""
    if task.ended_on is not None:
        raise ValidationError(_("Opgaven er allerede afsluttet."))
    if ended_on < task.started_on:
        raise ValidationError({"ended_on": _("Opgaven kan ikke slutte, før den er startet.")})
    last_day = task.hour_entries.order_by("-day").values_list("day", flat=True).first()
    if last_day is not None and ended_on < last_day:
        raise ValidationError(
            {
                "ended_on": _("Der er registreret timer efter denne dato (%(day)s).")
                % {"day": formats.date_format(last_day, "SHORT_DATE_FORMAT")}
            }
        )
    task.ended_on = ended_on
    task.full_clean()
    task.save()
    return task


def task_assign(*, task: Task, volunteer: Volunteer) -> Assignment:
    """Puts a volunteer on the task: a resident of the task's estate or not a resident, so
    that whoever keeps the task keeps its people."""
    if volunteer.programme_id != task.programme_id or volunteer.estate_id not in (
        None,
        task.estate_id,
    ):
        raise ValidationError(
            {
                "volunteer": _(
                    "Den frivillige skal bo i opgavens boligområde eller ikke være beboer."
                )
            }
        )
    if task.ended_on is not None:
        raise ValidationError(_("Opgaven er afsluttet."))
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(task=task, volunteer=volunteer)
    if not created:
        raise ValidationError({"volunteer": _("Den frivillige er allerede på opgaven.")})
    return assignment


def task_unassign(*, task: Task, volunteer: Volunteer) -> None:
    """Takes a volunteer off the task; the hours they gave it stay."""
    deleted, _rows = Assignment.objects.filter(task=task, volunteer=volunteer).delete()
    if not deleted:
        raise ValidationError(_("Den frivillige er ikke på opgaven."))


@dataclass(frozen=True)
class Cell:
    """A cell of the week's sheet: a volunteer's hours on a day."""

    volunteer_id: int
    day: datetime.date

    @property
    def name(self) -> str:
        """The name of the cell's field in the sheet's form, and of its errors."""
        return f"h{self.volunteer_id}-{self.day:%Y%m%d}"


@dataclass(frozen=True)
class SheetSaved:
    created: int
    changed: int
    deleted: int


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def _cell_error(
    task: Task,
    volunteer: Volunteer,
    day: datetime.date,
    hours: Decimal,
    elsewhere: Decimal | None,
    today: datetime.date,
) -> str | None:
    """Why a volunteer's new hours on a day are refused, or None."""
    if not 0 < hours <= MOST_HOURS_A_DAY or hours != hours.quantize(Decimal("0.01")):
        return _("Skriv mellem 0,01 og %(most)s timer.") % {"most": MOST_HOURS_A_DAY}
    if day > today:
        return _("Timer kan ikke registreres for en dag, der ikke er kommet.")
    if day < task.started_on or (task.ended_on is not None and day > task.ended_on):
        return _("Opgaven kørte ikke den dag.")
    if day < volunteer.started_on or (volunteer.ended_on is not None and day > volunteer.ended_on):
        return _("%(name)s var ikke frivillig den %(day)s.") % {
            "name": volunteer.name,
            "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        }
    if elsewhere is not None and hours + elsewhere > MOST_HOURS_A_DAY:
        return _(
            "Med timerne på den frivilliges andre opgaver bliver det mere end %(most)s timer "
            "den dag."
        ) % {"most": MOST_HOURS_A_DAY}
    return None


def week_sheet_save(
    *,
    task: Task,
    monday: datetime.date,
    volunteers: Iterable[Volunteer],
    cells: Mapping[Cell, Decimal | None],
    logged_by: User,
    today: datetime.date | None = None,
) -> SheetSaved:
    """Saves a task's week for a group of its volunteers in one transaction: the cells that
    differ from what is stored, an emptied cell deleting its entry. Nothing is written if a
    cell is refused; the errors name the cells (``Cell.name``).

    ``volunteers`` are those the sheet shows (the task's, that the user keeps); a cell of
    anyone else is refused."""
    today = today or timezone.localdate()
    days = week_days(monday)
    shown = {volunteer.pk: volunteer for volunteer in volunteers}
    if any(cell.volunteer_id not in shown or cell.day not in days for cell in cells):
        raise ValidationError(_("Arket er ændret, mens du skrev. Hent det igen."))
    with transaction.atomic():
        stored = {
            Cell(entry.volunteer_id, entry.day): entry
            for entry in HourEntry.objects.select_for_update().filter(
                task=task, volunteer_id__in=shown, day__in=days
            )
        }
        changed = {
            cell: hours
            for cell, hours in cells.items()
            if hours != (stored[cell].hours if cell in stored else None)
        }
        # A day's hours across all of a volunteer's tasks stay within a day.
        elsewhere = {
            Cell(row["volunteer_id"], row["day"]): row["total"]
            for row in HourEntry.objects.filter(volunteer_id__in=shown, day__in=days)
            .exclude(task=task)
            .values("volunteer_id", "day")
            .annotate(total=Sum("hours"))
        }
        errors = {
            cell.name: message
            for cell, hours in changed.items()
            if hours is not None
            and (
                message := _cell_error(
                    task, shown[cell.volunteer_id], cell.day, hours, elsewhere.get(cell), today
                )
            )
        }
        if errors:
            raise ValidationError(errors)
        created = updated = deleted = 0
        for cell, hours in changed.items():
            entry = stored.get(cell)
            if entry is not None and hours is None:
                entry.delete()
                deleted += 1
            elif entry is not None and hours is not None:
                entry.hours = hours
                entry.logged_by = logged_by
                entry.logged_by_volunteer = False
                entry.logged_at = timezone.now()
                entry.save(update_fields=["hours", "logged_by", "logged_by_volunteer", "logged_at"])
                updated += 1
            elif hours is not None:
                HourEntry.objects.create(
                    task=task,
                    volunteer_id=cell.volunteer_id,
                    day=cell.day,
                    hours=hours,
                    logged_by=logged_by,
                )
                created += 1
    return SheetSaved(created=created, changed=updated, deleted=deleted)


# 32 random bytes (256 bits) in the card's URL: nobody finds a valid card by guessing.
CARD_TOKEN_BYTES = 32


@transaction.atomic
def card_issue(
    *, volunteer: Volunteer, valid_until: datetime.date, issued_by: User
) -> VolunteerCard:
    """A new card for the volunteer; the card they had stops being valid."""
    today = timezone.localdate()
    if valid_until < today:
        raise ValidationError({"valid_until": _("Kortet skal være gyldigt i dag eller senere.")})
    if volunteer.ended_on is not None and volunteer.ended_on < today:
        raise ValidationError(_("Den frivillige er stoppet og kan ikke få et kort."))
    if volunteer.consent.is_withdrawn:
        raise ValidationError(_("Den frivillige har trukket sit samtykke tilbage."))
    card_revoke(volunteer=volunteer)
    card = VolunteerCard(
        volunteer=volunteer,
        token=secrets.token_urlsafe(CARD_TOKEN_BYTES),
        issued_on=today,
        valid_until=valid_until,
        issued_by=issued_by,
    )
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def card_revoke(*, volunteer: Volunteer) -> bool:
    """The volunteer's card stops being valid (lost, or no longer theirs to show). False if
    they had no unrevoked card. Saved row by row (one at most), so the history records it."""
    cards = VolunteerCard.objects.select_for_update().filter(
        volunteer=volunteer, revoked_at__isnull=True
    )
    revoked = False
    for card in cards:
        card.revoked_at = timezone.now()
        card.save(update_fields=["revoked_at"])
        revoked = True
    return revoked


# Volunteer parties, invitations and events' helpers


@transaction.atomic
def event_invite(
    *, event: Event, volunteers: Iterable[Volunteer], invited_on: datetime.date
) -> int:
    """Invites volunteers to an event (a volunteer party is an event of the events app).
    A volunteer already linked without an invitation gets one; one already invited keeps
    the first date. Returns how many were invited now."""
    volunteers = list(volunteers)
    if not volunteers:
        raise ValidationError({"volunteers": _("Vælg mindst én frivillig.")})
    if any(volunteer.programme_id != event.programme_id for volunteer in volunteers):
        raise ValidationError(
            {"volunteers": _("De frivillige skal høre til arrangementets indsats.")}
        )
    linked = {
        part.volunteer_id: part
        for part in EventVolunteer.objects.select_for_update().filter(
            event=event, volunteer__in=volunteers
        )
    }
    invited = 0
    for volunteer in volunteers:
        part = linked.get(volunteer.pk) or EventVolunteer(event=event, volunteer=volunteer)
        if part.invited_on is not None:
            continue
        part.invited_on = invited_on
        part.full_clean()
        part.save()
        invited += 1
    return invited


@dataclass(frozen=True)
class Attendance:
    """Whether a volunteer came to an event and helped at it."""

    presence: Presence
    helped: bool


@transaction.atomic
def event_attendance_save(
    *,
    event: Event,
    marks: Mapping[int, Attendance],
    now: datetime.datetime | None = None,
) -> int:
    """Marks who of the event's volunteers (by volunteer id) came and who helped, in one
    transaction; a helper who was left unknown was there. Only changed rows are saved, row
    by row so the history records each. Returns how many changed; nothing is saved if one
    mark is refused, and the errors name the volunteer (``attendance_field``)."""
    now = now or timezone.now()
    parts = {
        part.volunteer_id: part
        for part in EventVolunteer.objects.select_for_update()
        .filter(event=event, volunteer_id__in=list(marks))
        .select_related("volunteer")
    }
    if set(marks) - set(parts):
        raise ValidationError(_("Listen er ændret, mens du skrev. Hent den igen."))
    errors: dict[str, str] = {}
    changed = []
    for volunteer_id, mark in marks.items():
        part = parts[volunteer_id]
        presence = (
            Presence.PRESENT if mark.helped and mark.presence == Presence.UNKNOWN else mark.presence
        )
        if mark.helped and presence == Presence.ABSENT:
            errors[attendance_field(volunteer_id)] = _(
                "%(name)s kan ikke have hjulpet uden at være kommet."
            ) % {"name": part.volunteer.name}
        elif presence != Presence.UNKNOWN and event.starts_at > now:
            errors[attendance_field(volunteer_id)] = _(
                "Fremmøde kan først registreres, når arrangementet er begyndt (%(name)s)."
            ) % {"name": part.volunteer.name}
        elif (part.presence, part.helped) != (presence, mark.helped):
            part.presence = presence
            part.helped = mark.helped
            changed.append(part)
    if errors:
        raise ValidationError(errors)
    for part in changed:
        part.full_clean()
        part.save(update_fields=["presence", "helped"])
    return len(changed)


def attendance_field(volunteer_id: int) -> str:
    """The name of a volunteer's row in the attendance form, and of its errors."""
    return f"v{volunteer_id}"


@transaction.atomic
def event_helper_figure_set(*, event: Event) -> Event:
    """Sets the event's own figure of resident volunteers who helped
    (``Event.resident_volunteers``) to the registered helpers who live in one of its
    estates, through the events app's service, which keeps every other detail."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    linked = queries.event_volunteer_counts(event).resident_helpers
    if event.resident_volunteers == linked:
        raise ValidationError(_("Arrangementets tal svarer allerede til de knyttede hjælpere."))
    return event_services.event_update(
        event=event,
        type=event.type,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        estates=event.estates.all(),
        venue=event.venue,
        organiser=Organiser(event.organiser),
        organiser_name=event.organiser_name,
        partners=event.partners.all(),
        target_groups=event.target_groups.all(),
        status=EventStatus(event.status),
        participants_residents=event.participants_residents,
        participants_non_residents=event.participants_non_residents,
        resident_volunteers=linked,
        notes=event.notes,
    )


# The certificate --------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """Who signs a certificate, as printed on it."""

    name: str
    role: SignerRole


def certificate_signer(*, programme: Programme) -> Signer:
    """The signer the programme's rules name, who must still be its secretariat head; with
    none named, the programme's only secretariat head. Refused otherwise: a certificate is
    never signed by someone who may not sign it."""
    policy = queries.certificate_policy(programme)
    heads = queries.secretariat_heads(programme)
    if policy.signer_id is not None:
        signer = heads.filter(pk=policy.signer_id).first()
        if signer is None:
            raise ValidationError(
                _(
                    "Underskriveren i reglerne for frivilligbeviser er ikke længere "
                    "sekretariatsleder i indsatsen. Vælg en anden underskriver."
                )
            )
    else:
        found = list(heads[:2])
        if not found:
            raise ValidationError(
                _("Indsatsen har ingen sekretariatsleder til at underskrive frivilligbeviset.")
            )
        if len(found) > 1:
            raise ValidationError(
                _(
                    "Indsatsen har flere sekretariatsledere. Vælg i reglerne for "
                    "frivilligbeviser, hvem der underskriver."
                )
            )
        signer = found[0]
    name = signer.get_full_name().strip()
    if not name:
        raise ValidationError(
            _("Underskriveren (%(user)s) har intet navn i sin brugerprofil.")
            % {"user": signer.get_username()}
        )
    return Signer(name=name, role=SignerRole.SECRETARIAT_HEAD)


def certificate_rules_set(
    *,
    programme: Programme,
    minimum_hours: Decimal,
    signer: User | None,
    changed_by: User,
) -> CertificatePolicy:
    """Sets how many hours a certificate requires and who signs (None: the programme's only
    secretariat head)."""
    errors: dict[str, str] = {}
    if minimum_hours <= 0:
        errors["minimum_hours"] = _("Skriv et antal timer over 0.")
    if (
        signer is not None
        and not queries.secretariat_heads(programme).filter(pk=signer.pk).exists()
    ):
        errors["signer"] = _("Underskriveren skal være sekretariatsleder i indsatsen.")
    if errors:
        raise ValidationError(errors)
    rules = {"minimum_hours": minimum_hours, "signer": signer, "changed_by": changed_by}
    # Checked as the model checks it, but for the programme's one row, which may exist.
    CertificatePolicy(programme=programme, **rules).full_clean(validate_unique=False)
    with transaction.atomic():
        # Set, not read and then saved: two first saves at once both end in the one row
        # (update_or_create takes it again when the other save created it first), never in
        # an IntegrityError on the programme's unique rules.
        policy, _created = CertificatePolicy.objects.update_or_create(
            programme=programme, defaults=rules
        )
    return policy


@transaction.atomic
def certificate_issue(
    *, volunteer: Volunteer, competences: str, issued_by: User
) -> VolunteerCertificate:
    """Issues a certificate for the hours the volunteer has given: a snapshot of their
    total, period and tasks today, signed as the programme's rules say. Refused under the
    programme's minimum of hours."""
    if volunteer.consent.is_withdrawn:
        raise ValidationError(_("Den frivillige har trukket sit samtykke tilbage."))
    if not competences.strip():
        raise ValidationError({"competences": _("Skriv de kompetencer, den frivillige har brugt.")})
    # The volunteer's row locked: two certificates issued at once see the same hours.
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    found = queries.certificate_hours(volunteer)
    minimum = queries.certificate_policy(volunteer.programme).minimum_hours
    if found.first_day is None or found.last_day is None or found.total < minimum:
        raise ValidationError(
            _("%(name)s har %(hours)s timer; et frivilligbevis kræver mindst %(minimum)s timer.")
            % {
                "name": volunteer.name,
                "hours": format_number(float(found.total)),
                "minimum": format_number(float(minimum)),
            }
        )
    signer = certificate_signer(programme=volunteer.programme)
    certificate = VolunteerCertificate(
        volunteer=volunteer,
        issued_on=timezone.localdate(),
        issued_by=issued_by,
        signer_name=signer.name,
        signer_role=signer.role,
        period_start=found.first_day,
        period_end=found.last_day,
        total_hours=found.total,
        competences=competences.strip(),
    )
    certificate.full_clean()
    certificate.save()
    # Row by row (a handful), so that the history records each line.
    for position, task in enumerate(found.tasks, start=1):
        line = CertificateTask(
            certificate=certificate, position=position, name=task.name, hours=task.hours
        )
        line.full_clean()
        line.save()
    return certificate


# The personal link ------------------------------------------------------------------------

# How far back a volunteer may write their own hours: the link is for the week's hours as
# they are given, not for back-filling hours toward a certificate; older hours are written
# (and vouched for) by the programme's staff.
OWN_HOURS_DAYS_BACK = 31
# What the history of a volunteer's record says of a change they made themselves.
CHANGED_BY_VOLUNTEER = "den frivillige selv, via personligt link"


@dataclass(frozen=True)
class IssuedLink:
    """A new link and its token, which exists only here: the database keeps no token."""

    link: PersonalLink
    token: str


@transaction.atomic
def personal_link_issue(
    *, volunteer: Volunteer, issued_by: User, now: datetime.datetime | None = None
) -> IssuedLink:
    """A new personal link for the volunteer, valid through the local day
    ``settings.PERSONAL_LINK_DAYS`` days ahead (the day the mail names); the links they had
    stop working."""
    now = now or timezone.now()
    # The volunteer's row locked first: two issues at once take turns, the second revoking
    # the first's link, instead of both creating an unrevoked link (a unique constraint).
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.consent.is_withdrawn:
        raise ValidationError(_("Den frivillige har trukket sit samtykke tilbage."))
    personal_link_revoke(volunteer=volunteer, now=now)
    last_day = timezone.localdate(now) + datetime.timedelta(days=settings.PERSONAL_LINK_DAYS)
    link = PersonalLink(
        volunteer=volunteer,
        created_at=now,
        created_by=issued_by,
        expires_at=timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max)),
    )
    link.full_clean()
    link.save()
    nonce = link_tokens.new_nonce()
    key = PersonalLinkKey(link=link, nonce_hash=link_tokens.nonce_hash(nonce))
    key.full_clean()
    key.save()
    return IssuedLink(link=link, token=link_tokens.token(link.pk, nonce))


@transaction.atomic
def personal_link_revoke(*, volunteer: Volunteer, now: datetime.datetime | None = None) -> bool:
    """The volunteer's link stops working. False if they had none unrevoked. Saved row by
    row (one at most), so the history records it."""
    revoked = False
    for link in PersonalLink.objects.select_for_update().filter(
        volunteer=volunteer, revoked_at__isnull=True
    ):
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
        revoked = True
    return revoked


def personal_link_used(*, link: PersonalLink, now: datetime.datetime | None = None) -> None:
    """Notes when the link was last opened (an update, so a visit writes no history row)."""
    PersonalLink.objects.filter(pk=link.pk).update(last_used_at=now or timezone.now())


def personal_link_mail(*, link: PersonalLink, url: str) -> None:
    """Sends the link (``url``, its address with the token) to the volunteer's e-mail: plain
    text in Danish, no tracking."""
    volunteer = link.volunteer
    if not volunteer.email:
        raise ValidationError(_("Den frivillige har ingen e-mailadresse."))
    with translation.override("da"):
        subject = _("Dit personlige link som frivillig i %(programme)s") % {
            "programme": volunteer.programme.name
        }
        body = render_to_string(
            "volunteers/personal_link_mail.txt",
            {
                "volunteer": volunteer,
                "url": url,
                "expires": formats.date_format(
                    timezone.localtime(link.expires_at), "SHORT_DATE_FORMAT"
                ),
            },
        )
    send_mail(subject, body, None, [volunteer.email])


def volunteer_hours_log(
    *,
    volunteer: Volunteer,
    task: Task,
    day: datetime.date,
    hours: Decimal,
    today: datetime.date | None = None,
) -> HourEntry:
    """The volunteer's own hours on a task they are on, within the week's sheet's limits (no
    future day, none outside the task or the volunteer's own period, at most a day's hours
    across their tasks) and at most ``OWN_HOURS_DAYS_BACK`` days back. The entry
    of the task, volunteer and day is set, not added to (its unique constraint): a repeated
    POST writes the same hours again, never twice, and a second entry for a day corrects the
    first."""
    today = today or timezone.localdate()
    if not Assignment.objects.filter(task=task, volunteer=volunteer).exists():
        raise ValidationError({"task": _("Du er ikke på den opgave.")})
    if day < today - datetime.timedelta(days=OWN_HOURS_DAYS_BACK):
        raise ValidationError(
            {"day": _("Timer for mere end 31 dage siden skriver helhedsplanens medarbejdere.")}
        )
    with transaction.atomic():
        # The volunteer's row locked: two entries at once see each other's hours in the sum.
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        elsewhere = (
            HourEntry.objects.filter(volunteer=volunteer, day=day)
            .exclude(task=task)
            .aggregate(total=Sum("hours"))["total"]
        )
        message = _cell_error(task, locked, day, hours, elsewhere, today)
        if message is not None:
            raise ValidationError(message)
        entry, _created = HourEntry.objects.update_or_create(
            task=task,
            volunteer=volunteer,
            day=day,
            defaults={
                "hours": hours,
                "logged_by": None,
                "logged_by_volunteer": True,
                "logged_at": timezone.now(),
            },
        )
    return entry


def volunteer_contact_update(*, volunteer: Volunteer, phone: str, email: str) -> Volunteer:
    """The volunteer corrects their phone and e-mail (at least one); the record's history says
    they did it themselves."""
    phone, email = phone.strip(), email.strip()
    if not phone and not email:
        raise ValidationError(
            {"phone": _("Skriv et telefonnummer eller en e-mailadresse (eller begge).")}
        )
    volunteer.phone = phone
    volunteer.email = email
    with transaction.atomic():
        volunteer.full_clean()
        volunteer.save()
        update_change_reason(volunteer, CHANGED_BY_VOLUNTEER)
    return volunteer


@transaction.atomic
def volunteer_withdraw_own_consent(*, volunteer: Volunteer) -> Consent:
    """The volunteer withdraws their consent through their link, as their own act (nobody
    recorded it for them): the privacy lifecycle erases them after its grace period, and the
    link stops working now."""
    consent = privacy_services.consent_withdraw(person=volunteer, withdrawn_by=None)
    personal_link_revoke(volunteer=volunteer)
    return consent
