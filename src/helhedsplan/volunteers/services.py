"""Every change of the volunteer register. Consent, withdrawal and erasure go through the
privacy lifecycle (``privacy.services``)."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from helhedsplan.agreements.models import Activity
from helhedsplan.events.models import Event
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, Erasure, ErasureReason
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import (
    MOST_HOURS_A_DAY,
    Assignment,
    HourEntry,
    Interest,
    Kind,
    Task,
    Volunteer,
    VolunteerCard,
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
    cell: Cell,
    hours: Decimal,
    elsewhere: Decimal | None,
    today: datetime.date,
) -> str | None:
    """Why a cell's new hours are refused, or None."""
    if not 0 < hours <= MOST_HOURS_A_DAY or hours != hours.quantize(Decimal("0.01")):
        return _("Skriv mellem 0,01 og %(most)s timer.") % {"most": MOST_HOURS_A_DAY}
    if cell.day > today:
        return _("Timer kan ikke registreres for en dag, der ikke er kommet.")
    if cell.day < task.started_on or (task.ended_on is not None and cell.day > task.ended_on):
        return _("Opgaven kørte ikke den dag.")
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
    shown = {volunteer.pk for volunteer in volunteers}
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
            and (message := _cell_error(task, cell, hours, elsewhere.get(cell), today))
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
