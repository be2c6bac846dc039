from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from helhedsplan.core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context: template.Context, name: str, **arguments: Any) -> SafeString:
    """What other apps contribute to the slot ``name`` of this page (see ``core.slots``)."""
    request = context["request"]
    return mark_safe(
        "".join(
            render_to_string(template_name, part_context, request=request)
            for template_name, part_context in slots.render_contexts(name, request, arguments)
        )
    )
