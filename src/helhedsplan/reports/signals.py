from __future__ import annotations

from helhedsplan.indicators.models import PeriodLock
from helhedsplan.reports import services


def lock_saved(sender: type, instance: PeriodLock, created: bool, **_kwargs: object) -> None:
    if created:
        services.figures_freeze(lock=instance)
