from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "helhedsplan.series"
    verbose_name = _("Statistik")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.series.models import Observation, Series

        audit_registry.register(Series, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(
            Observation, scope=audit_registry.by_programme_field("series__programme")
        )
