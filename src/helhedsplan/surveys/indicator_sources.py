"""What the surveys offer the indicators (``helhedsplan.core.indicator_sources``).

H4 and F3 are the share of answers agreeing to the questions linked to them: the source
``surveys.answer`` counts answers (a flow, placed in a period by the day the response counts
on and in the estate of its wave), with the filters ``indicator`` (the criterion's code a
question is linked to), ``agrees`` (4 or 5 on the scale, or yes) and ``questionnaire`` (its
short name). An indicator divides the answers agreeing by all the answers to the same
questions. Answers are anonymous: the indicators show them as counts only, never one by one,
and a free-text answer is never counted (only a scale or yes/no question has an indicator).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.surveys.models import Answer

SOURCE_KEY = "surveys.answer"


def register() -> None:
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Svar på spørgeskemaer"),
            model=Answer,
            date_field="answered_on",
            estate_field="estate",
            programme_field="programme",
            filters={
                "questionnaire": sources.Filter(
                    _("spørgeskema"), lambda value: Q(response__wave__questionnaire__slug=value)
                ),
                "indicator": sources.Filter(
                    _("spørgsmål knyttet til"), lambda value: Q(question__indicator=value)
                ),
                "agrees": sources.Filter(_("enig"), lambda value: Q(agrees=bool(value))),
            },
            anonymous=True,
        )
    )
