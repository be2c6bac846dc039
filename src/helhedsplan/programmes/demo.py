"""The demo programme: Helsingør Syd with its two estates, as the seed agreement names them."""

from __future__ import annotations

import datetime

from helhedsplan.programmes import services

DEMO_PROGRAMME = "Helsingør Syd"


def load_demo_data() -> None:
    programme = services.programme_ensure(
        name=DEMO_PROGRAMME,
        housing_organisation="Boliggården",
        municipality="Helsingør Kommune",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    services.estate_ensure(programme=programme, name="Nøjsomhed", tenancies=464)
    services.estate_ensure(programme=programme, name="Vapnagaard", tenancies=1741)
