"""The models whose history the audit trail shows, and how to scope each to programmes.

Each app registers its audited models in its ``AppConfig.ready``; history itself is kept by
django-simple-history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

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
    def scope(records: QuerySet, programme_ids: set[int]) -> QuerySet:
        return records.filter(**{f"{field}__in": programme_ids})

    return scope


def audited_models() -> list[AuditedModel]:
    return sorted(_registry.values(), key=lambda entry: entry.name)
