"""What the counselling offers the indicators (``helhedsplan.core.indicator_sources``).

H1 and H2 count inquiries: the source ``counselling.inquiry``, with the filters
``categorised`` (a topic was registered), ``channel``, ``topic`` and ``bridged_to`` (by
name). A weekly target is followed over the weeks the counselling was open, by the same
rule as the counselling's own pages. Inquiries are anonymous: the indicators show them as
counts, and link to the inquiry list only for the people who may open it.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import indicator_sources as sources
from helhedsplan.counselling import access, queries
from helhedsplan.counselling.models import Channel, Inquiry
from helhedsplan.programmes.models import Estate, Programme

SOURCE_KEY = "counselling.inquiry"


def _inquiry_list_url(
    programme: Programme, estate: Estate | None, first: datetime.date, last: datetime.date
) -> str:
    query = f"date_from={first:%Y-%m-%d}&date_to={last:%Y-%m-%d}"
    query += f"&estate={estate.pk}" if estate else "&estate="
    return reverse("counselling:inquiry_list", kwargs={"slug": programme.slug}) + "?" + query


def register() -> None:
    topics, bridged_to = Inquiry.topics.through, Inquiry.bridged_to.through
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Henvendelser i hverdagsrådgivningen"),
            model=Inquiry,
            date_field="occurred_at",
            estate_field="estate",
            filters={
                "categorised": sources.Filter(
                    _("med emne registreret"),
                    lambda value: sources.has_any_related(topics, "inquiry", value),
                ),
                "channel": sources.Filter(
                    _("kanal"), lambda value: Q(channel=value), sources.choice_words(Channel)
                ),
                "topic": sources.Filter(
                    _("emne"), lambda value: sources.has_related(topics, "inquiry", "topic", value)
                ),
                "bridged_to": sources.Filter(
                    _("brobygget til"),
                    lambda value: sources.has_related(bridged_to, "inquiry", "referral", value),
                ),
            },
            eligible_weeks=queries.open_weeks_by_estate,
            anonymous=True,
            list_url=_inquiry_list_url,
            may_list=access.may_register,
        )
    )
