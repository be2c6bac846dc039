"""An indicator's definition as plain data: to compare two of them and to fingerprint one.

A closed year's snapshot keeps the fingerprint of the definition it was judged under, so a
later restatement can tell a changed definition from changed registrations; the demo compares
its catalogue with what a data directory holds to bring an older demo up to date. Both need
the same notion of "the same definition": the fields that decide a figure, the targets and
the baselines, with numbers compared by value (``59.200`` is ``59.2``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from helhedsplan.indicators.models import Indicator

# The fields of an indicator's definition, as the forms and the demo pass them.
DEFINITION_FIELDS = (
    "code",
    "name",
    "kind",
    "source",
    "source_filter",
    "denominator_source",
    "denominator_filter",
    "denominator_series",
    "series_code",
    "period",
    "per_area",
    "comparator",
    "direction",
    "unit",
    "reference",
    "change_value",
    "change_unit",
)
# What an indicator is called changes no figure, so it is left out of the fingerprint.
NAMING_FIELDS = {"code", "name"}

# (estate id or None, year or None, value, guide)
Target = tuple[int | None, int | None, Decimal, bool]
# (estate id or None, year, value or None)
Baseline = tuple[int | None, int, Decimal | None]


def complete(fields: dict[str, Any]) -> dict[str, Any]:
    """Every field of a definition: those not given have the model's default."""
    return {name: fields[name] if name in fields else _default(name) for name in DEFINITION_FIELDS}


def _default(name: str) -> Any:
    """What an indicator created without the field holds in it."""
    found = Indicator._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found.get_default()


def _plain(value: Any) -> str:
    """A field's value as comparable text: numbers by value, filters with sorted keys."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Definition:
    fields: tuple[tuple[str, str], ...]
    targets: frozenset[Target]
    baselines: frozenset[Baseline]

    @classmethod
    def of(
        cls, fields: dict[str, Any], targets: Iterable[Target], baselines: Iterable[Baseline]
    ) -> Definition:
        """A definition from its fields (a missing one has the model's default), targets and
        baselines."""
        plain = tuple((name, _plain(value)) for name, value in complete(fields).items())
        return cls(plain, frozenset(targets), frozenset(baselines))

    def fingerprint(self) -> str:
        """The same for every definition that gives the same figures."""
        decisive = [(name, text) for name, text in self.fields if name not in NAMING_FIELDS]
        data = {
            "fields": decisive,
            "targets": sorted(
                (estate or 0, year or 0, _plain(value), guide)
                for estate, year, value, guide in self.targets
            ),
            "baselines": sorted(
                (estate or 0, year, "" if value is None else _plain(value))
                for estate, year, value in self.baselines
            ),
        }
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()

    def changes(self, other: Definition) -> list[str]:
        """The names of what differs from ``other``: fields, "targets", "baselines"."""
        theirs = dict(other.fields)
        found = [name for name, text in self.fields if theirs.get(name) != text]
        if self.targets != other.targets:
            found.append("targets")
        if self.baselines != other.baselines:
            found.append("baselines")
        return found


def definition_of(indicator: Indicator) -> Definition:
    """The indicator's definition; its targets and baselines are read as prefetched."""
    return Definition.of(
        {name: getattr(indicator, name) for name in DEFINITION_FIELDS},
        ((t.estate_id, t.year, t.value, t.guide) for t in indicator.targets.all()),
        ((b.estate_id, b.year, b.value) for b in indicator.baselines.all()),
    )
