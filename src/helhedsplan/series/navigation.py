from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.series import access


def items(request: HttpRequest) -> list[NavItem]:
    return [
        NavItem(
            label=_("Statistik"),
            url=reverse("series:list", kwargs={"slug": programme.slug}),
            order=40,
        )
        for programme in access.readable_programmes(request.user)
    ]
