from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "helhedsplan.series"
    verbose_name = _("Statistik")

    def ready(self) -> None:
        from helhedsplan.audit import registry
        from helhedsplan.series.models import Observation, Series

        registry.register(Series, scope=registry.by_programme_field("programme"))
        registry.register(Observation, scope=registry.by_programme_field("series__programme"))
