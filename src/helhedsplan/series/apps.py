from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "helhedsplan.series"
    verbose_name = _("Statistik")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.series import indicator_sources
        from helhedsplan.series.models import Observation, Series

        audit_registry.register(Series, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(
            Observation, scope=audit_registry.by_programme_field("series__programme")
        )
        # The indicators read the statistics' values through the core.
        indicator_sources.register()
        _register_staged_import()


def _register_staged_import() -> None:
    """An upload waits as a staged import (core) between its preview and its confirmation."""
    from helhedsplan.core import staging
    from helhedsplan.series import staged_import

    staging.register(staged_import.IMPORTER)
