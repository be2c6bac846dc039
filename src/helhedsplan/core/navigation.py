"""The navigation bar, assembled from what each app offers the user at hand.

An app contributes by defining ``items(request) -> list[NavItem]`` in its ``navigation``
module; it decides there, through its access rules, what the user may reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import NotRequired, TypedDict

from django.apps import apps
from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    order: int = 50


class NavigationContext(TypedDict):
    nav_items: list[NavItem]
    nav_current: NotRequired[str | None]


def _navigation_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if config.name == __package__:
            continue  # this module is the registry, not a contribution
        module_name = f"{config.name}.navigation"
        if find_spec(module_name) is not None:
            yield import_module(module_name)


def navigation(request: HttpRequest) -> NavigationContext:
    """Template context processor: ``nav_items`` for the signed-in user."""
    # A request refused before the authentication middleware (an unknown Host header) has no
    # user; its error page is drawn all the same.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [item for module in _navigation_modules() for item in module.items(request)]
    current = request.path
    return {
        "nav_items": sorted(items, key=lambda item: item.order),
        "nav_current": max(
            (item.url for item in items if current.startswith(item.url)), key=len, default=None
        ),
    }
