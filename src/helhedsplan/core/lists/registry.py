"""The managed lists, each registered once by the app that owns its model.

An app registers its lists in its ``AppConfig.ready``::

    registry.register(slug="venues", model=Venue, example=_("Fx »Beboerhuset«."))

The slug names the list in its URL; the model decides the scope (see the package's
docstring); a form adds the model's own fields to the name (an event type's code, an
outlet's kind); ``locked`` names the entries that may never be retired, such as the event
types whose code the indicators count; ``starter`` is what a programme's empty list begins
with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.lists.forms import ListEntryForm
from helhedsplan.core.lists.models import ListEntry, ProgrammeListEntry


class Scope(Enum):
    GLOBAL = "global"
    PROGRAMME = "programme"


def _never(entry: ListEntry) -> bool:
    return False


LOCKED_REASON = _("»%(name)s« kan ikke tages ud af brug.")


@dataclass(frozen=True)
class ManagedList:
    slug: str
    model: type[ListEntry]
    # What a new entry might be called, shown under the name field.
    example: str | Promise
    # What a keeper should know about this list beyond what every list shares.
    description: str | Promise = ""
    form: type[ListEntryForm] = ListEntryForm
    locked: Callable[[ListEntry], bool] = field(default=_never)
    locked_reason: str | Promise = LOCKED_REASON
    # The names a programme's empty list starts with (the counselling's usual topics).
    starter: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        if issubclass(self.model, ProgrammeListEntry):
            return Scope.PROGRAMME
        return Scope.GLOBAL

    @property
    def is_global(self) -> bool:
        return self.scope is Scope.GLOBAL

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def group(self) -> str:
        """The area of the application the list belongs to, e.g. "Arrangementer"."""
        return str(self.model._meta.app_config.verbose_name)

    @property
    def programme_model(self) -> type[Model]:
        """The programme model (core refers to it only through the list's foreign key)."""
        if not issubclass(self.model, ProgrammeListEntry):
            raise ImproperlyConfigured(f"{self.slug} is not a programme's list")
        related = self.model._meta.get_field("programme").related_model
        if not isinstance(related, type):
            raise ImproperlyConfigured(f"{self.slug}: the programme model is not loaded")
        return related

    def entries(self, programme: Any) -> QuerySet[ListEntry]:
        """The entries of the list: the global list, or the one of ``programme`` (a
        programme, which core knows only through the lists' foreign keys)."""
        if issubclass(self.model, ProgrammeListEntry):
            return self.model._default_manager.filter(programme=programme)
        return self.model._default_manager.all()


_lists: dict[str, ManagedList] = {}


def register(
    *,
    slug: str,
    model: type[ListEntry],
    example: str | Promise,
    description: str | Promise = "",
    form: type[ListEntryForm] = ListEntryForm,
    locked: Callable[[ListEntry], bool] = _never,
    locked_reason: str | Promise = LOCKED_REASON,
    starter: tuple[str, ...] = (),
) -> ManagedList:
    managed = ManagedList(
        slug=slug,
        model=model,
        example=example,
        description=description,
        form=form,
        locked=locked,
        locked_reason=locked_reason,
        starter=starter,
    )
    known = _lists.get(slug)
    if known is not None and known.model is not model:
        raise ImproperlyConfigured(f"Two managed lists are registered as {slug!r}.")
    if any(other.model is model and other.slug != slug for other in _lists.values()):
        raise ImproperlyConfigured(f"{model.__name__} is registered under two slugs.")
    _lists[slug] = managed
    return managed


def get(slug: str) -> ManagedList | None:
    return _lists.get(slug)


def for_model(model: type[ListEntry]) -> ManagedList:
    for managed in _lists.values():
        if managed.model is model:
            return managed
    raise LookupError(f"{model.__name__} is not a registered managed list.")


def managed_lists(scope: Scope | None = None) -> list[ManagedList]:
    """The registered lists (of one scope), in the order the apps registered them."""
    return [managed for managed in _lists.values() if scope is None or managed.scope is scope]
