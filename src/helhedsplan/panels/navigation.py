from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.panels import access


def items(request: HttpRequest) -> list[NavItem]:
    panels = [NavItem(label=_("Beboerpaneler"), url=reverse("panels:index"), order=38)]
    return (panels if access.may_keep_anywhere(request.user) else []) + action_items(request)


# the actions, for their keepers and the partners (whose only item it is).
def action_items(request: HttpRequest) -> list[NavItem]:
    if not access.may_see_actions_anywhere(request.user):
        return []
    return [NavItem(label=_("Handlinger"), url=reverse("panels:action_index"), order=39)]
