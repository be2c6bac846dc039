"""The resident panels' site plans drawn with their pins, and the safety walks the
panel page includes (``panels/includes/walks.html``), read for the person looking, so that
the panel page's view need not know of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.db.models import QuerySet

from helhedsplan.panels import access, queries
from helhedsplan.panels.models import Concern, Panel, SitePlan, Walk

register = template.Library()

# A pin's radius as a share of the plan's longer side: about 14 pixels on a plan drawn 700
# pixels wide, whatever the image's own size.
PIN_SHARE = 1 / 50


@dataclass(frozen=True)
class DrawnPin:
    number: int
    concern: Concern
    x: float
    y: float


@register.inclusion_tag("panels/includes/site_plan.html")
def site_plan(
    plan: SitePlan, pins: list[Concern], *, link: bool = True, picker: bool = False
) -> dict[str, Any]:
    """The plan as an image with its pins over it, numbered in the order of ``pins``, and
    the same concerns as an ordered list beside it. ``picker``: the concern form's plan, on
    which a click places the pin (``static/panels/pins.js``)."""
    radius = max(plan.width, plan.height) * PIN_SHARE
    return {
        "plan": plan,
        "pins": [
            DrawnPin(
                number=number,
                concern=concern,
                x=(concern.pin_x or 0) * plan.width / 1000,
                y=(concern.pin_y or 0) * plan.height / 1000,
            )
            for number, concern in enumerate(pins, start=1)
        ],
        "radius": radius,
        "font_size": radius * 1.2,
        "stroke": radius / 5,
        "slug": plan.programme.slug,
        "link": link,
        "picker": picker,
    }


@register.simple_tag(takes_context=True)
def panel_walks(context: template.Context, panel: Panel) -> QuerySet[Walk]:
    """The panel's safety walks in the person's estates, newest first."""
    return queries.walk_list(access.kept_walks(context["request"].user, panel))
