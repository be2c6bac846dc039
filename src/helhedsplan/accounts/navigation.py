from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts import access
from helhedsplan.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_manage_users_anywhere(request.user):
        return []
    return [NavItem(label=_("Brugere"), url=reverse("accounts:user_list"), order=80)]
