"""What the resident panels offer the indicators (``helhedsplan.core.indicator_sources``).

P1 and P2 count the panels' meetings: the source ``panel.meeting`` (the key the criteria
catalogue names, ``indicators/demo.py``), a flow of meetings placed in a period by the day they
were held and in an estate by where they were held; a joint panel's meeting counts in the
estate it met in. Meetings name no one; their pages are for those who keep the panel.

- ``status``: P1 counts the meetings held, not those only planned.
- ``evaluated``: P2, the yearly evaluation, is a milestone met in a year when the panels met
  and were evaluated: the meetings of a panel evaluated that year (by the evaluation's day),
  or of any year a joint panel of the programme was evaluated, which counts for every estate.
  Counted on the meetings rather than the evaluations, so that a year the panel met without
  an evaluation shows as not met; a year without meetings has no data.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.panels.models import Evaluation, Meeting, MeetingStatus

SOURCE_KEY = "panel.meeting"


def _evaluated(wanted: bool) -> Q:
    evaluations = Evaluation.objects.filter(
        Q(panel=OuterRef("panel")) | Q(panel__estate__isnull=True),
        programme=OuterRef("programme"),
        year=ExtractYear(OuterRef("held_on")),
    )
    found = Q(Exists(evaluations))
    return found if wanted else ~found


def register() -> None:
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Møder i beboerpanelet"),
            model=Meeting,
            date_field="held_on",
            estate_field="estate",
            programme_field="programme",
            filters={
                "status": sources.Filter(
                    _("status"),
                    lambda value: Q(status=value),
                    sources.choice_words(MeetingStatus),
                ),
                "evaluated": sources.Filter(_("panelet evalueret i året"), _evaluated),
            },
            row_url=lambda meeting: meeting.get_absolute_url(),
        )
    )
