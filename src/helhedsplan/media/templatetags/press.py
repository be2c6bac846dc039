"""The press section of an event's page, which the events app includes without knowing it."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db.models import QuerySet

from helhedsplan.events.models import Event
from helhedsplan.media import access, queries
from helhedsplan.media.forms import MentionLinkForm
from helhedsplan.media.models import PressMention

register = template.Library()


@dataclass(frozen=True)
class EventPress:
    mentions: QuerySet[PressMention]
    may_change: bool
    link_form: MentionLinkForm | None


@register.simple_tag(takes_context=True)
def event_press(context: template.Context, event: Event) -> EventPress | None:
    """What the user may see of the event's press coverage and do with it, or None."""
    user = context["request"].user
    if not access.may_view_press(user, event.programme):
        return None
    may_change = access.may_change_press(user, event.programme)
    link_form = MentionLinkForm(event=event, prefix="press") if may_change else None
    if link_form is not None and not link_form.fields["mention"].queryset.exists():
        link_form = None
    return EventPress(queries.event_mentions(event=event), may_change, link_form)
