"""Bringing a list made before the shared list machinery up to its rules, in a migration.

Before, names were stripped in one list and had their whitespace collapsed in another, were
unique per list only in their exact case (or not at all), and most lists had no positions.
``tidy_list`` runs in each list's data migration before the database's case-insensitive
uniqueness is switched on, so that the constraint never meets data it would refuse.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from helhedsplan.core.danish import sort_key
from helhedsplan.core.lists.models import NAME_MAX_LENGTH
from helhedsplan.core.lists.services import normalise_name


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``, … if the list already has it in some case."""
    candidate, number = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = name[: NAME_MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


def tidy_list(apps: Any, app_label: str, model_name: str) -> None:
    """Collapse whitespace in every name of the list, give names that now clash in some case
    a number (nothing is merged or lost), and number each list 1, 2, 3, … in the order it
    was shown: by the position it had, then in Danish alphabetical order."""
    model = apps.get_model(app_label, model_name)
    scoped = any(field.name == "programme" for field in model._meta.concrete_fields)
    lists: dict[int | None, list[Any]] = defaultdict(list)
    for entry in model.objects.all():
        lists[entry.programme_id if scoped else None].append(entry)
    for entries in lists.values():
        entries.sort(key=lambda e: (e.position, sort_key(normalise_name(e.name)), e.pk))
        taken: set[str] = set()
        for position, entry in enumerate(entries, start=1):
            name = _unique(normalise_name(entry.name), taken)
            taken.add(name.casefold())
            if (entry.name, entry.position) != (name, position):
                entry.name, entry.position = name, position
                entry.save(update_fields=["name", "position"])
