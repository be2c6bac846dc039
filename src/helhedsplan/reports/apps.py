from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "helhedsplan.reports"
    verbose_name = _("Statusrapporter")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from helhedsplan.indicators.models import PeriodLock
        from helhedsplan.reports import signals

        # Frozen at the close itself, in the closing transaction: computing them on the
        # first read after it would take in whatever changed in between.
        post_save.connect(signals.lock_saved, sender=PeriodLock, dispatch_uid="reports_freeze")
