"""How the audit trail says what changed: field labels, choice labels, the names of linked
objects, Danish dates and numbers, instead of field names, codes and ids.

The objects a page links to are loaded for the whole page at once (``Linked``): one query per
linked model, never one per row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError

from helhedsplan.audit.history import history_model
from helhedsplan.core.numbers import format_number

EMPTY = "–"
# Long texts (an agreement's sections, a note) are cut: the trail says that they changed.
TEXT_LENGTH = 120


def name_of(instance: models.Model) -> str:
    """The object's own name; its kind when the name needs an object that no longer exists."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return str(capfirst(instance._meta.verbose_name))


def target_of(field: models.Field | models.ManyToManyField) -> type[models.Model]:
    """The model a foreign key or many-to-many field links to; a link to ``"self"`` is
    resolved to its model when the apps load, before any page is read."""
    return cast(type[models.Model], field.related_model)


class Linked:
    """The objects a page of history points to, by model and primary key.

    Ask for every key first (``want``), then ``load`` once: each model is read in one query,
    with the objects its name needs joined. An object deleted since is named as its own
    history last recorded it.
    """

    def __init__(self) -> None:
        self._wanted: defaultdict[type[models.Model], set[Any]] = defaultdict(set)
        self._objects: dict[tuple[type[models.Model], Any], models.Model] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk is not None and (model, pk) not in self._objects:
            self._wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self._wanted.items():
            found: dict[Any, models.Model] = model._base_manager.select_related().in_bulk(pks)
            missing = pks - found.keys()
            if missing:
                found.update(_as_last_recorded(model, missing))
            self._objects.update(((model, pk), instance) for pk, instance in found.items())
        self._wanted.clear()

    def get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self._objects.get((model, pk))

    def name(self, model: type[models.Model], pk: Any) -> str:
        instance = self.get(model, pk)
        if instance is None:
            return _("%(kind)s nr. %(id)s (slettet)") % {
                "kind": capfirst(model._meta.verbose_name),
                "id": pk,
            }
        return name_of(instance)


def _as_last_recorded(model: type[models.Model], pks: set[Any]) -> dict[Any, models.Model]:
    try:
        history = history_model(model)._default_manager
    except NotHistoricalModelError:
        return {}
    key = model._meta.pk.attname
    last = (
        history.filter(**{key: OuterRef(key)})
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = history.filter(**{f"{key}__in": pks}, history_id=Subquery(last))
    return {getattr(record, key): record.history_object for record in records}


def field_label(field: models.Field | models.ManyToManyField) -> str:
    return str(capfirst(field.verbose_name))


def format_value(field: models.Field, value: Any, linked: Linked) -> str:
    """One value of a field as a person reads it: ``Afholdt``, ``Vapnagaard``, ``ja``,
    ``31.12.2021``, ``1.741``, ``59,9``."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return linked.name(target_of(field), value)
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.TimeField):
        return time_format(value, "TIME_FORMAT")
    if isinstance(field, models.PositiveSmallIntegerField):
        # Years, minutes and shares in per cent: written as they are, 2021 and not 2.021.
        return str(value)
    if isinstance(field, models.DecimalField):
        return format_number(value, most=field.decimal_places)
    if isinstance(field, models.IntegerField | models.FloatField):
        return format_number(value)
    if isinstance(field, models.JSONField):
        value = json.dumps(value, ensure_ascii=False)
    return Truncator(str(value)).chars(TEXT_LENGTH)


# Browsers and systems as people name them, in the order they are recognised: Edge and Opera
# announce themselves as Chrome too, and Chrome as Safari.
_BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]
DEVICE_LENGTH = 40


def device(user_agent: str) -> str:
    """A browser's user agent shortened to what a person recognises: ``Firefox · Windows``;
    an unknown one cut to its first 40 characters."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser or system:
        return " · ".join(part for part in (browser, system) if part)
    if not user_agent or user_agent == "<unknown>":
        return EMPTY
    return Truncator(user_agent).chars(DEVICE_LENGTH)
