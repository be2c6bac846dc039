from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts import access as accounts_access
from helhedsplan.core.navigation import NavItem
from helhedsplan.counselling import access


def items(request: HttpRequest) -> list[NavItem]:
    """Staff go straight to the registration form; readers of the mapping to the mapping."""
    result = []
    for programme in accounts_access.visible_programmes(request.user):
        if access.may_register(request.user, programme):
            url = reverse("counselling:inquiry_create", kwargs={"slug": programme.slug})
        elif access.may_view_mapping(request.user, programme):
            url = reverse("counselling:mapping", kwargs={"slug": programme.slug})
        else:
            continue
        result.append(NavItem(label=_("Rådgivning"), url=url, order=20))
    return result
