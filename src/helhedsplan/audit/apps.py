import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "helhedsplan.audit"
    verbose_name = _("Revisionsspor")

    def ready(self) -> None:
        from helhedsplan.audit import tasks
        from helhedsplan.core import schedule

        schedule.register(
            name="audit.purge_sign_ins",
            task=tasks.purge_sign_ins,
            every=datetime.timedelta(days=1),
        )
