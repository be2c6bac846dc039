"""What the resident panels offer the indicators (``helhedsplan.core.indicator_sources``).

P1 counts the panels' meetings: the source ``panel.meeting`` (the key the criteria catalogue
names, ``indicators/demo.py``), a flow of meetings placed in a period by the day they were
held and in an estate by where they were held; a joint panel's meeting counts in the estate
it met in. Meetings name no one; their pages are for those who keep the panel.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.panels.models import Meeting

SOURCE_KEY = "panel.meeting"


def register() -> None:
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Møder i beboerpanelet"),
            model=Meeting,
            date_field="held_on",
            estate_field="estate",
            programme_field="programme",
            row_url=lambda meeting: meeting.get_absolute_url(),
        )
    )
