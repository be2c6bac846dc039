"""The demo programme: Helsingør Syd with its two estates, as the seed agreement names them.

The seed agreement ran 2018-2021. So that the demo is alive on the day it runs, the programme
goes on with a follow-up agreement whose four-year period holds today: it starts on
1 January of the year before the demo first ran, so today falls in its second year, after a
finished first one. The programme's period is extended to cover it; once extended, the
period is read back from the programme, so a later run keeps the follow-up it made.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from helhedsplan.programmes import services
from helhedsplan.programmes.models import Programme

DEMO_PROGRAMME = "Helsingør Syd"
# The seed agreement's period, and the first day of the programme.
FIRST_PERIOD = (datetime.date(2018, 1, 1), datetime.date(2021, 12, 31))
FOLLOW_UP_YEARS = 4


def follow_up_period(programme: Programme | None = None) -> tuple[datetime.date, datetime.date]:
    """The follow-up agreement's first and last day: where the programme's period was extended
    to, or, before it was, the four years starting 1 January of last year."""
    if programme is not None and programme.period_end > FIRST_PERIOD[1]:
        last = programme.period_end
    else:
        last = datetime.date(timezone.localdate().year + FOLLOW_UP_YEARS - 2, 12, 31)
    return datetime.date(last.year - FOLLOW_UP_YEARS + 1, 1, 1), last


def load_demo_data() -> None:
    existing = Programme.objects.filter(name=DEMO_PROGRAMME).first()
    programme = services.programme_ensure(
        name=DEMO_PROGRAMME,
        housing_organisation="Boliggården",
        municipality="Helsingør Kommune",
        period_start=FIRST_PERIOD[0],
        period_end=follow_up_period(existing)[1],
    )
    services.estate_ensure(programme=programme, name="Nøjsomhed", tenancies=464)
    services.estate_ensure(programme=programme, name="Vapnagaard", tenancies=1741)
