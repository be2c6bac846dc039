from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: managed lists, staged imports, the task runner, private files,
    the registries apps plug into (navigation, audit trail, indicator sources) and small
    helpers. Core imports no other app of the project."""

    name = "helhedsplan.core"
    verbose_name = _("Fælles")
