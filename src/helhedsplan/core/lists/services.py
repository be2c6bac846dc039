"""State changes of every managed list: create, rename, retire, restore, move, ensure, and
the starting entries of an empty list.

Every function validates before it writes and raises ``ValidationError`` keyed by field, so
a form shows each message next to the field it concerns. A name is normalised the same way
everywhere (``normalise_name``) and is unique within its list whatever its case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from helhedsplan.core.lists import registry
from helhedsplan.core.lists.models import Direction, ListEntry, ProgrammeListEntry

E = TypeVar("E", bound=ListEntry)


def normalise_name(name: str) -> str:
    """The name with every run of whitespace (tabs, line breaks, doubled spaces) made one
    space and none at either end."""
    return " ".join(name.split())


def _list_of(model: type[E], programme: Model | None) -> QuerySet[E]:
    """The entries of the list ``model`` and ``programme`` name."""
    scoped = issubclass(model, ProgrammeListEntry)
    if scoped != (programme is not None):
        raise ValueError(
            f"{model.__name__}: a programme is needed for a programme's list, and only there."
        )
    entries = model._default_manager.all()
    return entries.filter(programme=programme) if scoped else entries


def _same_list(entry: E) -> QuerySet[E]:
    entries = type(entry)._default_manager.all()
    if isinstance(entry, ProgrammeListEntry):
        return entries.filter(programme_id=entry.programme_id)
    return entries


def _named(entries: QuerySet[E], name: str) -> QuerySet[E]:
    # The same expression as the models' unique constraint, so that what is found here is
    # exactly what the database would refuse.
    return entries.alias(folded=Lower("name")).filter(folded=Lower(Value(name)))


def _set_details(entry: ListEntry, details: Mapping[str, Any], allowed: list[str]) -> None:
    unknown = set(details) - set(allowed)
    if unknown:
        raise ValueError(f"{type(entry).__name__} does not take {sorted(unknown)} here.")
    for name, value in details.items():
        setattr(entry, name, value)


def _save(entry: E) -> E:
    entry.name = normalise_name(entry.name)
    if not entry.name:
        raise ValidationError({"name": _("Skriv et navn.")})
    clash = _named(_same_list(entry), entry.name).exclude(pk=entry.pk).first()
    if clash is not None:
        raise ValidationError({"name": _("Listen har allerede »%(name)s«.") % {"name": clash.name}})
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def list_entry_create(
    *,
    model: type[E],
    name: str,
    programme: Model | None = None,
    details: Mapping[str, Any] | None = None,
) -> E:
    """Add an entry at the end of its list. ``programme`` is required for a programme's
    list and refused for a global one; ``details`` are the model's own fields that the
    list's form sets (an event type's code, an outlet's kind)."""
    entries = _list_of(model, programme)
    last = entries.aggregate(last=Max("position"))["last"]
    scope = {"programme": programme} if programme is not None else {}
    entry = model(name=name, position=(last or 0) + 1, **scope)
    _set_details(entry, details or {}, registry.for_model(model).form.detail_names())
    return _save(entry)


@transaction.atomic
def list_entry_ensure(
    *,
    model: type[E],
    name: str,
    programme: Model | None = None,
    details: Mapping[str, Any] | None = None,
) -> E:
    """The entry called ``name`` (in any case and spacing), created with ``details`` if the
    list has none. For imports and the demo: an entry found is returned as it is, neither
    renamed, restored nor changed."""
    found = _named(_list_of(model, programme), normalise_name(name)).first()
    if found is not None:
        return found
    return list_entry_create(model=model, name=name, programme=programme, details=details)


@transaction.atomic
def list_entries_start(*, model: type[ListEntry], programme: Model | None = None) -> None:
    """Give a list that has no entries yet the starting entries registered for it, in order.
    A list someone has begun is left as they made it."""
    starter = registry.for_model(model).starter
    if not starter or _list_of(model, programme).exists():
        return
    for name in starter:
        list_entry_create(model=model, name=name, programme=programme)


@transaction.atomic
def list_entry_rename(*, entry: E, name: str, details: Mapping[str, Any] | None = None) -> E:
    """Rename an entry and change those of its own fields that may change (an outlet's
    kind). Everything that uses it shows the new name, also what was registered before."""
    entry.name = name
    _set_details(
        entry, details or {}, registry.for_model(type(entry)).form.detail_names(changeable=True)
    )
    return _save(entry)


@transaction.atomic
def list_entry_retire(*, entry: E) -> E:
    """Take an entry out of use: it is no longer offered for new registrations, and what
    already uses it keeps it, so history and indicators are unchanged."""
    managed = registry.for_model(type(entry))
    if managed.locked(entry):
        raise ValidationError(str(managed.locked_reason) % {"name": entry.name})
    entry.active = False
    return _save(entry)


@transaction.atomic
def list_entry_restore(*, entry: E) -> E:
    """Bring a retired entry back into use."""
    entry.active = True
    return _save(entry)


@transaction.atomic
def list_entry_move(*, entry: E, direction: Direction) -> E:
    """Swap an entry with its neighbour above or below. The list is numbered 1, 2, 3, …
    afresh as it goes, so entries that share a position (made before positions were kept)
    still move; only entries whose position changes are saved."""
    entries = list(_same_list(entry).select_for_update().order_by("position", "name", "pk"))
    index = next(i for i, other in enumerate(entries) if other.pk == entry.pk)
    neighbour = index - 1 if direction == Direction.UP else index + 1
    if not 0 <= neighbour < len(entries):
        message = (
            _("»%(name)s« står allerede øverst.")
            if direction == Direction.UP
            else _("»%(name)s« står allerede nederst.")
        )
        raise ValidationError(message % {"name": entry.name})
    entries[index], entries[neighbour] = entries[neighbour], entries[index]
    for position, other in enumerate(entries, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    entry.position = neighbour + 1
    return entry
