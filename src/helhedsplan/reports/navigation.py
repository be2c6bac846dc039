from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.reports import access


def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_read_any(request.user):
        return []
    return [NavItem(label=_("Statusrapport"), url=reverse("reports:index"), order=26)]
