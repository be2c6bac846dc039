"""The models whose history the audit trail shows, and how to scope each to programmes.

Each app registers its audited models in its ``AppConfig.ready``; history itself is kept by
django-simple-history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, Model, OuterRef, QuerySet

Scope = Callable[[QuerySet, set[int]], QuerySet]


@dataclass(frozen=True)
class AuditedModel:
    model: type[Model]
    # Narrows the model's historical records to those of the given programme ids.
    scope: Scope

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)


_registry: dict[str, AuditedModel] = {}


def register(model: type[Model], *, scope: Scope) -> None:
    _registry[model._meta.label_lower] = AuditedModel(model=model, scope=scope)


def by_programme_field(field: str) -> Scope:
    """Records whose ``field`` (a path such as ``"estate__programme"``) is one of the
    programmes.

    A path through a linked object is asked as EXISTS on that object, not as a join: the
    database then walks the history's date index from the newest record and stops when a page
    is full, where a join lets it gather every record of the programme and sort them all.
    """
    first, _, rest = field.partition("__")

    def scope(records: QuerySet, programme_ids: set[int]) -> QuerySet:
        if not rest:
            return records.filter(**{f"{field}__in": programme_ids})
        link = records.model._meta.get_field(first)
        linked = link.related_model._base_manager.filter(
            pk=OuterRef(link.attname), **{f"{rest}__in": programme_ids}
        )
        return records.filter(Exists(linked))

    return scope


def audited_models() -> list[AuditedModel]:
    return sorted(_registry.values(), key=lambda entry: entry.name)
