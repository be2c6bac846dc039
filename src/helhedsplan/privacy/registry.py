"""The personal registers: every register of named people declares itself here, in its
app's ``AppConfig.ready``, and the lifecycle (consent, review, export, erasure, the scheduled
job) works on any of them through what it declares.

A register's person model must have ``programme`` (a foreign key to the programme), a
nullable ``estate`` (or none: a person who is not a resident), and ``consent``, a non-null
foreign key to the person's current ``privacy.Consent``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Func, Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise

from helhedsplan.accounts.permissions import Action


@dataclass(frozen=True)
class PersonalRegister:
    key: str
    name: str | Promise
    model: type[Model]
    # Months after the last activity before a person is due for review; a programme's
    # secretariat head may choose another number (``RetentionSetting``).
    retention_months: int
    # Days past the review date (or a withdrawal) before the scheduled job erases.
    grace_days: int
    # An expression on ``model`` for the date of the person's last activity: the database
    # annotates it, so the review list and the job select without reading every person.
    last_activity: Callable[[], Func]
    # What belongs to a person besides their record, for export and erasure: querysets of
    # related rows, erased before the record.
    related: Callable[[Any], list[QuerySet]]
    # The person's files in the storage (besides consent scans), deleted with them.
    files: Callable[[Any], list[FieldFile]]
    # Who keeps the register (sees, registers and exports a person of their estates).
    keep_action: Action
    # The URL name of the register's list (taking the programme's ``slug``), where a person's
    # page leads back to, also after an erasure.
    list_url_name: str
    # The field of the person's birth year, for the guardian's consent under 15.
    birth_year_field: str | None = None
    # Rows that are the person's doing but not theirs to take along (a grant application
    # belongs to the pool's accounts): in the person's export, and kept at erasure, where
    # their link to the person is cleared (a nullable foreign key with ``SET_NULL``).
    kept: Callable[[Any], list[QuerySet]] = lambda person: []


_registers: dict[str, PersonalRegister] = {}


def register(personal_register: PersonalRegister) -> None:
    known = _registers.get(personal_register.key)
    if known is not None and known.model is not personal_register.model:
        raise ImproperlyConfigured(f"Two personal registers are named {personal_register.key!r}.")
    _registers[personal_register.key] = personal_register


def get(key: str) -> PersonalRegister | None:
    return _registers.get(key)


def for_model(model: type[Model]) -> PersonalRegister:
    for personal_register in _registers.values():
        if personal_register.model is model:
            return personal_register
    raise ImproperlyConfigured(f"{model.__name__} is not a personal register.")


def registers() -> list[PersonalRegister]:
    return sorted(_registers.values(), key=lambda personal_register: personal_register.key)
