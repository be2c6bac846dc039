"""``{% concern_actions concern as found %}``: a concern's actions for its page, which only
names the concern (``panels/includes/concern_actions.html``): those the person sees, with
whether they may add one."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db.models import QuerySet
from django.utils import timezone

from helhedsplan.panels import access, queries
from helhedsplan.panels.models import ActionItem, ActionStatus, Concern

register = template.Library()


@dataclass(frozen=True)
class ConcernActions:
    actions: QuerySet[ActionItem]
    may_add: bool


@register.simple_tag(takes_context=True)
def concern_actions(context: template.Context, concern: Concern) -> ConcernActions:
    user = context["request"].user
    visible = access.visible_actions(user, concern.programme).filter(concern=concern)
    return ConcernActions(
        actions=queries.action_list(visible, today=timezone.localdate()),
        may_add=access.may_add_action(user, concern),
    )


@register.filter
def action_status(value: str) -> str:
    """A status's label, for a status computed by a query (the carried agenda's
    ``status_then``) rather than read from the action's own field."""
    return str(ActionStatus(value).label)
