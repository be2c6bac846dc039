"""Reads of the privacy lifecycle: the consent text in force, a register's retention, the
review list, a person's data for export, and what was erased."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import User
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.privacy.models import Consent, ConsentText, ErasureRun, RetentionSetting
from helhedsplan.privacy.registry import PersonalRegister
from helhedsplan.programmes.models import Programme


def consent_text_in_force(*, programme: Programme, register: str) -> ConsentText | None:
    return (
        ConsentText.objects.filter(programme=programme, register=register)
        .order_by("-version")
        .first()
    )


def consent_texts(*, programme: Programme, register: str) -> QuerySet[ConsentText]:
    return ConsentText.objects.filter(programme=programme, register=register).order_by("-version")


def retention_months(*, programme: Programme, personal_register: PersonalRegister) -> int:
    chosen = (
        RetentionSetting.objects.filter(programme=programme, register=personal_register.key)
        .values_list("months", flat=True)
        .first()
    )
    return personal_register.retention_months if chosen is None else chosen


def consents_of(person: Any, personal_register: PersonalRegister) -> QuerySet[Consent]:
    """Every consent the person gave, the current one and those it renewed, newest first."""
    return Consent.objects.filter(register=personal_register.key, person_id=person.pk)


@dataclass(frozen=True)
class Due:
    person: Any
    last_activity: datetime.date
    withdrawn: bool
    # When the scheduled job erases the person unless their consent is renewed first.
    erase_on: datetime.date


def _with_last_activity(
    people: QuerySet[Any], personal_register: PersonalRegister
) -> QuerySet[Any]:
    return people.annotate(last_activity=personal_register.last_activity())


def due_for_review(
    *,
    people: QuerySet[Any],
    programme: Programme,
    personal_register: PersonalRegister,
    today: datetime.date | None = None,
) -> list[Due]:
    """The people (of ``people``, those a user may review) whose last activity is older than
    the retention period or whose consent is withdrawn, the soonest erased first."""
    today = today or timezone.localdate()
    months = retention_months(programme=programme, personal_register=personal_register)
    cutoff = today - relativedelta(months=months)
    grace = datetime.timedelta(days=personal_register.grace_days)
    found = (
        _with_last_activity(people, personal_register)
        .filter(Q(last_activity__lt=cutoff) | Q(consent__withdrawn_at__isnull=False))
        .select_related("consent", "estate")
    )
    rows = []
    for person in found:
        withdrawn_at = person.consent.withdrawn_at
        if withdrawn_at is not None:
            erase_on = timezone.localdate(withdrawn_at) + grace
        else:
            erase_on = person.last_activity + relativedelta(months=months) + grace
        rows.append(
            Due(
                person=person,
                last_activity=person.last_activity,
                withdrawn=withdrawn_at is not None,
                erase_on=erase_on,
            )
        )
    return sorted(rows, key=lambda due: (due.erase_on, due.person.pk))


def last_activity_of(person: Any, personal_register: PersonalRegister) -> datetime.date:
    return (
        _with_last_activity(type(person)._default_manager.filter(pk=person.pk), personal_register)
        .values_list("last_activity", flat=True)
        .get()
    )


def erase_cutoffs(
    *, programme: Programme, personal_register: PersonalRegister, now: datetime.datetime
) -> tuple[datetime.date, datetime.datetime]:
    """The last activity before which a person is erased, and the withdrawal before which."""
    months = retention_months(programme=programme, personal_register=personal_register)
    grace = datetime.timedelta(days=personal_register.grace_days)
    today = timezone.localdate(now)
    return today - relativedelta(months=months) - grace, now - grace


def due_for_erasure(
    *, programme: Programme, personal_register: PersonalRegister, now: datetime.datetime
) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The people the scheduled job erases: (after a withdrawal, after the retention)."""
    last_activity_cutoff, withdrawal_cutoff = erase_cutoffs(
        programme=programme, personal_register=personal_register, now=now
    )
    people = personal_register.model._default_manager.filter(programme=programme)
    withdrawn = people.filter(consent__withdrawn_at__lt=withdrawal_cutoff)
    expired = _with_last_activity(people, personal_register).filter(
        last_activity__lt=last_activity_cutoff, consent__withdrawn_at__isnull=True
    )
    return withdrawn, expired


def recent_runs(*, programme: Programme, limit: int = 10) -> QuerySet[ErasureRun]:
    return ErasureRun.objects.filter(programme=programme)[:limit]


# Export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    name: str
    label: str
    value: Any

    @property
    def shown(self) -> str:
        """The value as the PDF writes it."""
        if self.value is None or self.value == []:
            return "–"
        if isinstance(self.value, bool):
            return _("Ja") if self.value else _("Nej")
        if isinstance(self.value, list):
            return ", ".join(self.value)
        return str(self.value)


def _value(obj: Model, field: Any) -> Any:
    value = getattr(obj, field.name)
    if value is None:
        return None
    if isinstance(value, User):
        # Who recorded or logged something, as a person reads it: never the login name,
        # which is no part of the person's data and may be an address.
        return value.get_full_name() or _("en medarbejder")
    if field.is_relation:
        return str(value)
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def items_of(obj: Model, *, leave_out: frozenset[str] = frozenset()) -> list[Item]:
    """Every field of a row (its many-to-many links as their names), for export."""
    items = [
        Item(field.name, str(field.verbose_name), _value(obj, field))
        for field in obj._meta.concrete_fields
        if field.name not in leave_out
    ]
    for field in obj._meta.many_to_many:
        names = [str(linked) for linked in getattr(obj, field.name).all()]
        items.append(Item(field.name, str(field.verbose_name), names))
    return items


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[list[Item]]


def personal_data(person: Any, personal_register: PersonalRegister) -> list[Section]:
    """Everything the register holds about the person: the record, its related rows, the rows
    kept from it, and the consents with their texts."""
    sections = [
        Section(str(personal_register.name), [items_of(person, leave_out=frozenset({"consent"}))])
    ]
    for rows in [*personal_register.related(person), *personal_register.kept(person)]:
        sections.append(
            Section(str(rows.model._meta.verbose_name_plural), [items_of(row) for row in rows])
        )
    consents = []
    for consent in consents_of(person, personal_register).select_related("text"):
        items = items_of(consent, leave_out=frozenset({"register", "person_id", "text"}))
        items[0:0] = [
            Item("text_version", "version", consent.text.version),
            Item(
                "purpose",
                str(ConsentText._meta.get_field("purpose").verbose_name),
                consent.text.purpose,
            ),
            Item("text", str(ConsentText._meta.get_field("text").verbose_name), consent.text.text),
        ]
        consents.append(items)
    sections.append(Section(str(Consent._meta.verbose_name_plural), consents))
    return sections


def personal_data_json(person: Any, personal_register: PersonalRegister) -> dict[str, Any]:
    sections = personal_data(person, personal_register)
    record, *related, consents = sections
    return {
        "register": personal_register.key,
        "record": {item.name: item.value for item in record.rows[0]},
        "related": {
            section.title: [{item.name: item.value for item in row} for row in section.rows]
            for section in related
        },
        "consents": [{item.name: item.value for item in row} for row in consents.rows],
    }
