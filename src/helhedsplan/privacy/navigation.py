from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.privacy import access


def items(request: HttpRequest) -> list[NavItem]:
    """The review of the personal registers, for their secretariat heads."""
    if not access.may_review_anywhere(request.user):
        return []
    return [NavItem(label=_("Persondata"), url=reverse("privacy:index"), order=85)]
