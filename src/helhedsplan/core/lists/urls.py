"""One URL scheme for every managed list.

``/lists/<kind>/…`` is a global list and ``/lists/<kind>/<programme>/…`` a programme's;
each action has one name for both, and ``reverse`` picks the pattern by the arguments
given. The kinds are matched against the registry, global and programme kinds apart, so an
unknown kind is a 404 before any view runs and a programme called "new" is no action.
"""

from __future__ import annotations

import re

from django.urls import path, register_converter

from helhedsplan.core.lists import views
from helhedsplan.core.lists.registry import ManagedList, Scope, get, managed_lists


class _KindConverter:
    scope: Scope

    def __init__(self) -> None:
        # Made when the URLs are first loaded, after every app has registered its lists.
        slugs = [re.escape(managed.slug) for managed in managed_lists(self.scope)]
        self.regex = "|".join(slugs) or "(?!)"

    def to_python(self, value: str) -> ManagedList:
        managed = get(value)
        if managed is None or managed.scope is not self.scope:
            raise ValueError(value)
        return managed

    def to_url(self, value: ManagedList | str) -> str:
        return value.slug if isinstance(value, ManagedList) else value


class GlobalKind(_KindConverter):
    scope = Scope.GLOBAL


class ProgrammeKind(_KindConverter):
    scope = Scope.PROGRAMME


register_converter(GlobalKind, "global_list")
register_converter(ProgrammeKind, "programme_list")


def _actions(prefix: str) -> list:
    return [
        path(f"{prefix}/", views.entry_list, name="list"),
        path(f"{prefix}/new/", views.entry_create, name="create"),
        path(f"{prefix}/<int:entry_id>/rename/", views.entry_rename, name="rename"),
        path(f"{prefix}/<int:entry_id>/retire/", views.entry_retire, name="retire"),
        path(f"{prefix}/<int:entry_id>/restore/", views.entry_restore, name="restore"),
        path(f"{prefix}/<int:entry_id>/move/", views.entry_move, name="move"),
    ]


app_name = "lists"
urlpatterns = [
    path("", views.index, name="index"),
    *_actions("<global_list:kind>"),
    *_actions("<programme_list:kind>/<slug:slug>"),
]
