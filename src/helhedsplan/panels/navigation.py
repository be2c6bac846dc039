from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.panels import access


def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_keep_anywhere(request.user):
        return []
    return [NavItem(label=_("Beboerpaneler"), url=reverse("panels:index"), order=38)]
