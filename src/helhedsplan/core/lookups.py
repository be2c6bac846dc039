"""Looking an object up together with its access check: the one way views do it.

An unknown object is a 404, a known one the rule keeps the user out of a 403, so that a
page never tells a stranger more than that it does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def get_with_access(
    queryset: type[M] | QuerySet[M], allowed: Callable[[M], bool], **lookup: Any
) -> M:
    """The object ``lookup`` names in ``queryset``, if ``allowed(object)`` holds."""
    found = get_object_or_404(queryset, **lookup)
    if not allowed(found):
        raise PermissionDenied
    return found
