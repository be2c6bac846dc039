"""``{% export_links "events:export" %}``: a list's downloads, with the list's filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from helhedsplan.core.exports import Format

register = template.Library()


@register.inclusion_tag("core/export_links.html", takes_context=True)
def export_links(context: template.Context, url_name: str, **kwargs: Any) -> dict[str, Any]:
    """Links to the export ``url_name`` names in each format, carrying the page's query
    (its filters and search) but not its page number: a file holds the whole list."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return {
        "links": {fmt: reverse(url_name, kwargs={**kwargs, "fmt": fmt}) + suffix for fmt in Format}
    }
