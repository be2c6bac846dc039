"""Every change of the volunteer register. Consent, withdrawal and erasure go through the
privacy lifecycle (``privacy.services``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, Erasure, ErasureReason
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import Interest, Kind, Volunteer
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
