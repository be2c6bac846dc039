"""Looking an object up together with its access check: the one way views do it.

An unknown object is a 404, a known one the rule keeps the user out of a 403, so that a
page never tells a stranger more than that it does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

M = TypeVar("M", bound=Model)


def get_with_access(
    queryset: type[M] | QuerySet[M], allowed: Callable[[M], bool], **lookup: Any
) -> M:
    """The object ``lookup`` names in ``queryset``, if ``allowed(object)`` holds."""
    found = get_object_or_404(queryset, **lookup)
    if not allowed(found):
        raise PermissionDenied
    return found


def one_programme_or_choice(
    request: HttpRequest,
    programmes: list[Any],
    *,
    page: Callable[[HttpRequest, Any], HttpResponse],
    heading: str,
    url_name: str,
) -> HttpResponse:
    """A menu's address: the ``page`` of the person's one programme, or with several, a
    choice of them, each to ``url_name`` with its slug (403 with none). The menu then needs
    no query of its own for the programmes."""
    if not programmes:
        raise PermissionDenied
    if len(programmes) == 1:
        return page(request, programmes[0])
    choices = [
        (programme.name, reverse(url_name, args=[programme.slug])) for programme in programmes
    ]
    return render(request, "choose_programme.html", {"heading": heading, "choices": choices})
