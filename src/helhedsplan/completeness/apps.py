import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompletenessConfig(AppConfig):
    name = "helhedsplan.completeness"
    verbose_name = _("Mangler")

    def ready(self) -> None:
        from helhedsplan.completeness import tasks
        from helhedsplan.core import schedule

        schedule.register(
            name="completeness.send_digests",
            task=tasks.send_digests,
            every=datetime.timedelta(weeks=1),
            offset=tasks.DIGEST_OFFSET,
        )
