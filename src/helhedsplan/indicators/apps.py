from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "helhedsplan.indicators"
    verbose_name = _("Indikatorer")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.indicators.models import (
            Indicator,
            IndicatorBaseline,
            IndicatorTarget,
            PeriodLock,
        )

        audit_registry.register(
            Indicator, scope=audit_registry.by_programme_field("agreement__programme")
        )
        audit_registry.register(
            PeriodLock, scope=audit_registry.by_programme_field("agreement__programme")
        )
        by_indicator = audit_registry.by_programme_field("indicator__agreement__programme")
        audit_registry.register(IndicatorTarget, scope=by_indicator)
        audit_registry.register(IndicatorBaseline, scope=by_indicator)
