"""The project's own menu items: one per programme the person may read."""

from __future__ import annotations

from django.http import HttpRequest

from helhedsplan.accounts import access
from helhedsplan.core.navigation import NavItem


def items(request: HttpRequest) -> list[NavItem]:
    return [
        NavItem(label=programme.name, url=programme.get_absolute_url(), order=10)
        for programme in access.visible_programmes(request.user)
        if access.may_view_programme(request.user, programme)
    ]
