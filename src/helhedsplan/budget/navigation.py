from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.budget import access
from helhedsplan.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_view_anywhere(request.user):
        return []
    return [NavItem(label=_("Budget"), url=reverse("budget:list"), order=75)]
