from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompletenessConfig(AppConfig):
    name = "helhedsplan.completeness"
    verbose_name = _("Mangler")
