"""What the volunteer register offers the indicators (``helhedsplan.core.indicator_sources``).

F1 counts volunteers: the source ``volunteers.volunteer``, a stock (a volunteer is active from
their start up to and including their end), so a year's figure is the volunteers active on
31 December. Its filters: ``age`` ("15-30": aged 15 to 30 in the year counted, from the birth
year), ``kind`` and ``leads_others``. Volunteers are named people: the lineage lists them only
to those who keep the register for the estate in question; the board, the working groups and
the police see the count.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.core import indicator_sources as sources
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import Kind, Volunteer
from helhedsplan.volunteers.register import REGISTER

SOURCE_KEY = "volunteers.volunteer"


def _ages(value: object) -> tuple[int, int]:
    """ "15-30" as (15, 30); a single age as both ends."""
    first, _dash, last = str(value).partition("-")
    return int(first), int(last or first)


def _aged_in(value: object, day: datetime.date) -> Q:
    # Aged 15-30 in the year counted: born between that year minus 30 and minus 15.
    youngest, oldest = _ages(value)
    return Q(birth_year__gte=day.year - oldest) & Q(birth_year__lte=day.year - youngest)


def _age_words(value: object) -> str:
    youngest, oldest = _ages(value)
    return gettext("%(youngest)s-%(oldest)s år i det talte år (efter fødselsåret)") % {
        "youngest": youngest,
        "oldest": oldest,
    }


def _may_name(user: User, programme: Programme, estate: Estate | None) -> bool:
    """Those who keep the register for the estate (for all estates together: for every
    estate) see the counted volunteers by name."""
    action = REGISTER.keep_action
    if estate is None:
        return access.may(user, programme, action) and (
            access.estate_ids_where(user, programme, action) is None
        )
    return access.may_in_estates(user, programme, action, [estate.pk])


def register() -> None:
    sources.register(
        sources.Source(
            key=SOURCE_KEY,
            label=_("Frivillige, aktive på periodens sidste dag"),
            model=Volunteer,
            date_field="started_on",
            end_field="ended_on",
            estate_field="estate",
            programme_field="programme",
            filters={
                "age": sources.Filter(
                    _("alder"),
                    lambda value: _aged_in(value, timezone.localdate()),
                    _age_words,
                    on_day=_aged_in,
                ),
                "kind": sources.Filter(
                    _("slags frivilligt arbejde"),
                    lambda value: Q(kind=value),
                    sources.choice_words(Kind),
                ),
                "leads_others": sources.Filter(
                    _("leder andre frivillige"), lambda value: Q(leads_others=bool(value))
                ),
            },
            row_url=lambda volunteer: volunteer.get_absolute_url(),
            may_name=_may_name,
        )
    )
