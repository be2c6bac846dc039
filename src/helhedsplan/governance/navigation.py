"""The governance's menu item."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.governance import access


def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_enter_anywhere(request.user):
        return []
    return [NavItem(label=_("Organisering"), url=reverse("governance:index"), order=41)]
