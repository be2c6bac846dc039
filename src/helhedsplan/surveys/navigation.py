"""The surveys' menu items."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.navigation import NavItem
from helhedsplan.surveys import access


# Helper SA: the questionnaires, for readers of a programme and those who collect answers.
def items(request: HttpRequest) -> list[NavItem]:
    if not access.may_see_surveys_anywhere(request.user):
        return []
    return [NavItem(label=_("Spørgeskemaer"), url=reverse("surveys:index"), order=36)]
