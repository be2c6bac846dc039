from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.completeness import access
from helhedsplan.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    programmes = list(access.viewed_programmes(request.user).order_by("name")[:1])
    if not programmes:
        return []
    url = reverse("completeness:cockpit", kwargs={"slug": programmes[0].slug})
    return [NavItem(label=_("Mangler"), url=url, order=42)]
