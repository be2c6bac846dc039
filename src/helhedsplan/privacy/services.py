"""Every change of the privacy lifecycle: consent texts, consents and their withdrawal,
retention, and erasure (by hand and by the scheduled job)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.audit.history import history_model
from helhedsplan.privacy import queries, registry
from helhedsplan.privacy.models import (
    Consent,
    ConsentMethod,
    ConsentText,
    Erasure,
    ErasureReason,
    ErasureRun,
    RetentionSetting,
)
from helhedsplan.privacy.registry import PersonalRegister
from helhedsplan.programmes.models import Programme

# A scan of a signed consent: a photo or a PDF of a page or two.
SCAN_MAX_BYTES = 10 * 1024 * 1024
# What a scan may be, told by its first bytes rather than by its name or the browser's word.
SCAN_SIGNATURES = {b"%PDF-": "PDF", b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
# Under 15 a guardian consents. A birth year cannot tell whether a person who turns 15 this
# year has had their birthday, so until the year they turn 16 the guardian is asked for.
GUARDIAN_UNTIL_AGE = 15


@dataclass(frozen=True)
class ConsentGiven:
    """How a person gave their consent, as a form reads it."""

    method: ConsentMethod
    given_on: datetime.date
    guardian_name: str = ""
    scan: UploadedFile | None = None


def consent_text_publish(
    *, programme: Programme, register: str, purpose: str, text: str, published_by: User
) -> ConsentText:
    """A new version of the register's consent text; the earlier versions stay for the
    consents given under them."""
    if registry.get(register) is None:
        raise ValidationError(_("Registret findes ikke."))
    with transaction.atomic():
        # Locks the programme's row, so two heads publishing at once number in turn.
        Programme.objects.select_for_update().get(pk=programme.pk)
        latest = ConsentText.objects.filter(programme=programme, register=register).aggregate(
            latest=Max("version")
        )["latest"]
        consent_text = ConsentText(
            programme=programme,
            register=register,
            version=(latest or 0) + 1,
            purpose=purpose.strip(),
            text=text.strip(),
            published_by=published_by,
        )
        consent_text.full_clean()
        consent_text.save()
    return consent_text


def _check_scan(scan: UploadedFile) -> None:
    if scan.size is None or scan.size > SCAN_MAX_BYTES:
        raise ValidationError(
            {"scan": _("Scanningen må højst fylde 10 MB.")}, code="scan_too_large"
        )
    scan.seek(0)
    head = scan.read(8)
    scan.seek(0)
    if not any(head.startswith(signature) for signature in SCAN_SIGNATURES):
        raise ValidationError(
            {"scan": _("Scanningen skal være en PDF, JPEG eller PNG.")}, code="scan_type"
        )


def _may_be_under_guardian_age(birth_year: int, on: datetime.date) -> bool:
    return on.year - birth_year <= GUARDIAN_UNTIL_AGE


def consent_record(
    *,
    personal_register: PersonalRegister,
    programme: Programme,
    given: ConsentGiven,
    recorded_by: User | None,
    birth_year: int | None,
    person_id: int | None = None,
) -> Consent:
    """A consent under the text in force. A new person's first consent is recorded before
    the person (who refers to it) and given its ``person_id`` by ``consent_attach``."""
    text = queries.consent_text_in_force(programme=programme, register=personal_register.key)
    if text is None:
        raise ValidationError(
            _(
                "Der er ingen samtykketekst for registret endnu. Sekretariatslederen skal "
                "offentliggøre den først."
            )
        )
    errors: dict[str, str] = {}
    if given.given_on > timezone.localdate():
        errors["given_on"] = _("Samtykket kan ikke være givet i fremtiden.")
    if given.scan is not None and given.method != ConsentMethod.PAPER:
        errors["scan"] = _("Kun et samtykke på papir kan have en scanning.")
    guardian = given.guardian_name.strip()
    if (
        not guardian
        and birth_year is not None
        and _may_be_under_guardian_age(birth_year, given.given_on)
    ):
        errors["guardian_name"] = _(
            "Personen kan være under 15 år: skriv navnet på forælderen eller værgen, der giver "
            "samtykke."
        )
    if errors:
        raise ValidationError(errors)
    if given.scan is not None:
        _check_scan(given.scan)
    consent = Consent(
        register=personal_register.key,
        person_id=person_id,
        text=text,
        method=given.method,
        given_on=given.given_on,
        guardian_name=guardian,
        recorded_by=recorded_by,
    )
    if given.scan is not None:
        consent.scan.save(given.scan.name or "scan", given.scan, save=False)
    consent.full_clean()
    consent.save()
    return consent


def consent_attach(*, consent: Consent, person: Model) -> None:
    """Names the person a consent recorded before them belongs to."""
    consent.person_id = person.pk
    consent.save(update_fields=["person_id"])


def consent_renew(*, person: Any, given: ConsentGiven, recorded_by: User) -> Consent:
    """A new consent under the text in force; the earlier ones stay until the person is
    erased. A renewal also clears a withdrawal and counts as activity."""
    personal_register = registry.for_model(type(person))
    birth_year = (
        getattr(person, personal_register.birth_year_field)
        if personal_register.birth_year_field
        else None
    )
    with transaction.atomic():
        consent = consent_record(
            personal_register=personal_register,
            programme=person.programme,
            given=given,
            recorded_by=recorded_by,
            birth_year=birth_year,
            person_id=person.pk,
        )
        person.consent = consent
        person.save()
    return consent


def consent_withdraw(
    *, person: Any, withdrawn_by: User | None, now: datetime.datetime | None = None
) -> Consent:
    """Records that the person withdrew their consent; the scheduled job erases them after
    the register's grace period unless they consent again. ``withdrawn_by`` is None when the
    person withdrew it themselves (the volunteers' personal link)."""
    consent = person.consent
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbage."))
    consent.withdrawn_at = now or timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.full_clean()
    consent.save()
    return consent


def retention_set(
    *, programme: Programme, personal_register: PersonalRegister, months: int, changed_by: User
) -> RetentionSetting:
    setting, _created = RetentionSetting.objects.get_or_create(
        programme=programme,
        register=personal_register.key,
        defaults={"months": months, "changed_by": changed_by},
    )
    setting.months = months
    setting.changed_by = changed_by
    setting.full_clean()
    setting.save()
    return setting


def _purge_history(model: type[Model], pks: list[Any]) -> None:
    """Deletes every history record of these rows, the one their deletion just wrote too."""
    if not pks:
        return
    history = history_model(model)
    history.objects.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()


def _delete_with_history(rows: Any) -> None:
    pks = list(rows.values_list("pk", flat=True))
    rows.model._default_manager.filter(pk__in=pks).delete()
    _purge_history(rows.model, pks)


def _purge_history_of_gone_rows(model: type[Model], person: Any) -> None:
    """Deletes the history records that point at the person from rows deleted before the
    erasure (an hour cleared on the week's sheet, a part in an event since deleted): the
    related rows no longer find them, yet they still tie a day or an event to the person."""
    history = history_model(model)
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is type(person):
            history.objects.filter(**{field.attname: person.pk}).delete()


def person_erase(*, person: Any, erased_by: User | None, reason: ErasureReason) -> Erasure:
    """Deletes the person for real, in one transaction: their record, its related rows, the
    history records of all of them, their consents with their history, and (once the
    transaction has committed) their files. What remains is an ``Erasure``: who, when, which
    register, why."""
    personal_register = registry.for_model(type(person))
    model = type(person)
    with transaction.atomic():
        person = model._default_manager.select_for_update().get(pk=person.pk)
        consents = queries.consents_of(person, personal_register)
        files = [consent.scan for consent in consents if consent.scan]
        files += [file for file in personal_register.files(person) if file]
        stored = [(file.storage, file.name) for file in files]
        for rows in personal_register.related(person):
            _delete_with_history(rows)
            _purge_history_of_gone_rows(rows.model, person)
        erasure = Erasure.objects.create(
            programme_id=person.programme_id,
            register=personal_register.key,
            reason=reason,
            erased_by=erased_by,
        )
        pk = person.pk
        person.delete()
        _purge_history(model, [pk])
        _delete_with_history(consents)

        def delete_files() -> None:
            for storage, name in stored:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return erasure


def erase_due(*, now: datetime.datetime | None = None) -> list[ErasureRun]:
    """The scheduled erasure: in every register and programme, the people whose consent was
    withdrawn longer ago than the grace period, and those whose last activity is older than
    the retention period and the grace period. One ``ErasureRun`` per programme and register
    says how many. Idempotent: a second run finds nobody left."""
    now = now or timezone.now()
    runs = []
    for personal_register in registry.registers():
        for programme in Programme.objects.order_by("pk"):
            withdrawn, expired = queries.due_for_erasure(
                programme=programme, personal_register=personal_register, now=now
            )
            counts = {ErasureReason.WITHDRAWAL: 0, ErasureReason.RETENTION: 0}
            for reason, people in (
                (ErasureReason.WITHDRAWAL, withdrawn),
                (ErasureReason.RETENTION, expired),
            ):
                for person in people.select_related("programme"):
                    person_erase(person=person, erased_by=None, reason=reason)
                    counts[reason] += 1
            runs.append(
                ErasureRun.objects.create(
                    programme=programme,
                    register=personal_register.key,
                    ran_at=now,
                    retention=counts[ErasureReason.RETENTION],
                    withdrawal=counts[ErasureReason.WITHDRAWAL],
                )
            )
    return runs
