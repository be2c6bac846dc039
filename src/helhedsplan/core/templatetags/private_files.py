from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def download_link(owner: Any) -> SafeString:
    """A link to the private file of ``owner`` (its ``get_absolute_url``), named as the owner
    is named; safe to use as a variable of ``{% blocktranslate %}``."""
    return format_html('<a href="{}" download>{}</a>', owner.get_absolute_url(), owner)
