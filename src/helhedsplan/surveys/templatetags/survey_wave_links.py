"""The links of a wave's page that the respondents' pages need: the answer page's address to
copy, and for those who collect the wave's answers the poster and the tablet's address."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from helhedsplan.surveys import access
from helhedsplan.surveys.models import Wave

register = template.Library()


@register.simple_tag(takes_context=True)
def public_links(context: template.Context, wave: Wave) -> dict[str, Any]:
    request = context["request"]
    may_enter = access.may_enter(request.user, wave)
    return {
        "answer_url": request.build_absolute_uri(reverse("surveys:answer", args=[wave.link_key])),
        "may_enter": may_enter,
        "kiosk_url": reverse("surveys:kiosk", args=[wave.kiosk_key]) if may_enter else "",
        "poster_url": reverse(
            "surveys:wave_poster",
            kwargs={"slug": wave.questionnaire.programme.slug, "wave_id": wave.pk},
        ),
    }
